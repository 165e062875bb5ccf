// The step-wise training contract both models follow, so a worker can stream a live loss curve and
// cancel between steps (one tree or one optimisation epoch per step).
import type { FeatureTable, FeatureColumn } from '../features/featureTable.ts';
import type { ClassWeights } from './split.ts';

/** What a trainer needs: the table, the features to use, and which rows fit and which validate. */
export interface TrainingSet {
  readonly table: FeatureTable;
  readonly features: readonly string[];
  readonly fitRows: Int32Array;
  /** Rows for early stopping; may be empty (then all maxRounds are trained). */
  readonly validRows: Int32Array;
  readonly classWeights: ClassWeights;
  readonly seed: number;
}

/**
 * A run refused or stopped for a reason the user can act on (options out of range, too little data,
 * a model that cannot be fitted on this data). The message is written for them and names the fix;
 * the worker boundary shows it as it is, not as an unexpected failure.
 */
export class TrainingError extends Error {
  override readonly name = 'TrainingError';
  constructor(
    readonly code: 'bad_request' | 'not_enough_data' | 'training_failed',
    message: string,
  ) {
    super(message);
  }
}

export function selectColumns(table: FeatureTable, features: readonly string[]): FeatureColumn[] {
  return features.map((name) => {
    const i = table.names.indexOf(name);
    if (i < 0) throw new Error(`feature "${name}" is not in the table (has ${table.names.join(', ')})`);
    return table.columns[i];
  });
}

export interface RoundReport {
  /** 1-based step number (tree or epoch). */
  readonly round: number;
  /** Weighted mean log loss on the fitting rows after this step. */
  readonly trainLoss: number;
  /** The same on the validation rows; null when there are none. */
  readonly validLoss: number | null;
  /** Leaves of the tree just grown (GBDT only). */
  readonly leaves?: number;
}

export interface StepTrainer<M> {
  /** Runs one step; null once training has finished (limit reached or early stopping). */
  step(): Promise<RoundReport | null>;
  readonly done: boolean;
  /** The model so far (after early stopping: up to the best validation step). */
  result(): M;
  /** Steps the result keeps (≤ steps run). */
  readonly keptRounds: number;
  /** Releases backend memory; call it also after a cancel. */
  dispose(): void;
}

/** AbortSignal-like: anything with an `aborted` flag, checked between steps. */
export interface CancelFlag {
  readonly aborted: boolean;
}

export interface TrainOutcome<M> {
  readonly model: M;
  readonly keptRounds: number;
  readonly curve: RoundReport[];
  readonly aborted: boolean;
  readonly seconds: number;
}

export interface TrainLoopOptions {
  readonly onRound?: (report: RoundReport) => void;
  readonly signal?: CancelFlag;
}

/** Drive a trainer to the end (or to a cancel), then dispose it. */
export async function runTrainer<M>(trainer: StepTrainer<M>, opts: TrainLoopOptions = {}): Promise<TrainOutcome<M>> {
  const start = Date.now();
  const curve: RoundReport[] = [];
  let aborted = false;
  try {
    while (!trainer.done) {
      if (opts.signal?.aborted) {
        aborted = true;
        break;
      }
      const report = await trainer.step();
      if (report === null) break;
      curve.push(report);
      opts.onRound?.(report);
    }
    return { model: trainer.result(), keptRounds: trainer.keptRounds, curve, aborted, seconds: (Date.now() - start) / 1000 };
  } finally {
    trainer.dispose();
  }
}
