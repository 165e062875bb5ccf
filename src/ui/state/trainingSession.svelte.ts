// Owns the model worker: training runs (one model after another), their live progress and loss
// curve, cancel, the list of finished runs, and the Results view's questions about a run.
// Feature tables come from the ingest worker through `TableSource`; a table is sent to the model
// worker once per data version and cut.
import { announcer } from '../shell/announcer.svelte.ts';
import * as Comlink from 'comlink';
import type { BackendChoice, ModelWorkerApi, RunResult, TrainProgress, TrainRequest } from '../../../workers/model.worker.ts';
import type { WorkerError } from '../../../workers/lib/workerOutcome.ts';
import { featureTableTransferables, type FeatureTable } from '../../core/features/featureTable.ts';
import type { CutMode } from '../../core/features/sessionFeatures.ts';
import type { ModelKind } from '../../core/models/model.ts';
import type { BalanceMode, ProtocolName } from '../../core/models/protocol.ts';
import type { RoundReport } from '../../core/models/training.ts';
import type { ScorePart } from '../../core/models/scoresCsv.ts';
import { validateTrainNumbers, type TrainNumbersCheck } from '../../core/models/trainOptionsValidation.ts';
import { modelFileSizeProblem } from '../../core/models/modelFile.ts';
import { WorkerHandle } from './workerHandle.ts';
import { downloadBlob, downloadJson } from './download.ts';
import { metricsExport } from '../results/metricsExport.ts';
import { runFileStem, runNotes } from '../results/runCut.ts';
import type { EarlyPredictionPoint } from '../../core/models/earlyPrediction.ts';
import type { ThresholdMetrics } from '../../core/models/metrics.ts';

export interface TableSource {
  /** The version of the loaded data (0: nothing loaded). */
  readonly dataVersion: number;
  readonly dataLabel: string;
  /** A features file cannot be re-cut and has no events for early prediction. */
  readonly dataKind: 'events' | 'features';
  /**
   * Features of the loaded data for a cut (optionally of each session's first k events only); null
   * when they could not be built (Load says why), 'cancelled' when a load started meanwhile.
   */
  tableFor(cut: CutMode, firstK?: number): Promise<FeatureTable | null | 'cancelled'>;
}

/**
 * Which data a run was trained on, read once when the run starts. `generation` counts dataChanged
 * calls: a run whose data went while it awaited something is not recorded (dataVersion cannot tell,
 * as it reads 0 during a load that a run may well outlast).
 */
type DataStamp = Pick<TableSource, 'dataVersion' | 'dataLabel' | 'dataKind'> & { generation: number };

/** What a run record keeps of its stamp (the generation is this session's bookkeeping only). */
function recordedData({ dataVersion, dataLabel, dataKind }: DataStamp): Pick<DataStamp, 'dataVersion' | 'dataLabel' | 'dataKind'> {
  return { dataVersion, dataLabel, dataKind };
}

export interface TrainOptions {
  cut: CutMode;
  protocol: ProtocolName;
  balance: BalanceMode;
  models: ModelKind[];
  backend: BackendChoice;
  /** The numbers are null while their input is blank (Svelte's number binding); see `optionsCheck`. */
  seed: number | null;
  gbdtRounds: number | null;
  learningRate: number | null;
}

/** What failed, for the error's title: a training run, scoring a saved model, or saving one. */
export type TrainingErrorTitle = 'Training failed' | 'Scoring failed' | 'Saving the model failed' | 'Saving the scores failed';

export interface LiveRun {
  model: ModelKind;
  /** 1-based position in this batch of models, and the batch size. */
  index: number;
  total: number;
  phase: TrainProgress['phase'] | 'features';
  backend: string | null;
  rounds: RoundReport[];
  maxRounds: number;
  elapsedSec: number;
  /** What asked for the run ("walkthrough 1A"), or null for Train's own. */
  tag: string | null;
}

/** A finished run with where it came from; `stale` once its data or worker state is gone. */
export interface RunRecord extends RunResult {
  dataLabel: string;
  dataKind: 'events' | 'features';
  dataVersion: number;
  /** Set by the walkthrough ("Leakage: strict cut"). */
  tag: string | null;
  stale: boolean;
}

/** A cancelled run that has not stopped after this long is inside one long tfjs call: end the worker. */
const CANCEL_GRACE_MS = 3000;

export class TrainingSession {
  options = $state<TrainOptions>({
    cut: 'strict',
    protocol: 'honest',
    balance: 'undersample',
    models: ['logistic', 'gbdt'],
    backend: 'auto',
    seed: 42,
    gbdtRounds: 200,
    learningRate: 0.1,
  });
  status = $state<'idle' | 'training'>('idle');
  live = $state.raw<LiveRun | null>(null);
  runs = $state.raw<RunRecord[]>([]);
  /** Run ids of the latest train() call, so Train lists what that click produced, not the session's history. */
  latestBatchRunIds = $state.raw<readonly number[]>([]);
  selectedRunId = $state<number | null>(null);
  error = $state.raw<WorkerError | null>(null);
  errorTitle = $state<TrainingErrorTitle>('Training failed');
  /** The numeric options checked as the user types: inline messages, and why Train is disabled. */
  readonly optionsCheck: TrainNumbersCheck = $derived(validateTrainNumbers(this.options));
  notice = $state<string | null>(null);
  /** The backend of the last run that started (shown in the Train view). */
  backend = $state<string | null>(null);
  backendNotes = $state.raw<string[]>([]);

  private readonly worker = new WorkerHandle<ModelWorkerApi>(
    () => new Worker(new URL('../../../workers/model.worker.ts', import.meta.url), { type: 'module', name: 'model' }),
  );
  /**
   * The number the next run gets, taken only when a run is created: failed attempts (a file that is
   * not a model, too little data) used to spend numbers, so after three failed imports the first
   * real run was "Run 4". Training and scoring never overlap (see `scoring`), so two requests cannot
   * carry the same number.
   */
  private nextRunId = 1;
  /** A saved model is being scored; training waits for it (and it for training). */
  private scoring = false;
  private batch = 0;
  /** Bumped by dataChanged (see DataStamp). */
  private generation = 0;
  private inFlight: Promise<unknown> | null = null;
  /** What the live region was told when the model now training started ("Training … model 2 of 2…"). */
  private startSentence = '';

  constructor(private readonly source: TableSource) {}

  get training(): boolean {
    return this.status === 'training';
  }

  get selectedRun(): RunRecord | null {
    return this.runs.find((r) => r.runId === this.selectedRunId) ?? this.runs.at(-1) ?? null;
  }

  /** The data loaded before is gone: old runs stay in the comparison table, marked stale. */
  dataChanged(): void {
    this.generation++;
    this.cancel();
    this.runs = this.runs.map((r) => ({ ...r, stale: true }));
    if (this.worker.started) void this.worker.api.clear();
  }

  /** The load's own table, sent ahead so the first training starts at once. */
  acceptTable(table: FeatureTable, cut: CutMode, dataVersion: number, dataKind: 'events' | 'features'): void {
    void this.worker.api.setTable(`${dataVersion}:${dataKind === 'features' ? 'file' : cut}`, Comlink.transfer(table, featureTableTransferables(table)));
  }

  /**
   * Trains each chosen model in turn; `overrides` lets the walkthrough change one option.
   * Returns the finished runs (empty when cancelled or failed).
   */
  async train(overrides: Partial<TrainOptions> = {}, tag: string | null = null): Promise<RunRecord[]> {
    if (this.training || this.scoring) return [];
    const opts = { ...$state.snapshot(this.options), ...overrides };
    // The faithful protocol undersamples everything before the split; the form greys the balancing
    // choice out, so the run records what faithful does rather than a choice that did not apply.
    if (opts.protocol === 'faithful') opts.balance = 'undersample';
    // The Train button is disabled while the form is invalid; this catches any other caller.
    const numbers = validateTrainNumbers(opts);
    if (!numbers.ok) {
      this.fail('Training failed', { code: 'bad_request', message: numbers.message });
      return [];
    }
    const { seed, gbdtRounds, learningRate } = numbers.value;
    // Read once: a load started during the batch sets the data aside (the source then says 0) but
    // leaves its tables in the model worker, so later models still train on it and are recorded
    // against it; a load that replaces it stops the batch (dataChanged).
    const data = this.stamp();
    const batch = ++this.batch;
    this.latestBatchRunIds = [];
    this.status = 'training';
    this.error = null;
    this.notice = null;
    const done: RunRecord[] = [];
    try {
      for (let i = 0; i < opts.models.length; i++) {
        const model = opts.models[i];
        this.live = { model, index: i + 1, total: opts.models.length, phase: 'features', backend: null, rounds: [], maxRounds: 0, elapsedSec: 0, tag };
        this.startSentence = `Training ${model === 'gbdt' ? 'gradient-boosted trees' : 'logistic regression'}${opts.models.length > 1 ? `, model ${i + 1} of ${opts.models.length}` : ''}…`;
        announcer.announce(this.startSentence);
        const key = await this.ensureTable(opts.cut, 'Training failed', data);
        if (batch !== this.batch) return done;
        if (key === 'cancelled') {
          this.cancel('Training stopped: a load started while its feature table was being built. Train again when you are ready.');
          return done;
        }
        if (key === null) return done;
        const req: TrainRequest = {
          runId: this.nextRunId,
          tableKey: key,
          cut: opts.cut,
          model,
          protocol: opts.protocol,
          balance: opts.balance,
          seed,
          backend: opts.backend,
          dataName: data.dataLabel,
          gbdt: { maxRounds: gbdtRounds, learningRate },
        };
        const onProgress = Comlink.proxy((p: TrainProgress) => {
          if (batch !== this.batch || !this.live) return;
          if (p.backend) this.backend = p.backend;
          this.live = { ...this.live, phase: p.phase, backend: p.backend, rounds: p.rounds.length ? [...this.live.rounds, ...p.rounds] : this.live.rounds, maxRounds: p.maxRounds, elapsedSec: p.elapsedSec };
        });
        const call = this.worker.api.train(req, onProgress);
        this.inFlight = call;
        const outcome = await call.catch((err: unknown) => ({ ok: false as const, error: { code: 'internal' as const, message: `The model worker stopped: ${(err as Error)?.message ?? String(err)}` } }));
        if (this.inFlight === call) this.inFlight = null;
        if (batch !== this.batch) return done;
        if (!outcome.ok) {
          if (outcome.error.code !== 'cancelled') this.fail('Training failed', outcome.error);
          return done;
        }
        const trained: RunRecord = { ...outcome.value, ...recordedData(data), tag, stale: false };
        // A features file's run: Train's (greyed-out) cut option is not the file's cut; no note about it.
        const record: RunRecord = { ...trained, notes: runNotes(trained) };
        this.nextRunId = record.runId + 1;
        this.backend = record.backend;
        this.backendNotes = record.attempts.filter((a) => !a.ok).map((a) => `${a.backend}: ${a.reason ?? 'unavailable'}`);
        this.runs = [...this.runs, record];
        announcer.announce(`Run ${record.runId} done: ${record.model === 'gbdt' ? 'gradient-boosted trees' : 'logistic regression'}, ROC-AUC ${(record.test.natural ?? record.test.balanced).auc.toFixed(4)} on the ${record.test.natural ? 'natural-rate' : 'balanced'} test part.`);
        this.latestBatchRunIds = [...this.latestBatchRunIds, record.runId];
        this.selectedRunId = record.runId;
        done.push(record);
      }
      return done;
    } finally {
      if (batch === this.batch) {
        this.status = 'idle';
        this.live = null;
        // Short of its runs and not cancelled (a cancel moves `batch` on): it failed. The live region
        // still said "Training …" beside the error; the error itself is an alert on the page.
        if (done.length < opts.models.length) announcer.announce(this.error ? `${this.errorTitle}; the error is shown on the page.` : 'Training stopped: the feature table could not be built; Load says why.');
      }
    }
  }

  /** Scores a saved model file (from "Model file (JSON)") on the loaded data, as a new run. */
  async scoreSavedModel(file: File): Promise<RunRecord | null> {
    if (this.training || this.scoring) return null;
    this.scoring = true;
    try {
      return await this.scoreSavedModelFile(file);
    } finally {
      this.scoring = false;
    }
  }

  private async scoreSavedModelFile(file: File): Promise<RunRecord | null> {
    this.error = null;
    this.notice = null;
    // Before reading it: a multi-GB CSV picked by mistake must not be read into one string.
    const sizeProblem = modelFileSizeProblem(file.name, file.size);
    if (sizeProblem !== null) {
      this.fail('Scoring failed', { code: 'bad_model_file', message: sizeProblem });
      return null;
    }
    const data = this.stamp();
    const text = await file.text();
    const stopped = (err: unknown) => ({ ok: false as const, error: { code: 'internal' as const, message: `The model worker stopped: ${(err as Error)?.message ?? String(err)}` } });
    // Events are cut the way the model was trained (its file says), whatever Train's cut option says.
    const ownCut = await this.worker.api.savedModelCut(text, file.name).catch(stopped);
    if (!ownCut.ok) {
      this.fail('Scoring failed', ownCut.error);
      return null;
    }
    const cut = data.dataKind === 'events' ? (ownCut.value ?? this.options.cut) : this.options.cut;
    const key = await this.ensureTable(cut, 'Scoring failed', data);
    if (key === null) return null;
    const outcome = key === 'cancelled' ? null : await this.worker.api.scoreSavedModel(this.nextRunId, key, cut, text, file.name, data.dataKind).catch(stopped);
    // A load that started meanwhile: its table's build was stopped, or the data scored is gone.
    if (outcome === null || data.generation !== this.generation) {
      this.notice = `Scoring ${file.name} stopped: a load started while it ran. Score it again when you are ready.`;
      announcer.announce(this.notice);
      return null;
    }
    if (!outcome.ok) {
      this.fail('Scoring failed', outcome.error);
      return null;
    }
    const record: RunRecord = { ...outcome.value, ...recordedData(data), tag: 'saved model', stale: false };
    this.nextRunId = record.runId + 1;
    this.runs = [...this.runs, record];
    this.selectedRunId = record.runId;
    const test = record.test.natural ?? record.test.balanced;
    announcer.announce(`Scored ${file.name} on all ${test.n.toLocaleString('en-US')} sessions, ${record.cut} cut: ROC-AUC ${test.auc.toFixed(4)}.`);
    return record;
  }

  /** Stops training: between rounds if it can, else by ending the worker. The app stays usable. */
  cancel(notice = 'Training cancelled.'): void {
    if (!this.training) return;
    this.batch++;
    this.status = 'idle';
    this.live = null;
    this.notice = notice;
    announcer.replace(this.startSentence, this.notice);
    void this.worker.api.cancel();
    const pending = this.inFlight;
    if (!pending) return;
    let settled = false;
    const mark = () => (settled = true);
    pending.then(mark, mark);
    setTimeout(() => {
      if (settled || this.inFlight !== pending) return;
      // Tier three: the worker is inside one long call. Its tables and runs go with it.
      this.worker.terminate();
      this.inFlight = null;
      this.runs = this.runs.map((r) => ({ ...r, stale: true }));
    }, CANCEL_GRACE_MS);
  }

  dismissError(): void {
    this.error = null;
  }

  select(runId: number): void {
    this.selectedRunId = runId;
  }

  async thresholdMetrics(runId: number, threshold: number) {
    const outcome = await this.worker.api.thresholdMetrics(runId, threshold);
    return outcome.ok ? outcome.value : null;
  }

  async earlyPredictionPoint(runId: number, k: number) {
    const table = await this.source.tableFor('strict', k);
    if (!table || table === 'cancelled') return null;
    const outcome = await this.worker.api.earlyPredictionPoint(runId, k, Comlink.transfer(table, featureTableTransferables(table)));
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.value;
  }

  async explain(runId: number, sessionId: string) {
    const first = await this.worker.api.explain(runId, sessionId);
    if (!first.ok) throw new Error(first.error.message);
    const answer = first.value;
    const run = this.runs.find((r) => r.runId === runId);
    if (answer.found) return { ...answer, part: await this.sessionPart(run, answer) };
    // A strict-cut run cannot tell "dropped by the cut" from "not in the data" without the faithful
    // table of the same data (the load usually hands it over; not when Load's cut was strict).
    // Fetching it costs one feature pass of the ingest worker, once per load, and only on this path.
    if (answer.reason !== 'unknown' || !run || run.stale || run.dataKind !== 'events') return answer;
    const key = await this.ensureTable('faithful', 'Training failed', this.stamp(), false);
    if (key === null || key === 'cancelled') return answer;
    const again = await this.worker.api.explain(runId, sessionId);
    if (!again.ok) return answer;
    return again.value.found ? { ...again.value, part: await this.sessionPart(run, again.value) } : again.value;
  }

  /**
   * The part of a trained run a session was in: test, train, or unused (left out by the balancing),
   * as the Scores CSV says it; null when not known (a saved model, or its table could not be had).
   * The worker says only whether it is a test session. When the run left no session unused, any other
   * is a training session; else the run's plan is drawn again on the table's labels (one feature pass
   * of the ingest worker, kept on this thread only for the call).
   */
  /** The part a found session was in, as the model worker knows it (Scores (CSV)'s); none for a saved model's scoring. */
  private async sessionPart(run: RunRecord | undefined, answer: { part: ScorePart }): Promise<ScorePart | null> {
    return run && run.origin === 'trained' ? answer.part : null;
  }

  async downloadModel(run: RunRecord): Promise<void> {
    const outcome = await this.worker.api.modelFile(run.runId);
    if (!outcome.ok) this.fail('Saving the model failed', outcome.error);
    else downloadBlob(new Blob([outcome.value], { type: 'application/json' }), `${runFileStem(run)}.model.json`);
  }

  /** Every session's score under a run, with its part (train, test, unused; all test for a saved model), as CSV. */
  async downloadScores(run: RunRecord): Promise<void> {
    const outcome = await this.worker.api.scoresCsv(run.runId);
    if (!outcome.ok) this.fail('Saving the scores failed', outcome.error);
    else downloadBlob(outcome.value, `${runFileStem(run)}.scores.csv`);
  }

  /** A run's trained model as plain data (the model-file format), for the live stream to compare with. */
  async modelData(runId: number): Promise<unknown | null> {
    const outcome = await this.worker.api.modelFile(runId);
    return outcome.ok ? (JSON.parse(outcome.value) as unknown) : null;
  }

  /** The run's metrics as a documented object (metricsExport.ts), with what Results computed for it so far. */
  downloadMetrics(run: RunRecord, extra: { earlyPrediction?: readonly EarlyPredictionPoint[] | null; atThreshold?: ThresholdMetrics | null } = {}): void {
    downloadJson(metricsExport(run, extra), `${runFileStem(run)}.metrics.json`);
  }

  private stamp(): DataStamp {
    return { dataVersion: this.source.dataVersion, dataLabel: this.source.dataLabel, dataKind: this.source.dataKind, generation: this.generation };
  }

  private fail(title: TrainingErrorTitle, error: WorkerError): void {
    this.errorTitle = title;
    this.error = error;
  }

  /**
   * Makes sure the model worker holds the table for this cut; returns its key, null when there is no
   * data or its table could not be built, 'cancelled' when a load stopped the build or replaced the data.
   */
  private async ensureTable(cut: CutMode, title: TrainingErrorTitle, data: DataStamp, reportNoData = true): Promise<string | null | 'cancelled'> {
    const version = data.dataVersion;
    if (version === 0) {
      if (reportNoData) this.fail(title, { code: 'no_data', message: 'No data is loaded: load a CSV file or the demo data first.' });
      return null;
    }
    // A features file has one table, whatever the cut option says.
    const key = `${version}:${data.dataKind === 'features' ? 'file' : cut}`;
    if (await this.worker.api.hasTable(key)) return key;
    const table = await this.source.tableFor(cut);
    // Not stored under the old data's key: a table of data loaded since would be scored as the old.
    if (table === 'cancelled' || data.generation !== this.generation) return 'cancelled';
    if (!table) return null;
    await this.worker.api.setTable(key, Comlink.transfer(table, featureTableTransferables(table)));
    return key;
  }
}
