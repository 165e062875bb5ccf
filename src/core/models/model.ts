// A trained model is plain data (JSON-ready, structured-clone-ready): scoring needs no tfjs, so the
// app can score saved models, explain rows and export without loading a backend.
import type { FeatureTable, FeatureColumn } from '../features/featureTable.ts';
import type { GbdtModel } from './gbdt/gbdt.ts';
import type { LogisticModel } from './logistic.ts';
import { selectColumns } from './training.ts';
import type { Tree } from './gbdt/tree.ts';
import { gbdtLogOdds } from './gbdt/predict.ts';

export type TrainedModel = GbdtModel | LogisticModel;
export type ModelKind = TrainedModel['kind'];

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function logisticRaw(model: LogisticModel, columns: readonly FeatureColumn[], rows: ArrayLike<number>, out: Float64Array): void {
  out.fill(model.intercept);
  model.coefficients.forEach((c, j) => {
    const col = columns[j];
    const m = model.mean[j];
    const s = model.std[j];
    for (let i = 0; i < rows.length; i++) out[i] += (c * (col[rows[i]] - m)) / s;
  });
}

function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** Log-odds of a purchase for the given rows (all rows when omitted), in that order. */
export function predictLogOdds(model: TrainedModel, table: FeatureTable, rows: ArrayLike<number> = allRows(table.rows)): Float64Array {
  const columns = selectColumns(table, model.featureNames);
  const out = new Float64Array(rows.length);
  if (model.kind === 'gbdt') gbdtLogOdds(model, columns, rows, out);
  else logisticRaw(model, columns, rows, out);
  return out;
}

/** Purchase probability for the given rows (all rows when omitted). */
export function predictProba(model: TrainedModel, table: FeatureTable, rows?: ArrayLike<number>): Float64Array {
  const raw = predictLogOdds(model, table, rows);
  for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]);
  return raw;
}

export interface FeatureImportance {
  readonly name: string;
  /** Share of the total (sums to 1): split gain for GBDT, |standardised coefficient| for logistic. */
  readonly importance: number;
  /** Logistic only: the signed coefficient per standard deviation of the feature. */
  readonly coefficient?: number;
}

function totalGain(trees: readonly Tree[], numFeatures: number): Float64Array {
  const gain = new Float64Array(numFeatures);
  for (const t of trees) for (let n = 0; n < t.feature.length; n++) if (t.feature[n] >= 0) gain[t.feature[n]] += t.gain[n];
  return gain;
}

/** Importance per feature, in the model's feature order. */
export function featureImportance(model: TrainedModel): FeatureImportance[] {
  const raw = model.kind === 'gbdt' ? Array.from(totalGain(model.trees, model.featureNames.length)) : model.coefficients.map(Math.abs);
  const sum = raw.reduce((a, b) => a + b, 0);
  return model.featureNames.map((name, j) => ({
    name,
    importance: sum > 0 ? raw[j] / sum : 0,
    ...(model.kind === 'logistic' ? { coefficient: model.coefficients[j] } : {}),
  }));
}
