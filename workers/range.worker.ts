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
  /** Parses the records starting in [task.start, task.stopAt); `onBytes` gets bytes read so far. */
  async ingestRange(blob: Blob, fileName: string, task: RangeTask, onBytes: (bytes: number) => void) {
    cancelled = false;
    const source = blobByteSource(blob);
    let read = 0;
    const counted: ByteSource = {
      size: source.size,
      read: async (start, end) => {
        const bytes = await source.read(start, end);
        read += bytes.length;
        void onBytes(read);
        return bytes;
      },
    };
    const result = await ingestRange(counted, fileName, task, READ_CHUNK_BYTES, () => cancelled);
    const { data, transfer } = ingestResultToData(result);
    return Comlink.transfer(data, transfer);
  },
  cancel(): void {
    cancelled = true;
  },
};

export type RangeWorkerApi = typeof api;
Comlink.expose(api);
