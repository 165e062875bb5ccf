// One polite live region for the whole app (App.svelte renders it, visually hidden): long work says
// once, in a sentence, that it started and how it ended. Progress cards are not live regions: a
// 5M-row load changed its card 40 times a second and a training 5 times, which a screen reader
// queues into a backlog of stale numbers (an audit's count), while the end of a load or a training
// was not announced at all.

class Announcer {
  /** What the live region says now. */
  text = $state('');

  announce(sentence: string): void {
    // The same sentence twice in a row would not be read again: clear first (rendered), then set.
    this.text = '';
    setTimeout(() => (this.text = sentence), 50);
  }
}

export const announcer = new Announcer();
