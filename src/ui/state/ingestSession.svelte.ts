// Owns the ingest worker: loading a file or demo data, progress, cancel, and the loaded data's
// summary and Explore insights. Components read its fields and call its methods; nothing here
// computes a statistic (the worker does).
import * as Comlink from 'comlink';
import type { IngestProgress, IngestWorkerApi, LoadOutcome, LoadSource } from '../../../workers/ingest.worker.ts';
import type { FeaturesFileSummary, LoadResult } from '../../../workers/lib/ingestWorkspace.ts';
import type { Outcome, WorkerError } from '../../../workers/lib/workerOutcome.ts';
import type { IngestResultData } from '../../core/ingest/ingestTransfer.ts';
import type { ReplaySource } from '../stream/streamClient.svelte.ts';
import type { PipelineSummary } from '../../core/ingest/pipelineSummary.ts';
import type { ExploreInsights } from '../../core/insights/exploreInsights.ts';
import type { FeatureTable } from '../../core/features/featureTable.ts';
import { announcer } from '../shell/announcer.svelte.ts';
import { formatCount } from '../format.ts';
import type { CutMode, FeatureStats } from '../../core/features/sessionFeatures.ts';
import { WorkerHandle } from './workerHandle.ts';
import { memoryWarning } from '../../core/ingest/memoryEstimate.ts';
import { trainNumberProblem } from '../../core/models/trainOptionsValidation.ts';
import { downloadBlob, featuresCsvFileName, safeFileStem } from './download.ts';
import { looksLikeSavedModel, SAVED_MODEL_SNIFF_BYTES, savedModelOnLoadMessage } from '../load/savedModelFile.ts';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface LoadedSource {
  kind: 'file' | 'demo';
  name: string;
  /** File size; null for generated data until it is done. */
  bytes: number | null;
  rows: number | null;
}

/** A cancelled load that has not stopped after this long is stuck in one long pass: end the worker. */
const CANCEL_GRACE_MS = 1500;

/**
 * What a successful load put on the page. A newer load sets it aside (the page shows that load's
 * progress) while the worker still holds the data; it comes back when that load is cancelled or fails.
 */
interface ShownData {
  source: LoadedSource | null;
  summary: PipelineSummary | null;
  insights: ExploreInsights | null;
  insightsSec: number | null;
  featuresFile: FeaturesFileSummary | null;
  replaySource: ReplaySource | null;
}

export class IngestSession {
  status = $state<LoadStatus>('idle');
  source = $state.raw<LoadedSource | null>(null);
  progress = $state.raw<IngestProgress | null>(null);
  summary = $state.raw<PipelineSummary | null>(null);
  insights = $state.raw<ExploreInsights | null>(null);
  /** True from a load's end until its Explore statistics arrive (they are computed after the summary). */
  insightsPending = $state(false);
  /** Seconds the Explore statistics took in the worker, once they are in. */
  insightsSec = $state<number | null>(null);
  /** The loaded events as the live stream replays them: a copy from the loading worker, not a re-parse. */
  replaySource = $state.raw<ReplaySource | null>(null);
  /** Set instead of summary/insights when the file held session features, not events. */
  featuresFile = $state.raw<FeaturesFileSummary | null>(null);
  error = $state.raw<WorkerError | null>(null);
  /** A file that may not fit in this tab's memory, held until the user says to load it anyway. */
  tooLarge = $state.raw<{ file: File; message: string } | null>(null);
  /** A short note for the user that is not an error ("Loading cancelled."). */
  notice = $state<string | null>(null);
  /** The leakage cut of the summary and of the first table handed to the models. */
  cut = $state<CutMode>('faithful');
  /** Bumped by every successful load: feature tables and runs of an older version are stale. */
  dataVersion = $state(0);

  /** Called with the feature table of each load; app.ts hands it to the model worker. */
  onTable: (table: FeatureTable, cut: CutMode, dataVersion: number) => void = () => {};
  /** Called when a load starts (app.ts stops a training run, which would be recorded against no data). */
  onLoadStart: () => void = () => {};
  /**
   * Called when the data loaded before is gone: replaced by a successful load, dropped to make room
   * for a large one, or lost with a worker that had to be ended. Runs trained on it are stale then,
   * and only then: a cancelled or failed load that kept it leaves them valid.
   */
  onDataGone: () => void = () => {};

  private readonly worker = new WorkerHandle<IngestWorkerApi>(
    () => new Worker(new URL('../../../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' }),
  );
  private run = 0;
  /** Bumped by each file pick: only the newest pick's check counts. */
  private picks = 0;
  private inFlight: Promise<LoadOutcome> | null = null;
  /** The data loaded before, set aside while a newer load runs (or its cancel settles); see ShownData. */
  private setAside = $state.raw<ShownData | null>(null);
  /** The name of the data the load in flight dropped to make room for itself, for the notice after a cancel. */
  private droppedForLoad: string | null = null;

  /**
   * What the live stream may replay of the data set aside (the same objects a cancel puts back); null
   * unless a load runs, or its cancel has not settled yet, with data set aside.
   */
  get setAsideReplay(): Pick<ShownData, 'replaySource' | 'featuresFile'> | null {
    return this.setAside;
  }

  get loading(): boolean {
    return this.status === 'loading';
  }

  get ready(): boolean {
    return this.status === 'ready' && (this.summary !== null || this.featuresFile !== null);
  }

  /** What the loaded data is: raw events, or a features file (no Explore, no re-cut, no early prediction). */
  get dataKind(): 'events' | 'features' | null {
    return this.summary ? 'events' : this.featuresFile ? 'features' : null;
  }

  /** The loaded file's name. */
  get fileName(): string {
    return this.summary?.file ?? this.featuresFile?.file ?? '';
  }

  /**
   * Starts the ingest worker ahead of the first load: created on first use, its start-up took ~0.2 s
   * of a 1M-row load's 3 s (measured from the file input to the worker's first line).
   */
  warmUp(): void {
    // Its range workers too, for the reader count this page asks for (?readers=N).
    if (!this.worker.started) void this.worker.api.prepareRangeWorkers(readersFromUrl()).catch(() => {});
  }

  /**
   * Loads a file; one that may not fit in the memory the device reports waits for `loadAnyway()`
   * (a tab that runs out of memory closes without a word, losing what was loaded).
   */
  loadFile(file: File, anyway = false): Promise<void> {
    const deviceMemory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
    const warning = anyway ? null : memoryWarning(file.name, file.size, deviceMemory);
    this.tooLarge = warning ? { file, message: warning } : null;
    if (warning) return Promise.resolve();
    return this.start({ kind: 'file', file, name: file.name, readers: readersFromUrl() }, { kind: 'file', name: file.name, bytes: file.size, rows: null });
  }

  loadAnyway(): Promise<void> {
    const pending = this.tooLarge;
    return pending ? this.loadFile(pending.file, true) : Promise.resolve();
  }

  dismissTooLarge(): void {
    this.tooLarge = null;
  }

  loadDemo(rows: number, seed = 42): Promise<void> {
    this.tooLarge = null;
    // The demo picker disables its button while the seed is not valid; this catches any other caller
    // (the generator would fold -1 or 1.7 into some other seed without a word).
    const seedProblem = trainNumberProblem('seed', seed);
    if (seedProblem !== null) {
      this.error = { code: 'bad_request', message: seedProblem };
      return Promise.resolve();
    }
    return this.start({ kind: 'demo', params: { rows, seed } }, { kind: 'demo', name: `Demo data (${rows.toLocaleString('en-US')} rows, seed ${seed})`, bytes: null, rows });
  }

  /**
   * Stops the load in flight; the app is usable at once, and the next load works. The data loaded
   * before comes back once the worker answers that it still holds it (within ~30 ms: a chunk).
   */
  cancel(): void {
    if (this.status !== 'loading') return;
    const pending = this.inFlight;
    const run = ++this.run;
    const loading = this.source;
    this.status = 'idle';
    this.progress = null;
    this.source = null;
    this.notice = 'Cancelling…';
    void this.worker.api.cancel();
    if (!pending) {
      this.settleCancel(true, loading);
      return;
    }
    let settled = false;
    pending.then(
      (outcome) => {
        settled = true;
        if (run !== this.run) return;
        if (outcome.ok && loading) {
          // It had finished when the cancel reached the worker, which holds its data now: show it.
          this.showLoaded(outcome.value, loading, run);
          this.notice = `The load had finished when the cancel reached it: ${loading.name} is loaded.`;
        } else if (outcome.ok) this.settleCancel(false, loading, 'was replaced: the load had finished when the cancel reached it');
        else this.settleCancel(outcome.kept, loading);
      },
      () => {
        settled = true;
        if (run === this.run) this.settleCancel(false, loading);
      },
    );
    // Tier two: a load stuck in one synchronous pass (features of a huge file) ignores the flag.
    // Ending the worker ends the data it held too.
    setTimeout(() => {
      if (settled || this.inFlight !== pending) return;
      this.worker.terminate();
      if (run === this.run) this.settleCancel(false, loading, 'went with the loading worker, which had to be ended because the load would not stop');
    }, CANCEL_GRACE_MS);
  }

  /**
   * After a cancel, once the worker has answered: the data loaded before back on the page when the
   * worker `kept` it, else gone, and why (`whyGone` when it went some other way than to make room for
   * the load). Said in the live region too, which still said "Loading …".
   */
  private settleCancel(kept: boolean, loading: LoadedSource | null, whyGone?: string): void {
    const previous = this.setAside;
    if (kept && previous) {
      this.restore(previous);
      this.notice = `Loading cancelled: ${shownName(previous)} is still loaded.`;
    } else {
      const gone = previous ? shownName(previous) : this.droppedForLoad;
      this.dropSetAside();
      this.status = 'idle';
      // Data the load dropped up front went to make room, whatever became of the load afterwards.
      const why = (previous && whyGone) || `was dropped ${toMakeRoomFor(loading?.kind)}`;
      this.notice = gone
        ? `Loading cancelled. Nothing was kept: ${gone} ${why}; pick a file or the demo data to start again.`
        : 'Loading cancelled. Nothing was kept; pick a file or the demo data to start again.';
    }
    announcer.announce(this.notice);
  }

  /** Puts data set aside back on the page, as loaded (its runs and tables are still valid). */
  private restore(previous: ShownData): void {
    this.setAside = null;
    this.source = previous.source;
    this.summary = previous.summary;
    this.insights = previous.insights;
    this.insightsSec = previous.insightsSec;
    this.featuresFile = previous.featuresFile;
    this.replaySource = previous.replaySource;
    this.status = 'ready';
    // Its Explore statistics were still on the way when the new load dropped the answer: ask again
    // (the worker keeps them once computed).
    if (previous.summary && !previous.insights) void this.fetchInsights(this.run);
  }

  /** The data set aside is gone from the worker: forget it, and tell the app (its runs go stale). */
  private dropSetAside(): void {
    if (!this.setAside) return;
    this.setAside = null;
    this.onDataGone();
  }

  dismissError(): void {
    this.error = null;
  }

  /** Asks the worker for the Explore statistics of load `run`; a newer load drops the answer. */
  private async fetchInsights(run: number): Promise<void> {
    this.insightsPending = true;
    let outcome: Awaited<ReturnType<typeof this.worker.api.insights>>;
    try {
      outcome = await this.worker.api.insights();
    } catch (err) {
      outcome = { ok: false, error: { code: 'internal', message: `The loading worker stopped: ${(err as Error)?.message ?? String(err)}` } };
    }
    if (run !== this.run) return;
    this.insightsPending = false;
    if (!outcome.ok) {
      this.error = outcome.error;
      return;
    }
    this.insights = outcome.value.insights;
    this.insightsSec = outcome.value.seconds;
  }

  /**
   * A feature table of the loaded data (another cut, or only the first k events of each session);
   * 'cancelled' when a load started meanwhile stopped its building (not an error of Load's: the load
   * itself is fine), null on a failure (said on Load).
   */
  async featureTable(cut: CutMode, firstK?: number): Promise<{ table: FeatureTable; stats: FeatureStats | null } | null | 'cancelled'> {
    const outcome = await this.worker.api.featureTable(firstK === undefined ? { cut } : { cut, firstK });
    if (!outcome.ok) {
      if (outcome.error.code === 'cancelled') return 'cancelled';
      this.error = outcome.error;
      return null;
    }
    return outcome.value;
  }

  /** features.csv of the loaded data; a features file is written as loaded, whatever `cut` says (its cut is its own). */
  async downloadFeaturesCsv(cut: CutMode = this.cut): Promise<void> {
    const outcome = await this.worker.api.featuresCsv(cut);
    if (!outcome.ok) this.error = outcome.error;
    else downloadBlob(outcome.value, featuresCsvFileName(this.fileName, this.dataKind === 'features' ? null : cut));
  }

  /** A copy of the loaded events for the live stream (see ReplaySource). */
  async eventsCopy(): Promise<Outcome<IngestResultData>> {
    try {
      return await this.worker.api.eventsCopy();
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: `The loading worker stopped: ${(err as Error)?.message ?? String(err)}` } };
    }
  }

  /** The rejected rows of a file refused for having no valid row: its error carries them. */
  downloadRefusedRows(): void {
    const refused = this.error?.rejected;
    if (refused) downloadBlob(new Blob([refused.csv], { type: 'text/csv' }), `${safeFileStem(refused.fileName)}-rejected-rows.csv`);
  }

  async downloadRejections(): Promise<void> {
    const outcome = await this.worker.api.rejectionReport();
    if (!outcome.ok) this.error = outcome.error;
    else downloadBlob(outcome.value, `${safeFileStem(this.fileName || 'data')}-rejected-rows.csv`);
  }

  /**
   * False when the worker finds at once that the file cannot load (empty, binary, not the schema, no
   * data rows): the error is shown and nothing else changes, so the data loaded before stays usable.
   */
  private async fileLooksLoadable(file: Blob, name: string): Promise<boolean> {
    const pick = ++this.picks;
    let outcome: Awaited<ReturnType<typeof this.worker.api.check>>;
    // A saved model is told apart here, from its first bytes: the worker's CSV check would read its
    // JSON as a header and answer with a schema error that does not say what the file is.
    if (await startsLikeSavedModel(file)) {
      if (pick !== this.picks) return false;
      outcome = { ok: false, error: { code: 'bad_model_file', message: savedModelOnLoadMessage(name) } };
    } else {
      try {
        outcome = await this.worker.api.check(file, name);
      } catch {
        return pick === this.picks; // a broken worker: the load itself will say what went wrong
      }
    }
    if (pick !== this.picks) return false; // a newer pick replaced this one
    if (outcome.ok) return true;
    const kept = this.ready ? ` Nothing was loaded from it; the data loaded before (${this.fileName}) is kept.` : '';
    const message = outcome.error.message.replace(/[.\s]*$/, '.');
    this.error = { ...outcome.error, message: `${message}${kept}` };
    this.notice = null;
    return false;
  }

  private async start(src: LoadSource, shown: LoadedSource): Promise<void> {
    if (src.kind === 'file' && !(await this.fileLooksLoadable(src.file, src.name))) return;
    if (src.kind === 'demo') this.picks++;
    if (this.status === 'loading') this.cancel();
    const run = ++this.run;
    // Set aside, not dropped: the worker keeps it while this load runs (unless both are too large,
    // which the first progress says). Data still set aside after a cancel stays set aside.
    if (this.ready) this.setAside = { source: this.source, summary: this.summary, insights: this.insights, insightsSec: this.insightsSec, featuresFile: this.featuresFile, replaySource: this.replaySource };
    this.droppedForLoad = null;
    this.status = 'loading';
    this.source = shown;
    this.progress = null;
    announcer.announce(`Loading ${shown.name}…`);
    this.summary = null;
    this.insights = null;
    this.insightsPending = false;
    this.insightsSec = null;
    this.featuresFile = null;
    this.replaySource = null;
    this.error = null;
    this.notice = null;
    this.onLoadStart();
    const onProgress = Comlink.proxy((p: IngestProgress) => {
      if (run !== this.run) return;
      this.progress = p;
      if (!p.keepsPrevious && this.setAside) {
        this.droppedForLoad = shownName(this.setAside);
        this.dropSetAside();
      }
    });
    const call = this.worker.api.load(src, this.cut, onProgress);
    this.inFlight = call;
    let outcome: Awaited<typeof call>;
    try {
      outcome = await call;
    } catch (err) {
      // Only a broken worker gets here (the worker turns every failure into a typed result); what it
      // held is not counted on.
      outcome = { ok: false, error: { code: 'internal', message: `The loading worker stopped: ${(err as Error)?.message ?? String(err)}` }, kept: false };
    } finally {
      if (this.inFlight === call) this.inFlight = null;
    }
    if (run !== this.run) return; // cancelled or superseded: its result is not wanted
    if (!outcome.ok) {
      if (outcome.error.code === 'cancelled') {
        this.status = 'idle';
        this.source = null;
        this.settleCancel(outcome.kept, shown);
        return;
      }
      const previous = outcome.kept ? this.setAside : null;
      const message = outcome.error.message.replace(/[.\s]*$/, '.');
      if (previous) {
        this.restore(previous);
        this.error = { ...outcome.error, message: `${message} Nothing was loaded from it; the data loaded before (${shownName(previous)}) is kept.` };
        return;
      }
      const gone = this.setAside ? shownName(this.setAside) : this.droppedForLoad;
      this.dropSetAside();
      this.status = 'failed';
      this.error = gone ? { ...outcome.error, message: `${message} The data loaded before (${gone}) was dropped ${toMakeRoomFor(src.kind)}.` } : outcome.error;
      return;
    }
    this.showLoaded(outcome.value, shown, run);
  }

  /** A load that succeeded: its data replaces what was loaded before, on the page as in the worker. */
  private showLoaded(loaded: LoadResult, shown: LoadedSource, run: number): void {
    // The data loaded before is replaced now (if a drop to make room has not already said so).
    this.dropSetAside();
    if (loaded.kind === 'events') {
      this.replaySource = { kind: 'loaded', name: loaded.summary.file, rows: loaded.summary.rows, copy: () => this.eventsCopy() };
      this.summary = loaded.summary;
      void this.fetchInsights(run);
      this.source = { ...shown, bytes: loaded.summary.bytes, rows: loaded.summary.rows };
    } else {
      this.featuresFile = loaded.features;
      this.source = { ...shown, bytes: loaded.features.bytes, rows: loaded.features.sessions };
    }
    const table = loaded.table;
    this.dataVersion++;
    this.status = 'ready';
    announcer.announce(
      loaded.kind === 'events'
        ? `Loaded ${loaded.summary.file}: ${formatCount(loaded.summary.rows, 'valid event')}, ${formatCount(loaded.summary.rejected.total, 'rejected row')}.`
        : `Loaded the features file ${shown.name}: ${formatCount(loaded.features.sessions, 'session')}.`,
    );
    this.onTable(table, this.cut, this.dataVersion);
  }
}

/** Why data loaded before went up front: "to make room for demo data this large" (or "a file"). */
function toMakeRoomFor(kind: 'demo' | 'file' | undefined): string {
  return `to make room for ${kind === 'demo' ? 'demo data' : 'a file'} this large`;
}

/** The name a notice gives loaded data: its file's, as the Load view's "Loaded …" heading shows it. */
function shownName(data: ShownData): string {
  return data.summary?.file ?? data.featuresFile?.file ?? data.source?.name ?? 'the data loaded before';
}

/** Whether the file opens like a saved model; a file that cannot be read is left to the worker's check. */
async function startsLikeSavedModel(file: Blob): Promise<boolean> {
  try {
    return looksLikeSavedModel(await file.slice(0, SAVED_MODEL_SNIFF_BYTES).text());
  } catch {
    return false;
  }
}

/**
 * `?readers=N` in the page address sets how many range workers parse a large file (default: one per
 * core). For measuring the pool size (bench/browserIngest.ts --readers) and for machines where the
 * browser's core count is not the right answer.
 */
function readersFromUrl(): number | undefined {
  const n = Number(new URLSearchParams(globalThis.location?.search ?? '').get('readers'));
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}
