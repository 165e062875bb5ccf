// Range worker: parses one byte range of a File for the parallel ingest (see
// src/core/ingest/parallelIngest.ts) and returns it as transferables. Started by the ingest worker's
// RangePool, one per core; no tfjs, no UI.
import * as Comlink from 'comlink';
import { ingestRange, type ByteSource, type RangeTask } from '../src/core/ingest/parallelIngest.ts';
import { ingestResultToData } from '../src/core/ingest/ingestTransfer.ts';
import { READ_CHUNK_BYTES } from './lib/byteSources.ts';

function blobByteSource(blob: Blob): ByteSource {
  return { size: blob.size, read: async (start, end) => new Uint8Array(await blob.slice(start, Math.min(end, blob.size)).arrayBuffer()) };
}

let cancelled = false;

const api = {
  /** Parses the records starting in [task.start, task.stopAt); `onProgress` gets bytes parsed and rows so far. */
  async ingestRange(blob: Blob, fileName: string, task: RangeTask, onProgress: (bytes: number, rows: number) => void) {
    cancelled = false;
    const result = await ingestRange(blobByteSource(blob), fileName, task, READ_CHUNK_BYTES, () => cancelled, (bytes, rows) => void onProgress(bytes, rows));
    const { data, transfer } = ingestResultToData(result);
    return Comlink.transfer(data, transfer);
  },
  cancel(): void {
    cancelled = true;
  },
};

export type RangeWorkerApi = typeof api;
Comlink.expose(api);
