// CSV file → session features (+ the run summary), for the CLI commands.
import { performance } from 'node:perf_hooks';
import { ingestCsvFile, ingestCsvFileWithPapaparse } from './readCsv.ts';
import { computeSessionFeatures, type CutMode } from '../src/core/features/sessionFeatures.ts';
import type { FeatureTable } from '../src/core/features/featureTable.ts';
import { buildPipelineSummary, type PipelineSummary } from '../src/core/ingest/pipelineSummary.ts';
import type { IngestResult } from '../src/core/ingest/csvIngestor.ts';

export interface CsvFeatures {
  table: FeatureTable;
  summary: PipelineSummary;
  ingest: IngestResult;
}

export async function readCsvFeatures(
  path: string,
  opts: { cut: CutMode; firstK?: number; workers?: number; parser?: 'bytes' | 'papaparse'; onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void },
): Promise<CsvFeatures> {
  const t0 = performance.now();
  const ingest = opts.parser === 'papaparse' ? await ingestCsvFileWithPapaparse(path) : await ingestCsvFile(path, opts.onProgress, opts.workers ?? 1);
  // As the app does after a load: no session id is looked up any more, and UUID ids take 16 bytes.
  ingest.dict.sessions.dropLookup();
  ingest.dict.sessions.packUuidKeys();
  const t1 = performance.now();
  const { table, stats } = computeSessionFeatures(ingest.events, ingest.dict.sessions, { cut: opts.cut, firstK: opts.firstK });
  const t2 = performance.now();
  const summary = buildPipelineSummary(ingest, opts.cut, stats, { parseSec: (t1 - t0) / 1000, featuresSec: (t2 - t1) / 1000 });
  return { table, summary, ingest };
}
