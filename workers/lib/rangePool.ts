// A pool of range workers for parallel parsing of one large File: one per core by default
// (navigator.hardwareConcurrency), each parsing a byte range; the merge runs here, in the ingest
// worker, so the page never blocks. Cancel terminates the pool (tier three: a range worker deep in a
// chunk stops at once) and a fresh pool is made for the next load.
import * as Comlink from 'comlink';
import type { IngestPart, IngestResult } from '../../src/core/ingest/csvIngestor.ts';
import type { ParsedEventsData } from '../../src/core/sessions/eventColumns.ts';
import { ingestInParallel, type RangeTask } from '../../src/core/ingest/parallelIngest.ts';
import { ingestResultFromData, type IngestResultData } from '../../src/core/ingest/ingestTransfer.ts';
import type { RangeWorkerApi } from '../range.worker.ts';
import { blobRangeSource } from './byteSources.ts';
import { yieldToEvents } from './runControl.ts';
import { RangeStalledError, retryOnStall } from '../../src/core/ingest/stallWatchdog.ts';

/**
 * A range reports progress every 8 MiB parsed (several times a second); one silent this long is taken
 * for dead (stallWatchdog.ts). Generous: a major collection or a column resize pauses it for ~1 s. In
 * 4 of 10 month loads in headless Chromium (bench/browserIngest.ts) one range worker went quiet 20–30 s
 * in, with no error event, and the re-read range then finished the load: it was the last range waiting
 * on a final read of the File's stream that never settled (now never made: streamBlob in
 * byteSources.ts). The watchdog stays for what else may hang a worker.
 */
const RANGE_STALL_MS = 15_000;
/** Fresh workers a range may be given after a stall before the load fails. */
const RANGE_RETRIES = 2;

/**
 * Below this one reader is as fast as range workers. With the workers prepared ahead (SparePool), a
 * 40 MB file (300k rows) loads in 0.71 s in two ranges against 0.95 s in one (medians of five
 * alternating runs), so the bar went from 64 to 32 MiB, as in the CLI.
 */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

export function defaultWorkerCount(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 2;
  return Math.max(1, Math.min(8, n || 2));
}

export class RangePool {
  private workers: Worker[] = [];
  private apis: Comlink.Remote<RangeWorkerApi>[] = [];
  /** Rejects when a range worker dies (a script error): comlink alone would wait forever. */
  private readonly crashed = failureSignal();
  /** True once a worker has died (a spare that died while idle is not handed to a load). */
  dead = false;
  /**
   * Rejects when the pool is terminated: comlink leaves the calls in flight unsettled, and their stall
   * watchdogs would otherwise go on and start new workers to read ranges nobody waits for.
   */
  private readonly ended = failureSignal();
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.startWorker(i);
  }

  /** Starts (or restarts, ending the old one) the worker in slot i. */
  private startWorker(i: number): void {
    const restart = this.workers[i] !== undefined;
    if (restart) this.stopWorker(i);
    const w = new Worker(new URL('../range.worker.ts', import.meta.url), { type: 'module', name: restart ? `range-${i}-again` : `range-${i}` });
    // A worker that runs out of memory is ended by the browser, with no message: say what that likely means.
    w.addEventListener('error', (e) => {
      if (this.workers[i] !== w) return; // a replaced worker's last words
      this.dead = true;
      this.crashed.fail(new Error(`a parsing worker (range ${i}) stopped: ${e.message || 'it crashed, most likely out of memory'}. If the file is very large, close other tabs or use the command line (npm run cli -- features FILE), which is not bound by a tab's memory`));
    });
    this.workers[i] = w;
    this.apis[i] = Comlink.wrap<RangeWorkerApi>(w);
  }

  /** Parses `blob` in parallel; `onProgress` gets bytes parsed and rows, summed over ranges. */
  /**
   * `pause`: awaited between the merge's steps (default: a yield to the event loop); it may throw to
   * stop the merge (a cancel), which otherwise would run on, holding the parts, after the load ended.
   */
  async ingest(blob: Blob, fileName: string, onProgress: (bytes: number, rows: number) => void, beforeMerge?: () => void, pause: () => Promise<void> = yieldToEvents): Promise<IngestResult> {
    const source = blobRangeSource(blob);
    const byRange = new Map<number, [number, number]>();
    let next = 0;
    const runRange = async (task: RangeTask): Promise<IngestPart> => {
      const slot = next++ % this.size;
      let attempts = 0;
      const attempt = async (alive: () => void): Promise<IngestResultData<ParsedEventsData>> => {
        const mine = ++attempts;
        return (await Promise.race([
          this.crashed.signal,
          this.ended.signal,
          this.apis[slot].ingestRange(
            blob,
            fileName,
            task,
            Comlink.proxy((bytes: number, rows: number) => {
              if (mine !== attempts) return; // a replaced worker's last reports, still queued
              alive();
              byRange.set(task.index, [bytes, rows]);
              let totalBytes = 0;
              let totalRows = 0;
              for (const [b, r] of byRange.values()) {
                totalBytes += b;
                totalRows += r;
              }
              onProgress(Math.min(totalBytes, blob.size), totalRows);
            }),
          ),
        ])) as IngestResultData<ParsedEventsData>;
      };
      // A worker that went quiet is replaced and its range read again from the start (stallWatchdog.ts).
      const data = await retryOnStall(attempt, RANGE_STALL_MS, RANGE_RETRIES, (err) => {
        if (this.closed) throw err; // terminated meanwhile (a cancel, or another range failed)
        console.warn(`${fileName}: range ${task.index} (bytes ${task.start}…) ${err.message}; reading it again in a new worker`);
        byRange.delete(task.index);
        this.startWorker(slot);
      }).catch((err: unknown) => {
        if (err instanceof RangeStalledError) err.message = `${err.message}, ${RANGE_RETRIES + 1} times in a row, reading from byte ${task.start}. Try again; if it happens again, use the command line (npm run cli -- features FILE)`;
        throw err;
      });
      return ingestResultFromData(data);
    };
    // The merge pauses between columns: the garbage collector gets to free each part's copy.
    return ingestInParallel(source, fileName, this.size, runRange, undefined, beforeMerge, pause);
  }

  /** Has every worker compile its row loop on made-up rows now (see parserWarmUp.ts); a range asked for meanwhile waits for it. */
  warmUp(): void {
    for (const api of this.apis) void api.warmUp().catch(() => {});
  }

  terminate(): void {
    this.closed = true;
    this.ended.fail(new Error('the range workers were stopped'));
    for (let i = 0; i < this.workers.length; i++) this.stopWorker(i);
    this.workers = [];
    this.apis = [];
  }

  private stopWorker(i: number): void {
    this.apis[i][Comlink.releaseProxy]();
    this.workers[i].terminate();
  }
}

/** A promise that only ever rejects, when `fail` is called; observed by racing it (no unhandled rejection while nobody does). */
function failureSignal(): { signal: Promise<never>; fail: (err: Error) => void } {
  let fail: (err: Error) => void = () => {};
  const signal = new Promise<never>((_, reject) => (fail = reject));
  signal.catch(() => {});
  return { signal, fail };
}

/**
 * A pool started before a load needs it, its workers warmed up: a range worker's start-up (loading and
 * compiling its module) took 80–220 ms of a 1M-row load's 1.5 s, the second worker starting later than
 * the first. The page has the ingest worker prepare one when it starts, and again after each load; a
 * load takes it when the sizes match and none of its workers died meanwhile.
 */
export class SparePool {
  private pool: RangePool | null = null;

  prepare(size: number): void {
    if (this.pool && this.pool.size === size && !this.pool.dead) return;
    this.pool?.terminate();
    this.pool = new RangePool(size);
    this.pool.warmUp();
  }

  /** The prepared pool when it fits, else a new one (not warmed up: that would delay this load). */
  take(size: number): RangePool {
    const ready = this.pool && this.pool.size === size && !this.pool.dead ? this.pool : null;
    if (!ready) this.pool?.terminate();
    this.pool = null;
    return ready ?? new RangePool(size);
  }

  /** Ends the prepared workers, if any. */
  clear(): void {
    this.pool?.terminate();
    this.pool = null;
  }
}
