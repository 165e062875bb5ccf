// The ingestion side of the app, as the ingest worker runs it: bytes → validated events → session
// features → summary and Explore insights. It keeps the last parsed events, so re-cutting
// (faithful ↔ strict) and early-prediction tables (first k events) never re-parse the file. A new
// load replaces them only when it succeeds (unless both are too large to hold together, see
// keepsPreviousData): a cancelled or failed load leaves the data loaded before usable.
import { requireValidRows } from '../../src/core/ingest/requireDataRows.ts';
import { CsvIngestor, IngestError, type IngestResult } from '../../src/core/ingest/csvIngestor.ts';
import { computeSessionFeaturesPausing, type CutMode, type FeatureStats } from '../../src/core/features/sessionFeatures.ts';
import type { FeatureTable } from '../../src/core/features/featureTable.ts';
import { featuresCsvByteChunks } from '../../src/core/features/featuresCsv.ts';
import { buildPipelineSummary, type PipelineSummary } from '../../src/core/ingest/pipelineSummary.ts';
import { copyIngestResultData, type IngestResultData } from '../../src/core/ingest/ingestTransfer.ts';
import { rejectionReportCsv } from '../../src/core/csv/rejections.ts';
import { computeExploreInsights, type ExploreInsights } from '../../src/core/insights/exploreInsights.ts';
import type { ByteSource } from './byteSources.ts';
import { progressThrottle } from './progressThrottle.ts';
import { CancelledError, yieldToEvents } from './runControl.ts';
import { defaultWorkerCount, PARALLEL_MIN_BYTES, SparePool } from './rangePool.ts';
import { nudgeCollection, NUDGE_MIN_ROWS } from './collectionNudge.ts';
import { cloneTable, importFeaturesFile, looksLikeFeaturesFile, type FeaturesFileSummary } from './featuresImport.ts';

export type { FeaturesFileSummary } from './featuresImport.ts';

export interface IngestProgress {
  phase: 'reading' | 'merging' | 'features' | 'done';
  bytesRead: number;
  /** null for generated data, whose size is not known in advance. */
  totalBytes: number | null;
  /** Valid rows so far (summed over range workers when they parse in parallel); null when unknown (features files). */
  rows: number | null;
  /** Range workers parsing in parallel (large files), or null for one reader. */
  workers: number | null;
  totalRows: number | null;
  rowsPerSec: number;
  /**
   * True while the data loaded before stays loaded beside this load (keepsPreviousData); false when
   * there was none, or when it was dropped before the parse to make room for this one.
   */
  keepsPrevious: boolean;
  /** 0…1 of the reading phase, from bytes (files) or rows (generated data). */
  fraction: number;
  /** Seconds left in the reading phase; null until the rate is known. */
  etaSec: number | null;
  elapsedSec: number;
}

/** Raw events (the usual case), or a features file computed elsewhere (no events: no Explore, no re-cut). */
export type LoadResult =
  | { kind: 'events'; summary: PipelineSummary; table: FeatureTable }
  | { kind: 'features'; features: FeaturesFileSummary; table: FeatureTable };

export interface TableRequest {
  cut: CutMode;
  firstK?: number;
}

/**
 * Above this size (of a source's CSV bytes), a load and the data loaded before are not held together.
 * Keeping the previous data while a new load runs costs memory; by estimatedLoadBytes
 * (src/core/ingest/memoryEstimate.ts) a source of 512 MiB peaks 0.4 × 512 MiB ≈ 0.21 GB above the
 * tab's base, and holds less once loaded. When the smaller of the two is under that, holding both
 * stays close to what the larger needs alone:
 * - a small new load beside large loaded data: that data holds less than its own load peaked at (9
 *   bytes an event loaded against 13 while parsed: the month holds ~1.5 GiB after a ~1.9 GiB peak),
 *   so the tab stays under a peak it already survived;
 * - small loaded data beside a large new load: at most ~0.21 GB more than the new file alone needs
 *   (8 % of the month's 2.6 GB estimate; the page's memoryWarning weighs the file alone).
 * Both large (a month after a month: ~1.5 GiB held plus a ~1.9 GiB peak) would not fit in one tab,
 * so the previous data is dropped before the parse, as every load did before.
 */
export const KEEP_PREVIOUS_MAX_BYTES = 512 * 1024 * 1024;

/** Generated CSV bytes per demo row (600 k rows make 80.6 MB): a demo's size before it exists. */
const GENERATED_BYTES_PER_ROW = 134;

/** Whether data of `heldBytes` (its source's bytes) stays loaded while a source of `nextBytes` loads; see KEEP_PREVIOUS_MAX_BYTES. */
export function keepsPreviousData(heldBytes: number, nextBytes: number, maxBytes = KEEP_PREVIOUS_MAX_BYTES): boolean {
  return Math.min(heldBytes, nextBytes) <= maxBytes;
}

/** A source's CSV bytes: the file's size, or its rows' estimated size for generated data. */
function sourceBytes(source: ByteSource): number {
  return source.totalBytes ?? (source.totalRows ?? 0) * GENERATED_BYTES_PER_ROW;
}

export interface IngestWorkspaceOptions {
  /** KEEP_PREVIOUS_MAX_BYTES, smaller in tests (a 512 MiB file is no unit-test fixture). */
  keepPreviousMaxBytes?: number;
}

/** Range workers for a large file: `readers` when given (1–16), else one per core. */
function rangeWorkerCount(readers?: number): number {
  return Math.max(1, Math.min(16, Math.floor(readers ?? defaultWorkerCount())));
}

export class IngestWorkspace {
  private last: IngestResult | null = null;
  private lastInsights: { insights: ExploreInsights; seconds: number } | null = null;
  /** A loaded features file (kept: tables handed out are copies). */
  private imported: FeatureTable | null = null;
  /** The CSV bytes the loaded data came from (for keepsPreviousData). */
  private heldBytes = 0;
  private readonly keepPreviousMaxBytes: number;
  /** Stops the parallel parse in flight (terminates its range workers). */
  private abortParallel: (() => void) | null = null;
  /** Range workers started ahead of the next large file (prepareRangeWorkers). */
  private readonly spare = new SparePool();

  constructor(options: IngestWorkspaceOptions = {}) {
    this.keepPreviousMaxBytes = options.keepPreviousMaxBytes ?? KEEP_PREVIOUS_MAX_BYTES;
  }

  /**
   * Starts the range workers of the next large file now, while nothing waits for them (the ingest
   * worker does when it starts and after each load). `readers`: as a load's (default one per core).
   */
  prepareRangeWorkers(readers?: number): void {
    const n = rangeWorkerCount(readers);
    if (n > 1) this.spare.prepare(n);
    else this.spare.clear();
  }

  /** Cancel, tier three for the parallel path: range workers deep in a chunk stop at once. */
  abortActive(): void {
    this.abortParallel?.();
  }

  /** Drops the loaded data (before a load too large to hold beside it). */
  clear(): void {
    this.last = null;
    this.lastInsights = null;
    this.imported = null;
    this.heldBytes = 0;
  }

  get hasData(): boolean {
    return this.last !== null || this.imported !== null;
  }

  /**
   * Reads the start of a file and throws what a load of it would fail with first (an empty or binary
   * file, a header that is not the schema, no data rows), before anything is cleared: a wrong pick
   * then leaves the data already loaded in place. Only the first PREFLIGHT_BYTES are read.
   */
  async check(blob: Blob, name: string): Promise<void> {
    if (await looksLikeFeaturesFile(blob)) return;
    const whole = blob.size <= PREFLIGHT_BYTES;
    const ingestor = new CsvIngestor({ fileName: name, expectedBytes: Math.min(blob.size, PREFLIGHT_BYTES) });
    ingestor.push(new Uint8Array(await blob.slice(0, PREFLIGHT_BYTES).arrayBuffer()));
    if (whole) requireValidRows(ingestor.finish());
  }

  /**
   * Loads a source; the data loaded before stays loaded (and usable) until this load succeeds, or is
   * dropped first when both are too large to hold together (keepsPreviousData). Progress says which.
   */
  async load(source: ByteSource, cut: CutMode, onProgress: (p: IngestProgress) => void, checkCancel: () => void): Promise<LoadResult> {
    if (this.hasData && !keepsPreviousData(this.heldBytes, sourceBytes(source), this.keepPreviousMaxBytes)) this.clear();
    const keepsPrevious = this.hasData;
    const t0 = performance.now();
    const progress = progressThrottle(onProgress);
    if (source.blob && (await looksLikeFeaturesFile(source.blob))) return this.loadFeatures(source.blob, source.name, keepsPrevious, t0, progress, checkCancel);
    const workers = source.blob && source.blob.size >= PARALLEL_MIN_BYTES ? rangeWorkerCount(source.readers) : 1;
    const reading = { bytes: 0, rows: 0 as number | null };
    const snapshot = (phase: IngestProgress['phase']): IngestProgress => {
      const elapsedSec = (performance.now() - t0) / 1000;
      const { bytes, rows } = reading;
      const rowsPerSec = elapsedSec > 0 && rows !== null ? rows / elapsedSec : 0;
      let fraction = 0;
      let etaSec: number | null = null;
      if (source.totalBytes !== null && source.totalBytes > 0) {
        fraction = bytes / source.totalBytes;
        const bytesPerSec = elapsedSec > 0 ? bytes / elapsedSec : 0;
        if (bytesPerSec > 0) etaSec = (source.totalBytes - bytes) / bytesPerSec;
      } else if (source.totalRows !== null && source.totalRows > 0 && rows !== null) {
        fraction = rows / source.totalRows;
        if (rowsPerSec > 0) etaSec = (source.totalRows - rows) / rowsPerSec;
      }
      if (phase !== 'reading') {
        fraction = 1;
        etaSec = 0;
      }
      return { phase, bytesRead: bytes, totalBytes: source.totalBytes, rows, workers: workers > 1 ? workers : null, totalRows: source.totalRows, keepsPrevious, rowsPerSec, fraction: Math.min(1, fraction), etaSec, elapsedSec };
    };

    progress.flush(snapshot('reading'));
    let mergeStart = 0;
    const beforeMerge = () => {
      mergeStart = performance.now();
      progress.flush(snapshot('merging'));
    };
    const ingest = workers > 1 && source.blob ? await this.readParallel(source.blob, source.name, workers, reading, () => progress.offer(() => snapshot('reading')), beforeMerge, checkCancel) : await readSerial(source, reading, () => progress.offer(() => snapshot('reading')), checkCancel);
    requireValidRows(ingest);
    // No session id is added or looked up after the parse: the table's slots and hashes can go, and
    // UUID ids shrink to 16 bytes each (277 MB less on the month while the events stay loaded).
    ingest.dict.sessions.dropLookup();
    ingest.dict.sessions.packUuidKeys();
    checkCancel();
    reading.rows = ingest.rows;
    reading.bytes = ingest.bytes;
    const t1 = performance.now();
    progress.flush(snapshot('features'));
    // The merge's garbage collected before the features allocate theirs (the tab's peak, else).
    if (ingest.rows >= NUDGE_MIN_ROWS) nudgeCollection();
    await yieldToEvents();
    checkCancel();
    // Pauses between the stages let the collector free each one's scratch, and a cancel in.
    const { table, stats } = await computeSessionFeaturesPausing(ingest.events, ingest.dict.sessions, { cut }, async () => {
      await yieldToEvents();
      checkCancel();
    });
    const t2 = performance.now();
    // The Explore statistics are not on the way to the features: the page asks for them next
    // (`insights()`), so the summary and training come 2 s sooner on a month of data.
    const summary = buildPipelineSummary(ingest, cut, stats, {
      parseSec: (t1 - t0) / 1000,
      mergeSec: mergeStart > 0 ? (t1 - mergeStart) / 1000 : 0,
      featuresSec: (t2 - t1) / 1000,
      workers,
    });
    this.replaceWith(ingest, null, ingest.bytes);
    progress.flush(snapshot('done'));
    return { kind: 'events', summary, table };
  }

  /** The Explore statistics of the loaded events (computed once per load) and the seconds it took. */
  insights(): { insights: ExploreInsights; seconds: number } {
    if (this.imported) throw new NeedsEventsError('Explore needs the raw events; a features file has none.');
    const ingest = this.requireData();
    if (!this.lastInsights) {
      const t0 = performance.now();
      this.lastInsights = { insights: computeExploreInsights(ingest.events, ingest.dict), seconds: (performance.now() - t0) / 1000 };
    }
    return this.lastInsights;
  }

  /** The loaded data becomes this load's: the data loaded before (and its Explore statistics) go. */
  private replaceWith(events: IngestResult | null, imported: FeatureTable | null, bytes: number): void {
    this.last = events;
    this.imported = imported;
    this.lastInsights = null;
    this.heldBytes = bytes;
  }

  private async loadFeatures(blob: Blob, name: string, keepsPrevious: boolean, t0: number, progress: ReturnType<typeof progressThrottle<IngestProgress>>, checkCancel: () => void): Promise<LoadResult> {
    const snapshot = (bytes: number, phase: IngestProgress['phase']): IngestProgress => {
      const elapsedSec = (performance.now() - t0) / 1000;
      const rate = elapsedSec > 0 ? bytes / elapsedSec : 0;
      return { phase, bytesRead: bytes, totalBytes: blob.size, rows: null, workers: null, totalRows: null, keepsPrevious, rowsPerSec: 0, fraction: blob.size > 0 ? bytes / blob.size : 1, etaSec: rate > 0 ? (blob.size - bytes) / rate : null, elapsedSec };
    };
    // At once, as the events path does: the page learns whether the data loaded before is still there.
    progress.flush(snapshot(0, 'reading'));
    const { table, summary } = await importFeaturesFile(blob, name, (bytes) => progress.offer(() => snapshot(bytes, 'reading')), checkCancel);
    // A header and no session: refused, as a CSV of events with no valid row is (the data loaded before stays).
    if (table.rows === 0) throw new IngestError('empty_file', `${name} is a features file with a header but no sessions: there is nothing to load`);
    this.replaceWith(null, table, blob.size);
    progress.flush(snapshot(blob.size, 'done'));
    return { kind: 'features', features: summary, table: cloneTable(table) };
  }

  /** A large file: a pool of range workers (one per core) parses byte ranges, merged here. */
  private async readParallel(blob: Blob, name: string, workers: number, reading: { bytes: number; rows: number | null }, tick: () => void, beforeMerge: () => void, checkCancel: () => void): Promise<IngestResult> {
    const pool = this.spare.take(workers);
    reading.rows = 0;
    let abort: (err: Error) => void = () => {};
    const aborted = new Promise<never>((_, reject) => (abort = reject));
    this.abortParallel = () => {
      pool.terminate();
      abort(new CancelledError());
    };
    try {
      return await Promise.race([
        pool.ingest(blob, name, (bytes, rows) => {
          reading.bytes = bytes;
          reading.rows = rows;
          tick();
        }, () => {
          // Every range is in: the range workers' heaps can go before the merge's peak.
          pool.terminate();
          beforeMerge();
        }, async () => {
          // The consumed columns collected as the merge goes (collectionNudge.ts), on a large file.
          if ((reading.rows ?? 0) >= NUDGE_MIN_ROWS) nudgeCollection();
          // A cancel stops the merge too, instead of leaving it to run on with the parts.
          await yieldToEvents();
          checkCancel();
        }),
        aborted,
      ]);
    } finally {
      this.abortParallel = null;
      pool.terminate();
    }
  }

  /** Features of the loaded events under another cut, or of only the first k events per session. */
  async featureTable(req: TableRequest): Promise<{ table: FeatureTable; stats: FeatureStats | null }> {
    if (this.imported) {
      if (req.firstK !== undefined) throw new NeedsEventsError('Early prediction rebuilds features from the first k events of each session; a features file has no events. Load the raw CSV for it.');
      return { table: cloneTable(this.imported), stats: null };
    }
    const ingest = this.requireData();
    // Stops (as cancelled) when a new load replaces the events meanwhile, rather than keep them alive.
    // A load still running leaves them in place: a table of the data loaded before still builds.
    const { table, stats } = await computeSessionFeaturesPausing(ingest.events, ingest.dict.sessions, { cut: req.cut, firstK: req.firstK }, async () => {
      await yieldToEvents();
      if (this.last !== ingest) throw new CancelledError();
    });
    return { table, stats };
  }

  /** features.csv of the loaded data, as a Blob built from bounded text chunks (never one string). */
  async featuresCsv(cut: CutMode): Promise<Blob> {
    const { table } = await this.featureTable({ cut });
    return new Blob([...featuresCsvByteChunks(table)] as BlobPart[], { type: 'text/csv' });
  }

  /** A copy of the loaded events for the live stream (its buffers can be transferred). */
  eventsCopy(): IngestResultData {
    if (this.imported) throw new NeedsEventsError('The live stream replays events; a features file has none. Load the raw CSV for it.');
    return copyIngestResultData(this.requireData());
  }

  rejectionReport(): Blob {
    if (this.imported) throw new NeedsEventsError('A features file has no rejected rows: it was validated when it was computed.');
    const ingest = this.requireData();
    return new Blob([rejectionReportCsv(ingest.rejected, ingest.fileName)], { type: 'text/csv' });
  }

  private requireData(): IngestResult {
    if (!this.last) throw new NoDataError();
    return this.last;
  }
}

export class NeedsEventsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NeedsEventsError';
  }
}

export class NoDataError extends Error {
  constructor() {
    super('no data is loaded: load a CSV file or the demo data first');
    this.name = 'NoDataError';
  }
}

/** What check() reads of a file: enough for the header and a few thousand rows. */
const PREFLIGHT_BYTES = 1 << 20;

/** A file with a header and no data row at all (nothing valid, nothing rejected) is refused. */
/** One reader: chunks pushed through the ingestor in order. */
async function readSerial(source: ByteSource, reading: { bytes: number; rows: number | null }, tick: () => void, checkCancel: () => void): Promise<IngestResult> {
  const ingestor = new CsvIngestor({ fileName: source.name, expectedBytes: source.totalBytes ?? (source.totalRows ?? 0) * 115 });
  for await (const chunk of source.chunks()) {
    checkCancel();
    ingestor.push(chunk);
    reading.bytes = ingestor.bytesConsumed;
    reading.rows = ingestor.rows;
    tick();
    // Generated chunks arrive synchronously: let a pending cancel message in.
    await yieldToEvents();
    checkCancel();
  }
  return ingestor.finish();
}
