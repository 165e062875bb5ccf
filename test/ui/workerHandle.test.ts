// WorkerHandle: a worker that reports an error (a script that failed to load, an exception that
// escaped) fails the calls in flight instead of leaving them waiting, and the next call gets a new
// worker. A stand-in Worker records what comlink posts and never answers.
import { describe, expect, it } from 'vitest';
import { WorkerHandle } from '../../src/ui/state/workerHandle.ts';

class SilentWorker extends EventTarget {
  terminated = false;
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

interface Api {
  load(name: string): Promise<string>;
}

function errorEvent(message: string): Event {
  return Object.assign(new Event('error'), { message });
}

describe('WorkerHandle', () => {
  it('rejects the calls in flight when its worker reports an error, then starts a new worker', async () => {
    const made: SilentWorker[] = [];
    const handle = new WorkerHandle<Api>(() => {
      const w = new SilentWorker();
      made.push(w);
      return w as unknown as Worker;
    });
    const call = handle.api.load('a.csv');
    let settled = false;
    void call.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false); // a silent worker: the call waits
    made[0].dispatchEvent(errorEvent('Failed to fetch a worker script'));
    await expect(call).rejects.toThrow('Failed to fetch a worker script');
    expect(made[0].terminated).toBe(true);
    expect(handle.started).toBe(false);
    void handle.api.load('b.csv');
    expect(made.length).toBe(2);
    // An error from the worker that was replaced changes nothing.
    made[0].dispatchEvent(errorEvent('late'));
    expect(handle.started).toBe(true);
  });
});
