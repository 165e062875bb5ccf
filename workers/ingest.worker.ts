// Ingest worker: CSV file or demo data → events → features, summary and Explore insights.
// Thin on purpose: the work lives in src/core and lib/ingestWorkspace.ts; this file exposes it
// through comlink, turns exceptions into typed results and transfers the feature table's buffers.
import * as Comlink from 'comlink';
import { featureTableTransferables } from '../src/core/features/featureTable.ts';
import { ingestResultDataBuffers } from '../src/core/ingest/ingestTransfer.ts';
import type { CutMode } from '../src/core/features/sessionFeatures.ts';
import { blobSource, demoSource, type DemoParams } from './lib/byteSources.ts';
import { IngestWorkspace, type IngestProgress, type LoadResult, type TableRequest } from './lib/ingestWorkspace.ts';
import { RunControl } from './lib/runControl.ts';
import { failure, toWorkerError, type Outcome, type WorkerError } from './lib/workerOutcome.ts';

export type { IngestProgress } from './lib/ingestWorkspace.ts';
/** `readers`: range workers for a large file (default: one per core; 1 reads it in one pass). */
export type LoadSource = { kind: 'file'; file: Blob; name: string; readers?: number } | { kind: 'demo'; params: DemoParams };
/**
 * A load's answer. A cancelled or failed load says whether the data loaded before is still loaded
 * (`kept`): false when there was none, or when it was dropped to make room (keepsPreviousData).
 */
export type LoadOutcome = { ok: true; value: LoadResult } | { ok: false; error: WorkerError; kept: boolean };

const workspace = new IngestWorkspace();
const control = new RunControl();

/** Range workers ready before a large file: their start-up is then off the load's clock. */
function prepareRangeWorkers(readers?: number): void {
  try {
    workspace.prepareRangeWorkers(readers);
  } catch {
    // A browser that cannot start workers from a worker: a large file will say so when it needs them.
  }
}

async function guarded<T>(what: string, body: () => Promise<T> | T, transfer: (v: T) => Transferable[] = () => []): Promise<Outcome<T>> {
  try {
    const value = await body();
    return Comlink.transfer({ ok: true as const, value }, transfer(value));
  } catch (err) {
    return { ok: false, error: toWorkerError(err, what) };
  }
}

const api = {
  /** Parses a file (in byte ranges, streamed, when large; else in 8 MiB slices) or generates demo data, then builds features for `cut`. */
  async load(source: LoadSource, cut: CutMode, onProgress: (p: IngestProgress) => void): Promise<LoadOutcome> {
    const run = control.begin();
    if (source.kind === 'demo' && !(Number.isSafeInteger(source.params.rows) && source.params.rows > 0)) {
      return { ...failure('bad_request', `demo data needs a positive number of rows, got ${source.params.rows}`), kept: workspace.hasData };
    }
    const bytes = source.kind === 'file' ? { ...blobSource(source.file, source.name), readers: source.readers } : demoSource(source.params);
    const what = source.kind === 'file' ? `Loading ${source.name}` : 'Generating demo data';
    const outcome = await guarded(
      what,
      () => workspace.load(bytes, cut, (p) => void onProgress(p), () => control.check(run)),
      (v) => featureTableTransferables(v.table),
    );
    // The next large file's range workers, started once this load has answered (unless another
    // load has begun meanwhile: it made its own).
    const readers = source.kind === 'file' ? source.readers : undefined;
    setTimeout(() => {
      if (control.isCurrent(run)) prepareRangeWorkers(readers);
    }, 0);
    // The run's own partial events die with it; the data loaded before is still there unless the
    // load dropped it to make room.
    return outcome.ok ? outcome : { ...outcome, kept: workspace.hasData };
  },

  /** Reads the start of a file for what would make its load fail at once; the loaded data stays meanwhile. */
  async check(file: Blob, name: string) {
    return guarded(`Loading ${name}`, () => workspace.check(file, name));
  },

  /** Starts the range workers of the next large file now (the page asks when it starts this worker). */
  prepareRangeWorkers(readers?: number): void {
    prepareRangeWorkers(readers);
  },

  /** Cancels the load in flight; it stops at the next chunk boundary and frees its memory (not the data loaded before). */
  cancel(): void {
    control.cancel();
    workspace.abortActive();
  },

  /** Features of the loaded events for another cut or the first k events (no re-parse). */
  async featureTable(req: TableRequest) {
    return guarded('Building features', () => workspace.featureTable(req), (v) => featureTableTransferables(v.table));
  },

  /** Explore statistics of the loaded events (asked for right after a load; cached in the worker). */
  async insights() {
    return guarded('Computing the Explore statistics', () => workspace.insights());
  },

  async featuresCsv(cut: CutMode) {
    return guarded('Exporting features.csv', () => workspace.featuresCsv(cut));
  },

  /** A copy of the loaded events and dictionaries for the live stream, transferred. */
  async eventsCopy() {
    return guarded('Handing the events to the live stream', () => workspace.eventsCopy(), (v) => ingestResultDataBuffers(v));
  },

  async rejectionReport() {
    return guarded('Writing the rejected-rows report', () => workspace.rejectionReport());
  },
};

export type IngestWorkerApi = typeof api;

Comlink.expose(api);
