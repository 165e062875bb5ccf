// A worker created on first use and re-created after terminate(): the last tier of cancel, for work
// that cannot stop between chunks (one long synchronous pass, an uninterruptible tfjs call).
// A worker that reports an error of its own (its script failed to load, or an exception escaped
// every handler) is taken for broken: the calls in flight reject instead of waiting forever (an
// audit saw a load's progress stay at "0 B" for good after its worker ended), and the next call
// starts a new worker.
import * as Comlink from 'comlink';

export class WorkerHandle<Api> {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<Api> | null = null;

  constructor(private readonly create: () => Worker) {}

  get api(): Comlink.Remote<Api> {
    if (this.remote === null) {
      const worker = this.create();
      let fail: (err: Error) => void = () => {};
      const broken = new Promise<never>((_, reject) => (fail = reject));
      broken.catch(() => {}); // observed only by the calls that race it
      worker.addEventListener('error', (e) => {
        if (this.worker !== worker) return;
        fail(new Error(e.message || 'the worker stopped with an error'));
        this.terminate();
      });
      this.worker = worker;
      this.remote = rejectingWhen(Comlink.wrap<Api>(worker), broken);
    }
    return this.remote;
  }

  get started(): boolean {
    return this.worker !== null;
  }

  /** Stops the worker now; calls in flight never settle, so callers drop them by run number. */
  terminate(): void {
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }
}

/** `remote` whose method calls also reject when `broken` does. */
function rejectingWhen<Api>(remote: Comlink.Remote<Api>, broken: Promise<never>): Comlink.Remote<Api> {
  return new Proxy(remote as object, {
    get(target, prop) {
      const member = Reflect.get(target, prop) as unknown;
      if (typeof prop === 'symbol' || typeof member !== 'function') return member;
      return (...args: unknown[]) => Promise.race([(member as (...a: unknown[]) => Promise<unknown>)(...args), broken]);
    },
  }) as Comlink.Remote<Api>;
}
