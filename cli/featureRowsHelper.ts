// The CLI's second thread for the feature rows pass (featureRowChunks.ts), as the app's FeatureHelper
// is in the browser: chunks of sessions go to a worker thread and come back as rows.
import type { Worker } from 'node:worker_threads';
import { chunkTransferables, type ChunkRunner, type ChunkSettings } from '../src/core/features/featureRowChunks.ts';
import type { PlacedRows } from '../src/core/features/featureRows.ts';
import { spawnTsWorker } from './tsWorker.ts';

type Reply = { id: number; rows: PlacedRows } | { id: number; error: string };

export class FeatureRowsThread {
  private readonly worker: Worker = spawnTsWorker(new URL('./featureRowsThread.ts', import.meta.url));
  private readonly waiting = new Map<number, { resolve: (r: PlacedRows) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor() {
    this.worker.on('message', (reply: Reply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!w) return;
      if ('error' in reply) w.reject(new Error(reply.error));
      else w.resolve(reply.rows);
    });
    // A thread that dies fails what it had: those chunks are computed on the main thread instead.
    const failAll = (why: string) => {
      for (const w of this.waiting.values()) w.reject(new Error(why));
      this.waiting.clear();
    };
    this.worker.on('error', (e) => failAll(`the features thread failed: ${e.message}`));
    this.worker.on('exit', (code) => failAll(`the features thread exited (code ${code})`));
  }

  runner(settings: ChunkSettings): ChunkRunner {
    this.worker.postMessage({ settings });
    return (chunk) =>
      new Promise((resolve, reject) => {
        const id = this.nextId++;
        this.waiting.set(id, { resolve, reject });
        this.worker.postMessage({ id, chunk }, chunkTransferables(chunk));
      });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
