// Early prediction: the same test sessions are found in each k-event table, whatever its row order.
import { describe, expect, it } from 'vitest';
import { earlyPredictionCurve, matchSessionRows } from '../../src/core/models/earlyPrediction.ts';
import { DEFAULT_LOGISTIC_PARAMS, type LogisticModel } from '../../src/core/models/logistic.ts';
import { packStrings, type FeatureTable } from '../../src/core/features/featureTable.ts';

function tableOf(ids: string[], x: number[], label: number[]): FeatureTable {
  return { names: ['x'], rows: ids.length, columns: [Float64Array.from(x)], label: Uint8Array.from(label), sessionIds: packStrings(ids) };
}

const source = tableOf(['a', 'b', 'c', 'd', 'e'], [0, 0, 0, 0, 0], [0, 1, 0, 1, 0]);
const model: LogisticModel = { kind: 'logistic', featureNames: ['x'], mean: [0], std: [1], coefficients: [1], intercept: 0, params: DEFAULT_LOGISTIC_PARAMS };

describe('matchSessionRows', () => {
  it('returns the same rows when the tables list the same sessions in the same order', () => {
    const rows = Int32Array.from([1, 3]);
    expect(matchSessionRows(source, rows, tableOf(['a', 'b', 'c', 'd', 'e'], [1, 2, 3, 4, 5], [0, 1, 0, 1, 0]))).toBe(rows);
  });
  it('finds sessions by id in another order and skips missing ones', () => {
    const target = tableOf(['e', 'd', 'b', 'x'], [0, 0, 0, 0], [0, 1, 1, 0]);
    expect([...matchSessionRows(source, Int32Array.from([1, 2, 3]), target)]).toEqual([2, 1]);
  });
});

describe('earlyPredictionCurve', () => {
  it('scores the test sessions in each k table', () => {
    const k1 = tableOf(['d', 'c', 'b', 'a'], [1, 2, 3, 4], [1, 0, 1, 0]); // b (x=3, buyer) d (x=1, buyer) vs c (x=2), a (x=4)
    const k2 = tableOf(['a', 'b', 'c', 'd'], [0, 9, 1, 8], [0, 1, 0, 1]);
    const testRows = Int32Array.from([0, 1, 2, 3]);
    const curve = earlyPredictionCurve(model, source, testRows, [
      { k: 1, table: k1 },
      { k: 2, table: k2 },
    ]);
    expect(curve.map((p) => [p.k, p.n, p.pos])).toEqual([
      [1, 4, 2],
      [2, 4, 2],
    ]);
    // k=1: buyers 3 and 1 vs non-buyers 2 and 4: pairs won (3>2) only → 1/4. k=2: perfect.
    expect(curve[0].auc).toBe(0.25);
    expect(curve[1].auc).toBe(1);
  });
});
