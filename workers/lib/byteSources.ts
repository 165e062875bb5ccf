// Where CSV bytes come from: a user's File/Blob, read in bounded slices (BROWSER-LIMITS.md: one
// string tops out at ~512 MB and a 2.5 GiB arrayBuffer() throws), or the demo generator, whose text
// chunks are encoded one at a time. Either way the ingestor only ever sees Uint8Array chunks.
import { generateCsvChunks } from '../../src/core/generate/generateCsv.ts';
import type { ByteSource as RangeSource } from '../../src/core/ingest/parallelIngest.ts';
import { readChunksAhead } from '../../src/core/ingest/readAhead.ts';

/** 8 MiB: large enough that per-chunk overhead vanishes, small enough to cancel within ~30 ms. */
export const READ_CHUNK_BYTES = 8 * 1024 * 1024;

export interface ByteSource {
  readonly name: string;
  /** Total bytes when known in advance (a file), else null (generated data). */
  readonly totalBytes: number | null;
  /** Total rows when known in advance (generated data), else null. */
  readonly totalRows: number | null;
  /** The file itself, when there is one (large files are parsed by a pool of range workers). */
  readonly blob?: Blob;
  /** Range workers for a large file; undefined: one per core. */
  readonly readers?: number;
  chunks(): AsyncGenerator<Uint8Array>;
}

export function blobSource(blob: Blob, name: string, chunkBytes = READ_CHUNK_BYTES): ByteSource {
  return {
    name,
    totalBytes: blob.size,
    totalRows: null,
    blob,
    chunks: () => readChunksAhead(blobRangeSource(blob), 0, chunkBytes),
  };
}

export interface DemoParams {
  rows: number;
  seed: number;
}

export function demoSource(params: DemoParams, rowsPerChunk = 20_000): ByteSource {
  const encoder = new TextEncoder();
  return {
    name: `demo-${params.rows}-rows-seed-${params.seed}.csv`,
    totalBytes: null,
    totalRows: params.rows,
    async *chunks() {
      for (const text of generateCsvChunks({ rows: params.rows, seed: params.seed }, rowsPerChunk)) yield encoder.encode(text);
    },
  };
}

/**
 * A Blob as a random-access source of byte ranges, for the parallel ingest (range workers and the
 * pool). A range worker streams its range (`stream`, Blob.stream(): chunks of 64–200 KB) instead of
 * reading 8 MiB slices: each chunk is parsed while it is still in the core's cache. Loads in the app,
 * five alternating runs each: 1M rows 1.24 s instead of 1.40 s to parse (median), 5M 3.91 s instead
 * of 4.61 s; the 42M-row month the same within the VM's noise (33–44 s either way).
 */
export function blobRangeSource(blob: Blob): RangeSource {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, Math.min(end, blob.size)).arrayBuffer()),
    stream: (start) => streamBlob(blob.slice(start)),
  };
}

/** Bytes a BYOB read may fill: what Chromium's Blob streams hand over at a time is 64–200 KB. */
const STREAM_BUFFER_BYTES = 256 * 1024;

/**
 * A Blob's bytes as chunks that all live in one buffer, refilled for each read (a BYOB reader): the
 * default reader makes a new 64–200 KB buffer per chunk, 5.7 GB of them on the month, garbage the
 * range worker's heap carries until a collection. Each chunk is valid until the next is asked for
 * (the ingestor copies what it keeps). Browsers whose Blob streams are not byte streams get the
 * default reader.
 *
 * It stops once it has the Blob's `size` bytes, without the read that would say the stream is done:
 * in headless Chromium that last read of a File's stream never settled in about half of the 1M-row
 * loads traced here (the range worker waited on it with all its bytes parsed, until the stall
 * watchdog gave its range to a new worker 17 s later). It was the "vanishing" range worker of earlier
 * month loads: always the last range, the only one that reads to the end of the file.
 */
export async function* streamBlob(blob: Blob): AsyncGenerator<Uint8Array> {
  let left = blob.size;
  if (left === 0) return;
  const stream = blob.stream();
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    byob = null;
  }
  const reader = byob ?? stream.getReader();
  let buffer = new ArrayBuffer(STREAM_BUFFER_BYTES);
  const read = byob ? () => byob.read(new Uint8Array(buffer)) : () => (reader as ReadableStreamDefaultReader<Uint8Array>).read();
  try {
    for (;;) {
      const { done, value } = await read();
      if (done || !value) return;
      yield value.length > left ? value.subarray(0, left) : value;
      left -= value.length;
      if (left <= 0) return;
      if (byob) buffer = value.buffer as ArrayBuffer; // the read transferred it: the same memory, refilled next
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
}
