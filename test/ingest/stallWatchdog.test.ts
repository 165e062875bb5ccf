import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RangeStalledError, retryOnStall, watchForStall } from '../../src/core/ingest/stallWatchdog.ts';

describe('stall watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const clock = () => Date.now();

  it('lets a run that keeps reporting progress finish, however long it takes', async () => {
    const run = (alive: () => void) =>
      new Promise<string>((done) => {
        let ticks = 0;
        const t = setInterval(() => {
          alive();
          if (++ticks === 20) {
            clearInterval(t);
            done('finished');
          }
        }, 900); // 18 s in all, never 1 s quiet
      });
    const result = watchForStall(run, 1000, clock);
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(result).resolves.toBe('finished');
  });

  it('rejects a run that goes quiet for the stall time, with how long it was quiet', async () => {
    const run = (alive: () => void) => {
      alive();
      return new Promise<never>(() => {}); // never settles, like a worker that died silently
    };
    const result = watchForStall(run, 4000, clock);
    const caught = result.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(3000);
    await vi.advanceTimersByTimeAsync(2000);
    const err = await caught;
    expect(err).toBeInstanceOf(RangeStalledError);
    expect((err as RangeStalledError).quietMs).toBeGreaterThanOrEqual(4000);
    expect((err as RangeStalledError).quietMs).toBeLessThan(6000);
  });

  it('does not count time the page spent suspended (its own timer far late) against the run', async () => {
    let offset = 0;
    const clock = () => Date.now() + offset;
    let aliveAt: (() => void) | null = null;
    const run = (alive: () => void) => {
      aliveAt = alive;
      return new Promise<string>(() => {});
    };
    const result = watchForStall(run, 4000, clock).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    offset += 10 * 60_000; // ten minutes asleep between two ticks
    await vi.advanceTimersByTimeAsync(1000);
    aliveAt!(); // the worker resumes and reports
    await vi.advanceTimersByTimeAsync(3000);
    let settled = false;
    void result.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    // Quiet for real afterwards: a stall again.
    await vi.advanceTimersByTimeAsync(5000);
    expect(await result).toBeInstanceOf(RangeStalledError);
  });

  it('runs a stalled attempt again and returns the retry’s result', async () => {
    let attempts = 0;
    const stalls: number[] = [];
    const run = () => (++attempts === 1 ? new Promise<never>(() => {}) : Promise.resolve(`attempt ${attempts}`));
    const result = retryOnStall(run, 1000, 1, (_e, attempt) => stalls.push(attempt), clock);
    await vi.advanceTimersByTimeAsync(2000);
    await expect(result).resolves.toBe('attempt 2');
    expect(stalls).toEqual([0]);
  });

  it('gives up after the retries with the stall, and passes other errors through at once', async () => {
    let attempts = 0;
    const hang = retryOnStall(() => (attempts++, new Promise<never>(() => {})), 1000, 2, () => {}, clock).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await hang).toBeInstanceOf(RangeStalledError);
    expect(attempts).toBe(3);

    let calls = 0;
    const failing = retryOnStall(() => (calls++, Promise.reject(new RangeError('out of memory'))), 1000, 2, () => {}, clock);
    await expect(failing).rejects.toThrow('out of memory');
    expect(calls).toBe(1);
  });
});

describe('a stalled read as the user sees it', () => {
  it('is a read failure that keeps the watchdog’s words and names the load', async () => {
    const { toWorkerError } = await import('../../workers/lib/workerOutcome.ts');
    const err = new RangeStalledError(31_000);
    err.message += ', 3 times in a row, reading from byte 1000';
    expect(toWorkerError(err, 'Loading month.csv')).toEqual({
      code: 'read_failed',
      message: 'Loading month.csv: a parsing worker reported no progress for 31 s, 3 times in a row, reading from byte 1000',
    });
    expect(new RangeStalledError(2500).message).toBe('a parsing worker reported no progress for 2.5 s');
  });
});
