// Node side of the ingestion pipeline: stream a file from disk through the same src/core code the
// browser workers run — in one thread, or split into byte ranges over worker_threads.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CsvIngestor, IngestError, type IngestPart, type IngestResult } from '../src/core/ingest/csvIngestor.ts';
import { ingestInParallel, type RangeTask } from '../src/core/ingest/parallelIngest.ts';
import { ingestResultFromData, type IngestResultData } from '../src/core/ingest/ingestTransfer.ts';
import type { ParsedEventsData } from '../src/core/sessions/eventColumns.ts';
import { fileByteSource } from './fileByteSource.ts';
import { ingestWithPapaparse } from '../src/core/ingest/papaparseIngest.ts';
import { requireDataRows } from '../src/core/ingest/requireDataRows.ts';

export const READ_CHUNK_BYTES = 8 * 1024 * 1024;
/** Below this a single reader is as fast as spawning workers. */
const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

export type Progress = (bytesRead: number, totalBytes: number, rows: number) => void;

/** Throws, in words, unless `path` is a file: the same message from every command that reads one. */
export function requireInputFile(path: string): void {
  fileSize(path);
}

function fileSize(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`cannot read ${path}: no such file`);
  }
  if (stat.isDirectory()) throw new Error(`${path} is a folder; give a CSV file`);
  return stat.size;
}

/** The papaparse reference path (`--parser papaparse`): same validation, papaparse as the tokenizer. A file without data rows is an IngestError. */
export async function ingestCsvFileWithPapaparse(path: string): Promise<IngestResult> {
  const size = fileSize(path);
  const decoder = new TextDecoder('utf-8');
  const chunks: string[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) chunks.push(decoder.decode(chunk as Buffer, { stream: true }));
  chunks.push(decoder.decode());
  // papaparse is handed text, so the ingestor counts no bytes: the whole file was read.
  return requireDataRows({ ...ingestWithPapaparse(chunks, basename(path)), bytes: size });
}

/** A CSV file through the app's ingestor, in one thread or `workers`. A file without data rows is an IngestError, as in the app. */
export async function ingestCsvFile(path: string, onProgress?: Progress, workers = 1): Promise<IngestResult> {
  const total = fileSize(path);
  if (workers > 1 && total >= PARALLEL_MIN_BYTES) return requireDataRows(await ingestCsvFileParallel(path, workers));
  const ingestor = new CsvIngestor({ fileName: basename(path), expectedBytes: total });
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    ingestor.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    read += bytes.byteLength;
    onProgress?.(read, total, ingestor.rows);
  }
  return requireDataRows(ingestor.finish());
}

async function ingestCsvFileParallel(path: string, workers: number): Promise<IngestResult> {
  const source = fileByteSource(path);
  const fileName = basename(path);
  const pool = Array.from({ length: workers }, () => spawnTsWorker(new URL('./rangeWorker.ts', import.meta.url)));
  let next = 0;
  const runRange = (task: RangeTask): Promise<IngestPart> =>
    new Promise((resolve, reject) => {
      const w = pool[next++ % pool.length];
      // A thread that ends without answering (killed, or out of memory) must fail the read, not leave it waiting.
      const onExit = (code: number) => reject(new Error(`reading ${fileName}: the parsing thread for bytes ${task.start}… exited (code ${code}) before answering`));
      const settle = () => {
        w.off('error', reject);
        w.off('exit', onExit);
      };
      w.once('message', (msg: { ok: true; data: IngestResultData<ParsedEventsData> } | { ok: false; error: { code: string; message: string; line?: number } }) => {
        settle();
        if (msg.ok) resolve(ingestResultFromData(msg.data));
        else reject(msg.error.code === 'error' ? new Error(msg.error.message) : new IngestError(msg.error.code as IngestError['code'], msg.error.message, msg.error.line));
      });
      w.once('error', reject);
      w.once('exit', onExit);
      w.postMessage({ path, fileName, task });
    });
  try {
    return await ingestInParallel(source, fileName, workers, runRange);
  } finally {
    source.close();
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** A worker thread running a .ts module: registers tsx's loader inside the worker, then imports it. */
function spawnTsWorker(url: URL): Worker {
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true });
}
