// The model side of the app, as the model worker runs it: feature tables handed over from the
// ingest worker, training runs under an evaluation protocol on the chosen tfjs backend, and what the
// Results view asks of a finished run (threshold metrics, early prediction, "why this score",
// the model file). tfjs is imported lazily by src/core/models/backend.ts.
import { sessionIdAt, type FeatureTable } from '../../src/core/features/featureTable.ts';
import { FAITHFUL_CUT_NOTE } from '../../src/core/features/featureDefinitions.ts';
import type { CutMode } from '../../src/core/features/sessionFeatures.ts';
import { initBackend, type BackendAttempt, type BackendName, type TfRuntime } from '../../src/core/models/backend.ts';
import { explainRow } from '../../src/core/models/contributions.ts';
import { earlyPredictionCurve, type EarlyPredictionPoint } from '../../src/core/models/earlyPrediction.ts';
import { DEFAULT_GBDT_PARAMS, type GbdtParams } from '../../src/core/models/gbdt/gbdt.ts';
import { DEFAULT_LOGISTIC_PARAMS } from '../../src/core/models/logistic.ts';
import { metricsAt, type ThresholdMetrics } from '../../src/core/models/metrics.ts';
import { featureImportance, predictProba, type FeatureImportance, type ModelKind, type TrainedModel } from '../../src/core/models/model.ts';
import { ModelFileError, parseModelFile, serializeModel } from '../../src/core/models/modelFile.ts';
import { readSavedModelInfo, savedModelCut, savedModelCutNote, savedModelNotes, type ModelFileMetadata, type SavedModelInfo } from '../../src/core/models/savedModel.ts';
import { assertEnoughData, evaluateRows, planRows, runProtocol, type BalanceMode, type ProtocolName, type ProtocolReport } from '../../src/core/models/protocol.ts';
import { allRows, countPositives, undersample, UNIT_WEIGHTS } from '../../src/core/models/split.ts';
import { deriveSeed } from '../../src/core/models/random.ts';
import { TrainingError, type RoundReport } from '../../src/core/models/training.ts';
import { trainRequestProblem } from '../../src/core/models/trainOptionsValidation.ts';
import { PART_NAMES, rowParts, scoresCsvChunks } from '../../src/core/models/scoresCsv.ts';
import { findSessionRow } from './sessionLookup.ts';
import { CancelledError } from './runControl.ts';

export type BackendChoice = 'auto' | BackendName;

export interface TrainRequest {
  runId: number;
  /** Which handed-over table to train on (see setTable). */
  tableKey: string;
  cut: CutMode;
  model: ModelKind;
  protocol: ProtocolName;
  balance: BalanceMode;
  seed: number;
  backend: BackendChoice;
  /** The loaded data's name (file name or demo label), written into the model file. */
  dataName?: string;
  gbdt?: Partial<Pick<GbdtParams, 'maxRounds' | 'learningRate' | 'maxLeaves'>>;
}

export interface TrainProgress {
  phase: 'backend' | 'training' | 'evaluating';
  /** The backend that runs (known after the 'backend' phase). */
  backend: string | null;
  /** Round reports since the previous message (batched: at most 10 messages a second). */
  rounds: RoundReport[];
  maxRounds: number;
  elapsedSec: number;
}

export interface ExampleSession {
  sessionId: string;
  probability: number;
  label: number;
}

/** A finished run as the UI shows it (no model internals, no per-row arrays). */
export interface RunResult extends Omit<ProtocolReport, 'trainedModel' | 'featureImportance'> {
  runId: number;
  /** Trained here, or a saved model file scored on the data (no training part, no test part, no loss curve). */
  origin: 'trained' | 'saved';
  /** A saved model's file name and what its file says about its training (its own test AUC…); null when trained here. */
  saved: SavedModelInfo | null;
  cut: CutMode;
  attempts: BackendAttempt[];
  /** Sorted by importance, largest first. */
  importance: FeatureImportance[];
  /** Which test part the threshold slider and look-ups use: natural rate (honest) or balanced (faithful). */
  evaluatedOn: 'natural' | 'balanced';
  /** Test sessions to try in the look-up: the highest scores and a few buyers. */
  examples: ExampleSession[];
  totalSeconds: number;
}

interface StoredRun {
  model: TrainedModel;
  /** The key of `table` ("<data version>:<cut>"), to find the same data under another cut. */
  tableKey: string;
  table: FeatureTable;
  /** What "Model file (JSON)" writes for this run. */
  metadata: ModelFileMetadata;
  testRows: Int32Array;
  /**
   * Each table row's part (rowParts: 0 unused, 1 train, 2 test), as Scores (CSV) writes it: "why this
   * score" says which part a session was in (undersampling leaves most out of training). 1 byte a session.
   */
  parts: Uint8Array;
  testLabels: Uint8Array;
  testScores: Float64Array;
  result: RunResult;
}

/**
 * Why a session id has no feature row in a run's table. `strict_cut`: the faithful table of the same
 * data has it, so the strict cut dropped it (a session whose first event is its purchase).
 * `unknown`: a strict-cut run and no faithful table of the same data in this worker to ask.
 */
export type MissingSessionReason = 'strict_cut' | 'not_in_data' | 'unknown';

/** From this many sessions a feature table (~78 bytes a session) is the only one kept (setTable). */
export const LARGE_TABLE_ROWS = 2_000_000;

/** Runs kept for the Results view; older ones drop their per-row arrays (a few MB each at 1M sessions). */
const MAX_RUNS = 24;

export class ModelWorkspace {
  private tables = new Map<string, FeatureTable>();
  private runs = new Map<number, StoredRun>();
  private runtime: TfRuntime | null = null;
  private runtimeChoice: BackendChoice | null = null;
  private abort = { aborted: false };

  /**
   * Keeps a table for training; tables whose key starts with another data version are dropped, and so
   * is the other cut's table of the same data when this one is large (LARGE_TABLE_ROWS). The load
   * hands over the faithful table and Train's default is the strict cut: keeping both held 1.44 GB
   * of feature tables on the month instead of 0.72. A table that is dropped is asked for again when
   * needed (one feature pass of the loaded events); runs keep the table they were trained on.
   */
  setTable(key: string, table: FeatureTable): void {
    const version = key.split(':')[0];
    for (const k of [...this.tables.keys()]) if (k.split(':')[0] !== version || (table.rows >= LARGE_TABLE_ROWS && k !== key)) this.tables.delete(k);
    this.tables.set(key, table);
  }

  hasTable(key: string): boolean {
    return this.tables.has(key);
  }

  /** Forgets all data and runs (a new file is being loaded). */
  clear(): void {
    this.tables.clear();
    this.runs.clear();
  }

  cancel(): void {
    this.abort.aborted = true;
  }

  async train(req: TrainRequest, onProgress: (p: TrainProgress) => void): Promise<RunResult> {
    const table = this.tables.get(req.tableKey);
    if (!table) throw new Error(`the feature table "${req.tableKey}" is not in the model worker; load the data again`);
    // Refused before tfjs loads: out-of-range options and too little data fail at once, in words.
    const optionsProblem = trainRequestProblem(req);
    if (optionsProblem !== null) throw new TrainingError('bad_request', optionsProblem);
    assertEnoughData(table.label, { protocol: req.protocol, balance: req.balance, seed: req.seed });
    const abort = (this.abort = { aborted: false });
    const t0 = performance.now();
    const maxRounds = req.model === 'gbdt' ? (req.gbdt?.maxRounds ?? DEFAULT_GBDT_PARAMS.maxRounds) : DEFAULT_LOGISTIC_PARAMS.maxIterations;
    const elapsed = () => (performance.now() - t0) / 1000;
    onProgress({ phase: 'backend', backend: null, rounds: [], maxRounds, elapsedSec: 0 });
    const runtime = await this.backend(req.backend);
    if (abort.aborted) throw new CancelledError();

    let pending: RoundReport[] = [];
    let lastSent = 0;
    const flush = (phase: TrainProgress['phase']) => {
      onProgress({ phase, backend: runtime.backend, rounds: pending, maxRounds, elapsedSec: elapsed() });
      pending = [];
      lastSent = performance.now();
    };
    flush('training');
    const report = await runProtocol(runtime, table, {
      model: req.model,
      protocol: req.protocol,
      balance: req.balance,
      seed: req.seed,
      gbdt: req.gbdt,
      signal: abort,
      onRound: (r) => {
        pending.push(r);
        if (performance.now() - lastSent >= 100) flush('training');
      },
    });
    if (abort.aborted || report.train.aborted) throw new CancelledError();
    flush('evaluating');

    const plan = planRows(table.label, { protocol: req.protocol, balance: req.balance, seed: req.seed });
    const testRows = plan.naturalTest ?? plan.balancedTest;
    const testLabels = new Uint8Array(testRows.length);
    for (let i = 0; i < testRows.length; i++) testLabels[i] = table.label[testRows[i]];
    const testScores = predictProba(report.trainedModel, table, testRows);
    const { trainedModel, featureImportance: _imp, ...rest } = report;
    // A loaded features file's table ("<version>:file") has the cut it was computed with, not Train's
    // (greyed-out) option: its model file and notes claim none.
    const ownCut = req.tableKey.endsWith(':file') ? undefined : req.cut;
    const result: RunResult = {
      ...rest,
      notes: ownCut === 'faithful' ? [...rest.notes, FAITHFUL_CUT_NOTE] : rest.notes,
      runId: req.runId,
      origin: 'trained',
      saved: null,
      cut: req.cut,
      attempts: [...runtime.attempts],
      importance: featureImportance(trainedModel).sort((a, b) => b.importance - a.importance),
      evaluatedOn: plan.naturalTest ? 'natural' : 'balanced',
      examples: exampleSessions(table, testRows, testLabels, testScores),
      totalSeconds: elapsed(),
    };
    const metadata: ModelFileMetadata = {
      protocol: result.protocol,
      balance: result.balance,
      cut: ownCut,
      seed: result.seed,
      backend: result.backend,
      testAuc: (result.test.natural ?? result.test.balanced).auc,
      testSet: result.evaluatedOn,
      dataName: req.dataName,
      runId: req.runId,
    };
    this.runs.set(req.runId, { model: trainedModel, tableKey: req.tableKey, table, metadata, testRows, parts: rowParts(table.rows, plan).part, testLabels, testScores, result });
    while (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value as number);
    return result;
  }

  /** The leakage cut a saved model's file says it was trained on (null: it does not say); throws on a file that is not a model. */
  savedModelCut(fileText: string, fileName: string): CutMode | null {
    return savedModelCut(readSavedModelInfo(parseModelFile(fileText, fileName), fileName));
  }

  /**
   * A saved model file scored on every session of a table, as a run: the Results view's questions
   * (threshold, look-up, early prediction) work on it too. Plain JS scoring, no tfjs backend. `cut` is
   * the table's; `dataKind` 'features' when the table is a features file as loaded (its cut is its own).
   */
  scoreSavedModel(runId: number, tableKey: string, cut: CutMode, fileText: string, fileName: string, dataKind: 'events' | 'features' = 'events'): RunResult {
    const table = this.tables.get(tableKey);
    if (!table) throw new Error(`the feature table "${tableKey}" is not in the model worker; load the data again`);
    const t0 = performance.now();
    const file = parseModelFile(fileText, fileName);
    const model = file.model;
    const missing = model.featureNames.filter((n) => !table.names.includes(n));
    if (missing.length > 0) throw new ModelFileError(`The model in ${fileName} uses features this data does not have: ${missing.join(', ')}.`);
    const saved = readSavedModelInfo(file, fileName);
    const plan = savedModelPlan(table);
    const rows = plan.naturalTest;
    const natural = evaluateRows(model, table, rows);
    const balanced = evaluateRows(model, table, plan.balancedTest);
    const cutNote = savedModelCutNote(saved, dataKind === 'features' ? null : cut);
    const testLabels = table.label.slice();
    const testScores = predictProba(model, table, rows);
    const result: RunResult = {
      model: model.kind,
      backend: 'saved model (JS scoring)',
      // How the saved model was trained, as its file says (the UI shows "scored only" for this run:
      // nothing was split or balanced here).
      protocol: saved.protocol ?? 'honest',
      balance: saved.balance ?? 'undersample',
      seed: saved.seed ?? 0,
      features: [...model.featureNames],
      sessions: { rows: table.rows, positives: countPositives(table.label, rows) },
      train: { rows: 0, positives: 0, fitRows: 0, validRows: 0, classWeights: UNIT_WEIGHTS, seconds: 0, rounds: 0, keptRounds: model.kind === 'gbdt' ? model.trees.length : 1, curve: [], aborted: false },
      test: { natural, balanced },
      notes: [...savedModelNotes(saved, table.rows, natural.auc), ...(cutNote === null ? [] : [cutNote]), ...(dataKind === 'events' && cut === 'faithful' ? [FAITHFUL_CUT_NOTE] : [])],
      runId,
      origin: 'saved',
      saved,
      cut,
      attempts: [],
      importance: featureImportance(model).sort((a, b) => b.importance - a.importance),
      evaluatedOn: 'natural',
      examples: exampleSessions(table, rows, testLabels, testScores),
      totalSeconds: (performance.now() - t0) / 1000,
    };
    // Saving it again keeps what its file said about its training, not this scoring.
    this.runs.set(runId, { model, tableKey, table, metadata: file.metadata as ModelFileMetadata, testRows: rows, parts: new Uint8Array(table.rows).fill(2), testLabels, testScores, result });
    while (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value as number);
    return result;
  }

  /** Confusion matrix and metrics of a run's test part at a threshold (the slider). */
  thresholdMetrics(runId: number, threshold: number): ThresholdMetrics {
    const run = this.requireRun(runId);
    return metricsAt(run.testLabels, run.testScores, threshold);
  }

  /** One point of the early-prediction curve: the run's test sessions as seen after k events. */
  earlyPredictionPoint(runId: number, k: number, tableK: FeatureTable): EarlyPredictionPoint {
    const run = this.requireRun(runId);
    return earlyPredictionCurve(run.model, run.table, run.testRows, [{ k, table: tableK }])[0];
  }

  /** "Why this score" for one session of the run's table; when it has no row there, why not. */
  explain(runId: number, sessionId: string) {
    const run = this.requireRun(runId);
    const id = sessionId.trim();
    const row = findSessionRow(run.table, id);
    if (row < 0) return { found: false as const, sessionId: id, reason: this.missingReason(run, id) };
    const ex = explainRow(run.model, run.table, row);
    const contributions = [...ex.contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    const inTest = binarySearch(run.testRows, row);
    return { found: true as const, sessionId: id, label: run.table.label[row], inTest, part: PART_NAMES[run.parts[row]], ...ex, contributions };
  }

  /**
   * The faithful cut keeps every session (it drops only events after a purchase), so its table of the
   * same data tells "the strict cut dropped it" from "not in the data". The load hands that table
   * over first, so it is usually here.
   */
  private missingReason(run: StoredRun, sessionId: string): MissingSessionReason {
    const [version, cut] = run.tableKey.split(':');
    if (cut !== 'strict') return 'not_in_data';
    const faithful = this.tables.get(`${version}:faithful`);
    if (!faithful) return 'unknown';
    return findSessionRow(faithful, sessionId) >= 0 ? 'strict_cut' : 'not_in_data';
  }

  /**
   * Every session's score under a trained run, with the part it fell in (scoresCsv.ts), as a CSV
   * Blob built from bounded chunks: metrics can then be recomputed with other tools. The plan is the
   * one the run used, drawn again from its protocol, balance and seed (planRows is deterministic).
   */
  scoresCsv(runId: number): Blob {
    const run = this.requireRun(runId);
    const { protocol, balance, seed } = run.result;
    // A saved model scored here was not trained here: every session is in its test part.
    const plan = run.result.origin === 'saved' ? savedModelPlan(run.table) : planRows(run.table.label, { protocol, balance, seed });
    // Each chunk as bytes at once, so its text can be collected while the next is written (the
    // month's 9.2M lines are ~0.55 GB of text).
    const encoder = new TextEncoder();
    const parts: Uint8Array[] = [];
    for (const chunk of scoresCsvChunks(run.table, plan, predictProba(run.model, run.table))) parts.push(encoder.encode(chunk));
    return new Blob(parts as BlobPart[], { type: 'text/csv' });
  }

  /** The trained model as a JSON file (src/core/models/modelFile.ts format). */
  modelFile(runId: number): string {
    const run = this.requireRun(runId);
    return serializeModel(run.model, { ...run.metadata });
  }

  private async backend(choice: BackendChoice): Promise<TfRuntime> {
    if (this.runtime && this.runtimeChoice === choice) return this.runtime;
    this.runtime = await initBackend(choice === 'auto' ? undefined : choice);
    this.runtimeChoice = choice;
    return this.runtime;
  }

  private requireRun(runId: number): StoredRun {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`run ${runId} is no longer in the model worker (it keeps the last ${MAX_RUNS}); train it again`);
    return run;
  }
}

function binarySearch(sorted: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === x;
}

/** Indices of the k largest scores among rows passing `keep` (one pass, no full sort). */
function topIndices(scores: Float64Array, k: number, keep: (i: number) => boolean): number[] {
  const top: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!keep(i)) continue;
    if (top.length < k) top.push(i);
    else if (scores[i] > scores[top[k - 1]]) top[k - 1] = i;
    else continue;
    top.sort((a, b) => scores[b] - scores[a]);
  }
  return top;
}

function exampleSessions(table: FeatureTable, rows: Int32Array, labels: Uint8Array, scores: Float64Array): ExampleSession[] {
  const picked = new Set<number>(topIndices(scores, 3, () => true));
  for (const i of topIndices(scores, 6, (j) => labels[j] === 1)) if (picked.size < 6) picked.add(i);
  // And the lowest-scored session, for contrast.
  const lowest = topIndices(scores.map((v) => -v), 1, () => true);
  for (const i of lowest) picked.add(i);
  return [...picked].map((i) => ({ sessionId: sessionIdAt(table, rows[i]), probability: scores[i], label: labels[i] }));
}

/**
 * The parts of a saved model's scoring: no training part, every session in the test part, and a
 * 1:1 undersample of them (a fixed seed, so Scores (CSV) marks the same sessions) as the balanced one.
 */
function savedModelPlan(table: FeatureTable): { train: Int32Array; naturalTest: Int32Array; balancedTest: Int32Array } {
  const rows = allRows(table.rows);
  return { train: new Int32Array(0), naturalTest: rows, balancedTest: undersample(table.label, rows, deriveSeed(42, 'saved-model:balanced')) };
}
