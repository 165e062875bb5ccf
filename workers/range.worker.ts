// Range worker: parses one byte range of a File for the parallel ingest (see
// src/core/ingest/parallelIngest.ts) and returns it as transferables. Started by the ingest worker's
// RangePool, one per core; no tfjs, no UI.
import * as Comlink from 'comlink';
import { ingestRange, type RangeTask } from '../src/core/ingest/parallelIngest.ts';
import { ingestPartToData } from '../src/core/ingest/ingestTransfer.ts';
import { blobRangeSource, READ_CHUNK_BYTES } from './lib/byteSources.ts';
import { warmUpParser } from '../src/core/ingest/parserWarmUp.ts';

let cancelled = false;
let warmedUp: Promise<void> = Promise.resolve();
/** Set when a range is asked for: a warm-up still running stops at its next slice. */
let rangeWaiting = false;

const api = {
  /** Parses the records starting in [task.start, task.stopAt); `onProgress` gets bytes parsed and rows so far. */
  async ingestRange(blob: Blob, fileName: string, task: RangeTask, onProgress: (bytes: number, rows: number) => void) {
    cancelled = false;
    rangeWaiting = true;
    await warmedUp; // a warm-up in progress stops at its next slice
    const result = await ingestRange(blobRangeSource(blob), fileName, task, READ_CHUNK_BYTES, () => cancelled, (bytes, rows) => void onProgress(bytes, rows));
    const { data, transfer } = ingestPartToData(result);
    return Comlink.transfer(data, transfer);
  },
  /** Compiles the row loop on made-up rows (parserWarmUp.ts); a prepared pool asks for it, a load never waits for one it did not ask for. */
  async warmUp(): Promise<void> {
    warmedUp = warmUpParser(30_000, () => rangeWaiting).then(
      () => {},
      () => {},
    );
    await warmedUp;
  },
  cancel(): void {
    cancelled = true;
  },
};

export type RangeWorkerApi = typeof api;
Comlink.expose(api);
