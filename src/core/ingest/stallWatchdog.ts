// A range worker that stops without a word: on one of the month's loads in headless Chromium a range
// worker went quiet halfway through its range (its heap left the tab, no error event, the other range
// finished) and the load waited forever for it. The pool cannot tell a dead worker from a slow one
// except by time, so each range must report progress (it does every 8 MiB parsed, several times a
// second) and one that has not for `stallMs` is given up and read again by a fresh worker.

/** A range that reported no progress for the watchdog's whole interval. */
export class RangeStalledError extends Error {
  constructor(readonly quietMs: number) {
    const sec = quietMs / 1000;
    super(`a parsing worker reported no progress for ${sec < 10 ? sec.toFixed(1) : Math.round(sec)} s`);
    this.name = 'RangeStalledError';
  }
}

/**
 * Runs `run(alive)`, where the run calls `alive()` on every sign of progress, and rejects with
 * RangeStalledError when `stallMs` pass without one (checked every stallMs / 4; time the watchdog
 * itself was suspended does not count). The run itself is not stopped: the caller ends whatever it
 * was waiting on (terminates the worker).
 */
export function watchForStall<T>(run: (alive: () => void) => Promise<T>, stallMs: number, now: () => number = () => performance.now()): Promise<T> {
  let last = now();
  const alive = () => {
    last = now();
  };
  const tick = Math.max(1, stallMs / 4);
  let lastTick = last;
  let timer: ReturnType<typeof setInterval> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const t = now();
      // Our own tick came far too late: the whole page was suspended (a laptop asleep, a frozen
      // tab), the worker with it. Its silence is not its fault: start counting again.
      if (t - lastTick > 2 * tick + 1000) last = t;
      lastTick = t;
      const quiet = t - last;
      if (quiet >= stallMs) reject(new RangeStalledError(quiet));
    }, tick);
  });
  return Promise.race([run(alive), stalled]).finally(() => clearInterval(timer));
}

/**
 * watchForStall with retries: a stalled attempt is reported to `onStall` (which replaces the worker)
 * and run again from scratch, up to `retries` times; then the last RangeStalledError is thrown. Any
 * other error is thrown at once.
 */
export async function retryOnStall<T>(run: (alive: () => void) => Promise<T>, stallMs: number, retries: number, onStall: (err: RangeStalledError, attempt: number) => void, now?: () => number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await watchForStall(run, stallMs, now);
    } catch (err) {
      if (!(err instanceof RangeStalledError) || attempt >= retries) throw err;
      onStall(err, attempt);
    }
  }
}
