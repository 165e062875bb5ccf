// A worker created on first use and re-created after terminate(): the last tier of cancel, for work
// that cannot stop between chunks (one long synchronous pass, an uninterruptible tfjs call).
import * as Comlink from 'comlink';

export class WorkerHandle<Api> {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<Api> | null = null;

  constructor(private readonly create: () => Worker) {}

  get api(): Comlink.Remote<Api> {
    if (this.remote === null) {
      this.worker = this.create();
      this.remote = Comlink.wrap<Api>(this.worker);
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
