// One polite live region for the whole app (App.svelte renders it, visually hidden): long work says
// once, in a sentence, that it started and how it ended. Progress cards are not live regions: a
// 5M-row load changed its card 40 times a second and a training 5 times, which a screen reader
// queues into a backlog of stale numbers (an audit's count), while the end of a load or a training
// was not announced at all.

class Announcer {
  /** What the live region says now. */
  text = $state('');
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** The sentence asked for last (said, or about to be). */
  private latest = '';

  announce(sentence: string): void {
    this.latest = sentence;
    // The same sentence twice in a row would not be read again: clear first (rendered), then set.
    this.text = '';
    // The latest sentence wins: two in one tick (a failed training, then the walkthrough step it
    // ended) were otherwise both set, 0 ms apart, and which one a screen reader read was luck.
    clearTimeout(this.pending);
    this.pending = setTimeout(() => (this.text = sentence), 50);
  }

  /**
   * Says `sentence` only while the region still says `stale` (or is about to): it corrects a line that
   * has gone out of date ("Training …" after a cancel) without talking over newer news, such as the
   * "Loading …" of the load whose start cancelled a walkthrough step's training.
   */
  replace(stale: string, sentence: string): void {
    if (this.latest === stale) this.announce(sentence);
  }
}

export const announcer = new Announcer();
