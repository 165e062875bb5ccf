// Latest wins, for sliders: requests are numbered, one is in flight at a time, and only the newest
// value is asked next; a result for a value the user has already left is dropped.
export class LatestWins<In, Out> {
  value = $state.raw<In>() as In;
  result = $state.raw<Out | null>(null);
  private inFlight = false;
  private requested = 0;
  private answered = 0;

  constructor(
    initial: In,
    private readonly ask: (v: In) => Promise<Out | null>,
  ) {
    this.value = initial;
  }

  set(v: In): void {
    this.value = v;
    this.requested++;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      while (this.answered < this.requested) {
        const ticket = this.requested;
        const v = this.value;
        const out = await this.ask(v);
        this.answered = ticket;
        // Keep it only if no newer value was asked for meanwhile.
        if (ticket === this.requested) this.result = out;
      }
    } finally {
      this.inFlight = false;
    }
  }
}
