// "Why this score": contributions add up to the model's log-odds, and match a hand-walked tree.
import { describe, expect, it } from 'vitest';
import { explainRow } from '../../src/core/models/contributions.ts';
import { featureImportance, predictLogOdds, type TrainedModel } from '../../src/core/models/model.ts';
import type { GbdtModel } from '../../src/core/models/gbdt/gbdt.ts';
import { DEFAULT_GBDT_PARAMS } from '../../src/core/models/gbdt/gbdt.ts';
import { DEFAULT_LOGISTIC_PARAMS, type LogisticModel } from '../../src/core/models/logistic.ts';
import { packStrings, type FeatureTable } from '../../src/core/features/featureTable.ts';

const table: FeatureTable = {
  names: ['x', 'y'],
  rows: 3,
  columns: [Float64Array.from([1, 5, 5]), Float64Array.from([0, 0, 9])],
  label: Uint8Array.from([0, 1, 1]),
  sessionIds: packStrings(['a', 'b', 'c']),
};

// root: x ≤ 3 → leaf −0.2; else y ≤ 4 → leaf 0.1, else leaf 0.5. Internal values 0 and 0.3.
const gbdt: GbdtModel = {
  kind: 'gbdt',
  featureNames: ['x', 'y'],
  baseline: -1,
  thresholds: [[3], [4]],
  params: DEFAULT_GBDT_PARAMS,
  trees: [
    {
      feature: [0, -1, 1, -1, -1],
      bin: [0, -1, 0, -1, -1],
      threshold: [3, 0, 4, 0, 0],
      left: [1, -1, 3, -1, -1],
      right: [2, -1, 4, -1, -1],
      value: [0, -0.2, 0.3, 0.1, 0.5],
      gain: [2, 0, 1, 0, 0],
      hess: [1, 1, 1, 1, 1],
      count: [3, 1, 2, 1, 1],
    },
  ],
};

const logistic: LogisticModel = { kind: 'logistic', featureNames: ['x', 'y'], mean: [2, 1], std: [2, 4], coefficients: [0.5, -1], intercept: 0.25, params: DEFAULT_LOGISTIC_PARAMS };

describe('GBDT path attribution (Saabas)', () => {
  it('credits each split feature with the change in node value along the path', () => {
    const e = explainRow(gbdt, table, 2); // x = 5 → right (0 → 0.3), y = 9 → right (0.3 → 0.5)
    expect(e.bias).toBe(-1);
    expect(e.contributions).toEqual([
      { name: 'x', value: 5, contribution: 0.3 },
      { name: 'y', value: 9, contribution: 0.5 - 0.3 },
    ]);
    expect(e.logOdds).toBeCloseTo(-0.5, 15);
    expect(e.probability).toBeCloseTo(1 / (1 + Math.exp(0.5)), 15);
  });
  it('contributions + bias equal the prediction for every row', () => {
    const raw = predictLogOdds(gbdt, table);
    for (let r = 0; r < 3; r++) expect(explainRow(gbdt, table, r).logOdds).toBeCloseTo(raw[r], 15);
    expect(Array.from(raw)).toEqual([-1.2, -0.9, -0.5]);
  });
  it('gain importance: shares of total split gain', () => {
    expect(featureImportance(gbdt)).toEqual([
      { name: 'x', importance: 2 / 3 },
      { name: 'y', importance: 1 / 3 },
    ]);
  });
});

describe('logistic contributions', () => {
  it('coefficient × standardised value; the intercept is the bias', () => {
    const e = explainRow(logistic, table, 2); // x: 0.5·(5−2)/2 = 0.75; y: −1·(9−1)/4 = −2
    expect(e.bias).toBe(0.25);
    expect(e.contributions.map((c) => c.contribution)).toEqual([0.75, -2]);
    expect(e.logOdds).toBeCloseTo(predictLogOdds(logistic, table)[2], 15);
  });
  it('importance is |standardised coefficient| as a share, with the signed coefficient', () => {
    expect(featureImportance(logistic as TrainedModel)).toEqual([
      { name: 'x', importance: 0.5 / 1.5, coefficient: 0.5 },
      { name: 'y', importance: 1 / 1.5, coefficient: -1 },
    ]);
  });
  it('refuses a row outside the table', () => {
    expect(() => explainRow(logistic, table, 3)).toThrow(/outside the table/);
  });
});
