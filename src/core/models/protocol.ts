// Evaluation protocols, end to end from a FeatureTable to a typed report.
//
// faithful: the original project's method: undersample *all* sessions to 1:1, split that 80/20
//   without stratification, train, and score the balanced 20 %. Its numbers are what the original
//   reported, not what a shop would see at its real purchase rate.
// honest (default): split sessions 80/20 stratified first; balance only the training part
//   (undersample | class weights | none); score the untouched test part at the natural purchase rate
//   and, for comparison with faithful, a seeded 1:1 subset of it.
// In both, the validation rows for early stopping come from the training part only.
import type { FeatureTable } from '../features/featureTable.ts';
import type { TfRuntime } from './backend.ts';
import { evaluateScores, type EvaluationReport } from './evaluation.ts';
import { createGbdtTrainer, type GbdtParams } from './gbdt/gbdt.ts';
import { createLogisticTrainer, type LogisticParams } from './logistic.ts';
import { featureImportance, predictProba, type ModelKind, type TrainedModel } from './model.ts';
import { deriveSeed } from './random.ts';
import { allRows, balancedClassWeights, countPositives, randomSplit, stratifiedSplit, undersample, UNIT_WEIGHTS, type ClassWeights } from './split.ts';
import { classCounts, trainingDataProblem } from './trainingDataCheck.ts';
import { runTrainer, TrainingError, type CancelFlag, type RoundReport, type StepTrainer, type TrainingSet } from './training.ts';

export type ProtocolName = 'honest' | 'faithful';
export type BalanceMode = 'undersample' | 'weights' | 'none';

export interface ProtocolOptions {
  readonly model: ModelKind;
  readonly protocol: ProtocolName;
  /** honest only: how the training part is balanced (faithful has balanced everything already). */
  readonly balance: BalanceMode;
  readonly seed: number;
  /** Default: every column of the table. */
  readonly features?: readonly string[];
  readonly testFraction?: number;
  readonly validationFraction?: number;
  readonly threshold?: number;
  readonly gbdt?: Partial<GbdtParams>;
  readonly logistic?: Partial<LogisticParams>;
  readonly onRound?: (report: RoundReport) => void;
  readonly signal?: CancelFlag;
}

export interface TrainSummary {
  /** Training part after balancing (fitting + validation rows). */
  readonly rows: number;
  readonly positives: number;
  readonly fitRows: number;
  readonly validRows: number;
  readonly classWeights: ClassWeights;
  readonly seconds: number;
  /** Steps run and steps kept (trees or Newton steps). */
  readonly rounds: number;
  readonly keptRounds: number;
  readonly curve: RoundReport[];
  readonly aborted: boolean;
}

export interface ProtocolReport {
  readonly model: ModelKind;
  readonly backend: string;
  readonly protocol: ProtocolName;
  readonly balance: BalanceMode;
  readonly seed: number;
  readonly features: readonly string[];
  readonly sessions: { readonly rows: number; readonly positives: number };
  readonly train: TrainSummary;
  readonly test: {
    /** The test part at the real purchase rate; null under faithful, whose test part is balanced. */
    readonly natural: EvaluationReport | null;
    readonly balanced: EvaluationReport;
  };
  readonly featureImportance: Record<string, number>;
  /** Deviations a reader should know about, in words. */
  readonly notes: string[];
  readonly trainedModel: TrainedModel;
}

export interface RowPlan {
  train: Int32Array;
  /** The training part as the split left it, before any undersampling of it (for the data check's message). */
  trainBeforeBalancing: Int32Array;
  /** faithful: every session undersampled to 1:1, before the split; null under honest. */
  balancedAll: Int32Array | null;
  naturalTest: Int32Array | null;
  balancedTest: Int32Array;
  classWeights: ClassWeights;
  notes: string[];
}

/** Which rows train and which test, per protocol. Exported for tests. */
export function planRows(label: Uint8Array, opts: Pick<ProtocolOptions, 'protocol' | 'balance' | 'seed' | 'testFraction'>): RowPlan {
  const testFraction = opts.testFraction ?? 0.2;
  const rows = allRows(label.length);
  if (opts.protocol === 'faithful') {
    const balanced = undersample(label, rows, deriveSeed(opts.seed, 'faithful:undersample'));
    const split = randomSplit(balanced, testFraction, deriveSeed(opts.seed, 'faithful:split'));
    const notes = ['faithful: all sessions undersampled to 1:1 before an unstratified split; metrics are on a test part of about (not exactly) half buyers, not at the real purchase rate.'];
    // Said without CLI flags: the same note shows in the browser's Results, where there are none.
    if (opts.balance !== 'undersample') {
      notes.push(`The faithful protocol undersamples all sessions to 1:1 before splitting, so the balancing choice (${opts.balance === 'weights' ? 'class weights' : 'none'}) does not apply.`);
    }
    return { train: split.train, trainBeforeBalancing: split.train, balancedAll: balanced, naturalTest: null, balancedTest: split.test, classWeights: UNIT_WEIGHTS, notes };
  }
  const split = stratifiedSplit(label, rows, testFraction, deriveSeed(opts.seed, 'honest:split'));
  const train = opts.balance === 'undersample' ? undersample(label, split.train, deriveSeed(opts.seed, 'honest:undersample')) : split.train;
  return {
    train,
    trainBeforeBalancing: split.train,
    balancedAll: null,
    naturalTest: split.test,
    balancedTest: undersample(label, split.test, deriveSeed(opts.seed, 'honest:balanced-test')),
    classWeights: opts.balance === 'weights' ? balancedClassWeights(label, train) : UNIT_WEIGHTS,
    notes: [],
  };
}

/** Why this plan's parts are too small to train and evaluate on (see trainingDataCheck.ts), or null. */
export function planProblem(label: Uint8Array, plan: Pick<RowPlan, 'train' | 'trainBeforeBalancing' | 'balancedAll' | 'naturalTest' | 'balancedTest'>): string | null {
  return trainingDataProblem({
    all: classCounts(label, allRows(label.length)),
    balancedAll: plan.balancedAll ? classCounts(label, plan.balancedAll) : null,
    test: classCounts(label, plan.naturalTest ?? plan.balancedTest),
    trainBeforeBalancing: classCounts(label, plan.trainBeforeBalancing),
    train: classCounts(label, plan.train),
    trainUndersampled: plan.train !== plan.trainBeforeBalancing,
  });
}

/** Throws a TrainingError when the protocol would leave too few buyers or non-buyers to train and test on. */
export function assertEnoughData(label: Uint8Array, opts: Pick<ProtocolOptions, 'protocol' | 'balance' | 'seed' | 'testFraction'>): void {
  const problem = planProblem(label, planRows(label, opts));
  if (problem !== null) throw new TrainingError('not_enough_data', problem);
}

function labelsOf(label: Uint8Array, rows: Int32Array): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = label[rows[i]];
  return out;
}

export function evaluateRows(model: TrainedModel, table: FeatureTable, rows: Int32Array, threshold = 0.5): EvaluationReport {
  return evaluateScores(labelsOf(table.label, rows), predictProba(model, table, rows), threshold);
}

export async function runProtocol(runtime: TfRuntime, table: FeatureTable, opts: ProtocolOptions): Promise<ProtocolReport> {
  const features = opts.features ?? table.names;
  const plan = planRows(table.label, opts);
  const problem = planProblem(table.label, plan);
  if (problem !== null) throw new TrainingError('not_enough_data', problem);
  const valid = stratifiedSplit(table.label, plan.train, opts.validationFraction ?? 0.1, deriveSeed(opts.seed, 'validation'));
  const set: TrainingSet = { table, features, fitRows: valid.train, validRows: valid.test, classWeights: plan.classWeights, seed: opts.seed };
  const trainer: StepTrainer<TrainedModel> =
    opts.model === 'gbdt' ? createGbdtTrainer(runtime.tf, set, opts.gbdt) : createLogisticTrainer(runtime.tf, set, opts.logistic);
  const outcome = await runTrainer(trainer, { onRound: opts.onRound, signal: opts.signal });
  const model = outcome.model;
  const threshold = opts.threshold ?? 0.5;
  const importance = Object.fromEntries(featureImportance(model).map((f) => [f.name, f.importance]));
  return {
    model: opts.model,
    backend: runtime.backend,
    protocol: opts.protocol,
    balance: opts.balance,
    seed: opts.seed,
    features: [...features],
    sessions: { rows: table.rows, positives: countPositives(table.label, allRows(table.rows)) },
    train: {
      rows: plan.train.length,
      positives: countPositives(table.label, plan.train),
      fitRows: set.fitRows.length,
      validRows: set.validRows.length,
      classWeights: plan.classWeights,
      seconds: outcome.seconds,
      rounds: outcome.curve.length,
      keptRounds: outcome.keptRounds,
      curve: outcome.curve,
      aborted: outcome.aborted,
    },
    test: {
      natural: plan.naturalTest ? evaluateRows(model, table, plan.naturalTest, threshold) : null,
      balanced: evaluateRows(model, table, plan.balancedTest, threshold),
    },
    featureImportance: importance,
    notes: plan.notes,
    trainedModel: model,
  };
}
