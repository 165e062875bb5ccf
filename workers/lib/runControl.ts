// Cancel, tier one: a flag checked between chunks. Each run gets a number; cancel() marks the run in
// flight, and a new run never inherits an old cancel.

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export class RunControl {
  private current = 0;
  private cancelled = new Set<number>();

  /** Starts a run and returns its number. */
  begin(): number {
    this.cancelled.clear();
    return ++this.current;
  }

  isCurrent(run: number): boolean {
    return run === this.current;
  }

  cancel(): void {
    this.cancelled.add(this.current);
  }

  /** Throws CancelledError when this run was cancelled (or superseded by a newer one). */
  check(run: number): void {
    if (run !== this.current || this.cancelled.has(run)) throw new CancelledError();
  }
}

/** Lets queued messages (a cancel) in between two synchronous chunks of work. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
