// Parallel ingestion of one file: split into byte ranges, parse each (in a worker, or in-process),
// re-parse any range whose start fell inside a quoted field, and merge. Gives exactly the serial
// result (test/ingest/parallelIngest.test.ts checks that on random splits).
import type { ColumnLayout } from '../csv/schema.ts';
import { CsvIngestor, IngestError, type IngestPart, type IngestResult } from './csvIngestor.ts';
import { mergeIngestResults, mergeIngestResultsPausing } from './mergeIngest.ts';
import { findBadRangeStart, firstLineStart, nominalOffsets } from './rangePlan.ts';
import { readChunksAhead } from './readAhead.ts';

export interface ByteSource {
  readonly size: number;
  /** Bytes [start, end) (end clamped to size). */
  read(start: number, end: number): Promise<Uint8Array>;
  /** Bytes [start, size) as one stream of chunks of any size, when the source has a cheaper way than reads. */
  stream?(start: number): AsyncGenerator<Uint8Array>;
}

export interface RangeTask {
  index: number;
  start: number;
  stopAt: number;
  /** Undefined for the first range, which reads the header itself. */
  layout?: ColumnLayout;
}

const PROBE_BYTES = 64 * 1024;

/** Reads the header from the start of the file (throws IngestError when it is not REES46). */
export async function readLayout(source: ByteSource, fileName: string): Promise<ColumnLayout> {
  for (let probe = PROBE_BYTES; ; probe *= 4) {
    const ing = new CsvIngestor({ fileName, stopAt: probe });
    ing.push(await source.read(0, probe));
    const layout = ing.columnLayout;
    if (layout) return layout;
    if (probe >= source.size) {
      ing.finish(); // throws the right IngestError (empty file, no header)
      throw new IngestError('empty_file', `${fileName} is empty: it has no header line`);
    }
  }
}

/** Actual start offsets: just past the first newline at or after each nominal offset. */
export async function rangeStarts(source: ByteSource, n: number, minRangeBytes?: number): Promise<number[]> {
  const nominal = nominalOffsets(source.size, n, minRangeBytes);
  // The probes at once: each read of a File is a round trip to the browser process (~25 ms).
  const found = await Promise.all(nominal.slice(1).map((offset) => lineStartFrom(source, offset)));
  const starts = [0];
  for (const at of found) {
    if (at < 0 || at >= source.size) break;
    if (at > starts[starts.length - 1]) starts.push(at);
  }
  return starts;
}

/** The first line start at or after `from`, or -1. */
async function lineStartFrom(source: ByteSource, from: number): Promise<number> {
  for (; from < source.size; from += PROBE_BYTES) {
    const s = firstLineStart(await source.read(from, from + PROBE_BYTES));
    if (s >= 0) return from + s;
  }
  return -1;
}

/** Parses the records that start in [task.start, task.stopAt), reading past stopAt to finish the last. */
export async function ingestRange(
  source: ByteSource,
  fileName: string,
  task: RangeTask,
  chunkBytes = 8 << 20,
  isCancelled?: () => boolean,
  onProgress?: (bytesParsed: number, rows: number) => void,
): Promise<IngestPart> {
  const ing = new CsvIngestor({
    fileName,
    expectedBytes: Math.min(source.size, Math.max(0, task.stopAt - task.start)),
    layout: task.layout,
    startOffset: task.start,
    stopAt: task.stopAt,
  });
  // Progress once per read chunk, but once per `chunkBytes` parsed when streamed: a stream's chunks
  // are 64–200 KB, and each report is a message to another worker (the month: ~17,000 a range).
  let reported = 0;
  for await (const chunk of source.stream ? source.stream(task.start) : readChunksAhead(source, task.start, chunkBytes)) {
    if (isCancelled?.()) throw new DOMExceptionLike('cancelled');
    ing.push(chunk);
    if (!source.stream || ing.bytesConsumed - reported >= chunkBytes) {
      reported = ing.bytesConsumed;
      onProgress?.(ing.bytesConsumed, ing.rows);
    }
    if (ing.done) break;
  }
  onProgress?.(ing.bytesConsumed, ing.rows);
  const result = ing.finishPart();
  // Session ids as 16 bytes each when all are lowercase UUIDs (they are kept so from the first,
  // newDictionaries; this packs a table that went back to text only if every id is one after all):
  // the merge then copies 16 bytes a new id instead of growing a pool of text (the month's renderer
  // during the merge: 2.08 GiB at most instead of 2.84), and the loaded table is already packed.
  result.dict.sessions.packUuidKeys(true);
  return result;
}

/** Thrown when a run is cancelled between chunks (not an error to show the user). */
export class DOMExceptionLike extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbortError';
  }
}

/**
 * Runs all ranges through `runRange` (in parallel when it dispatches to workers), repairs misaligned
 * starts, and merges. `runRange` must behave like `ingestRange`.
 */
export async function ingestInParallel(
  source: ByteSource,
  fileName: string,
  workers: number,
  runRange: (task: RangeTask) => Promise<IngestPart>,
  minRangeBytes?: number,
  /** Called once every range is parsed, just before the (serial) merge: progress and timing. */
  beforeMerge?: () => void,
  /** Awaited between the merge's steps (a worker passes a yield to its event loop). */
  pause?: () => Promise<void>,
): Promise<IngestResult> {
  // The header and the range starts are probed at once; one range reads its header itself.
  const several = nominalOffsets(source.size, workers, minRangeBytes).length > 1;
  const [starts, header] = await Promise.all([
    rangeStarts(source, workers, minRangeBytes),
    several ? readLayout(source, fileName).then((l) => ({ l }), (error: unknown) => ({ error })) : { error: null },
  ]);
  if (starts.length > 1 && 'error' in header) throw header.error;
  const layout = starts.length > 1 && 'l' in header ? header.l : undefined;
  const tasks: RangeTask[] = starts.map((start, k) => ({
    index: k,
    start,
    stopAt: k + 1 < starts.length ? starts[k + 1] : Infinity,
    layout: k === 0 ? undefined : layout,
  }));
  const parts: (IngestPart | undefined)[] = await Promise.all(tasks.map(runRange));
  // A start inside a quoted field shows as the previous range ending past it: re-parse from there.
  for (let bad = findBadRangeStart(parts as IngestPart[]); bad >= 0; bad = findBadRangeStart(parts as IngestPart[])) {
    const start = (parts[bad - 1] as IngestPart).endOffset;
    parts[bad] = await runRange({ ...tasks[bad], start });
  }
  beforeMerge?.();
  return pause ? mergeIngestResultsPausing(parts, pause) : mergeIngestResults(parts);
}

/** A ByteSource over bytes in memory (tests, small files). */
export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (start, end) => bytes.subarray(start, Math.min(end, bytes.length)) };
}
