// SparePool: range workers prepared ahead of a load, warmed up, and handed over only when they fit and
// are alive. A stand-in Worker records what comlink posts to it (node has no Worker global).
import { beforeEach, describe, expect, it, vi } from 'vitest';

class FakeWorker extends EventTarget {
  static all: FakeWorker[] = [];
  terminated = false;
  readonly posted: unknown[] = [];
  constructor() {
    super();
    FakeWorker.all.push(this);
  }
  postMessage(msg: unknown): void {
    this.posted.push(msg); // never answers: enough to see what was asked
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Whether comlink asked this worker to call `method`. */
  asked(method: string): boolean {
    return this.posted.some((m) => JSON.stringify((m as { path?: unknown }).path) === JSON.stringify([method]));
  }
}
vi.stubGlobal('Worker', FakeWorker);
const { SparePool } = await import('../../workers/lib/rangePool.ts');

describe('SparePool', () => {
  beforeEach(() => {
    FakeWorker.all = [];
  });

  it('prepares warmed-up workers once, and a load of the same size takes them', () => {
    const spare = new SparePool();
    spare.prepare(2);
    spare.prepare(2); // already there: nothing new
    expect(FakeWorker.all).toHaveLength(2);
    expect(FakeWorker.all.every((w) => w.asked('warmUp'))).toBe(true);
    const pool = spare.take(2);
    expect(pool.size).toBe(2);
    expect(FakeWorker.all).toHaveLength(2);
    // Taken: the next take starts new workers, which are not warmed up (that would hold the load back).
    spare.take(2);
    expect(FakeWorker.all).toHaveLength(4);
    expect(FakeWorker.all.slice(2).some((w) => w.asked('warmUp'))).toBe(false);
  });

  it('a load of another size gets new workers and the spare ones end', () => {
    const spare = new SparePool();
    spare.prepare(2);
    const pool = spare.take(3);
    expect(pool.size).toBe(3);
    expect(FakeWorker.all.slice(0, 2).every((w) => w.terminated)).toBe(true);
    expect(FakeWorker.all).toHaveLength(5);
  });

  it('a spare worker that died while idle is replaced, not handed to a load', () => {
    const spare = new SparePool();
    spare.prepare(2);
    FakeWorker.all[0].dispatchEvent(Object.assign(new Event('error'), { message: '' }));
    spare.prepare(2);
    expect(FakeWorker.all).toHaveLength(4);
    expect(FakeWorker.all.slice(0, 2).every((w) => w.terminated)).toBe(true);
    FakeWorker.all[2].dispatchEvent(Object.assign(new Event('error'), { message: '' }));
    const pool = spare.take(2);
    expect(pool.dead).toBe(false);
    expect(FakeWorker.all).toHaveLength(6);
  });

  it('clear ends the spare workers', () => {
    const spare = new SparePool();
    spare.prepare(2);
    spare.clear();
    expect(FakeWorker.all.every((w) => w.terminated)).toBe(true);
  });
});
