// Node side of the ingestion pipeline: stream a file from disk through the same src/core code the
// browser workers run.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CsvIngestor, type IngestResult } from '../src/core/ingest/csvIngestor.ts';

export const READ_CHUNK_BYTES = 8 * 1024 * 1024;

export async function ingestCsvFile(path: string, onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void): Promise<IngestResult> {
  let total: number;
  try {
    total = statSync(path).size;
  } catch {
    throw new Error(`cannot read ${path}: no such file`);
  }
  const ingestor = new CsvIngestor({ fileName: basename(path), expectedBytes: total });
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    ingestor.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    read += bytes.byteLength;
    onProgress?.(read, total, ingestor.rows);
  }
  return ingestor.finish();
}
