// "Why this score": per-feature contributions to one session's log-odds that add up exactly to it.
// GBDT: path attribution (Saabas): walking a tree from the root, each split credits its feature with
// the change in node value; the root values form the bias. Logistic: coefficient × standardised value.
import type { FeatureTable } from '../features/featureTable.ts';
import type { TrainedModel } from './model.ts';
import { selectColumns } from './training.ts';

export interface FeatureContribution {
  readonly name: string;
  /** The session's raw feature value. */
  readonly value: number;
  /** Change in log-odds credited to this feature. */
  readonly contribution: number;
}

export interface Explanation {
  /** Log-odds before any feature is looked at (GBDT: baseline + the trees' root values; logistic: intercept). */
  readonly bias: number;
  /** bias + Σ contributions. */
  readonly logOdds: number;
  readonly probability: number;
  /** In the model's feature order. */
  readonly contributions: FeatureContribution[];
}

export function explainRow(model: TrainedModel, table: FeatureTable, row: number): Explanation {
  if (!(row >= 0 && row < table.rows)) throw new Error(`row ${row} is outside the table (0..${table.rows - 1})`);
  const columns = selectColumns(table, model.featureNames);
  const credit = new Float64Array(columns.length);
  let bias: number;
  if (model.kind === 'gbdt') {
    bias = model.baseline;
    for (const t of model.trees) {
      let node = 0;
      bias += t.value[0];
      while (t.feature[node] >= 0) {
        const f = t.feature[node];
        const next = columns[f][row] > t.threshold[node] ? t.right[node] : t.left[node];
        credit[f] += t.value[next] - t.value[node];
        node = next;
      }
    }
  } else {
    bias = model.intercept;
    for (let j = 0; j < columns.length; j++) credit[j] = (model.coefficients[j] * (columns[j][row] - model.mean[j])) / model.std[j];
  }
  const logOdds = credit.reduce((a, b) => a + b, bias);
  return {
    bias,
    logOdds,
    probability: 1 / (1 + Math.exp(-logOdds)),
    contributions: model.featureNames.map((name, j) => ({ name, value: columns[j][row], contribution: credit[j] })),
  };
}
