// A second worker for the feature rows pass of a large load or re-cut (featureRowChunks.ts): a range
// worker (it has the code), started when the pass is near and ended after it. On two cores it takes
// chunks of sessions from the end while the ingest worker takes them from the start.
import * as Comlink from 'comlink';
import type { RangeWorkerApi } from '../range.worker.ts';
import { chunkTransferables, type ChunkRunner, type ChunkSettings } from '../../src/core/features/featureRowChunks.ts';
import { failureSignal } from './rangePool.ts';

/**
 * A chunk (2^18 events) takes 20–60 ms; one not answered in this long is taken for lost (a worker
 * that hung, like the quiet range workers of rangePool.ts) and computed by the ingest worker instead.
 */
const CHUNK_TIMEOUT_MS = 20_000;

export class FeatureHelper {
  private readonly worker: Worker;
  private readonly api: Comlink.Remote<RangeWorkerApi>;
  /** Rejects when the worker dies (a script error, out of memory): comlink alone would wait forever. */
  private readonly crashed = failureSignal();

  constructor() {
    this.worker = new Worker(new URL('../range.worker.ts', import.meta.url), { type: 'module', name: 'features-helper' });
    this.worker.addEventListener('error', (e) => this.crashed.fail(new Error(`the features helper stopped: ${e.message || 'it crashed'}`)));
    this.api = Comlink.wrap<RangeWorkerApi>(this.worker);
  }

  /** A runner for chunks under `settings`; every chunk it cannot answer rejects (the caller computes it). */
  runner(settings: ChunkSettings): ChunkRunner {
    const ready = this.api.setChunkSettings(settings);
    return async (chunk) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the features helper did not answer')), CHUNK_TIMEOUT_MS)));
      try {
        return await Promise.race([this.crashed.signal, late, ready.then(() => this.api.featureRows(Comlink.transfer(chunk, chunkTransferables(chunk))))]);
      } finally {
        clearTimeout(timer);
      }
    };
  }

  terminate(): void {
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}
