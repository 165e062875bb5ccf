// Logistic regression: learns a separable problem, standardises on fitting rows only, is deterministic,
// and gives the same model on cpu and wasm within float32 matMul rounding.
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/models/backend.ts';
import { createLogisticTrainer, fitStandardization, solveSpd, type LogisticModel } from '../../src/core/models/logistic.ts';
import { metricsAt, rocAuc } from '../../src/core/models/metrics.ts';
import { predictProba } from '../../src/core/models/model.ts';
import { rankScores } from '../../src/core/models/ranking.ts';
import { allRows, balancedClassWeights, stratifiedSplit, UNIT_WEIGHTS } from '../../src/core/models/split.ts';
import { runTrainer, type TrainingSet } from '../../src/core/models/training.ts';
import { separableTable, sessionLikeTable } from './syntheticTable.ts';

describe('solveSpd', () => {
  it('solves a 3×3 symmetric positive-definite system', () => {
    // A = [[4,2,0],[2,3,1],[0,1,2]], x = [1,−1,2] → b = A·x = [2, 1, 3]
    const x = solveSpd(Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]), Float64Array.from([2, 1, 3]));
    [1, -1, 2].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
  });
  it('refuses a matrix that is not positive definite', () => {
    expect(() => solveSpd(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]))).toThrow(/positive definite/);
  });
});

describe('fitStandardization', () => {
  it('uses only the given rows; a constant column gets std 1', () => {
    const cols = [Float64Array.from([1, 3, 100]), Float64Array.from([5, 5, 7])];
    const s = fitStandardization(cols, Int32Array.from([0, 1]));
    expect(s.mean).toEqual([2, 5]);
    expect(s.std).toEqual([1, 1]);
  });
});

function setFor(table: ReturnType<typeof separableTable>, seed: number): { set: TrainingSet; test: Int32Array } {
  const outer = stratifiedSplit(table.label, allRows(table.rows), 0.2, seed);
  const inner = stratifiedSplit(table.label, outer.train, 0.1, seed + 1);
  return { set: { table, features: table.names, fitRows: inner.train, validRows: inner.test, classWeights: UNIT_WEIGHTS, seed }, test: outer.test };
}

describe('logistic regression', () => {
  const table = separableTable(3000, 8);
  const { set, test } = setFor(table, 2);

  it('separates a linearly separable problem: AUC 1, accuracy ≥ 0.99, coefficient signs of the truth', async () => {
    const { tf } = await initBackend(['cpu']);
    const { model, curve } = await runTrainer(createLogisticTrainer(tf, set));
    const y = Uint8Array.from(test, (r) => table.label[r]);
    const p = predictProba(model, table, test);
    expect(rocAuc(rankScores(y, p))).toBe(1);
    expect(metricsAt(y, p, 0.5).accuracy).toBeGreaterThanOrEqual(0.99);
    // truth: 2a − (b − 10)/3 + 5c
    expect(model.coefficients[0]).toBeGreaterThan(0);
    expect(model.coefficients[1]).toBeLessThan(0);
    expect(model.coefficients[2]).toBeGreaterThan(0);
    expect(curve[curve.length - 1].trainLoss).toBeLessThan(curve[0].trainLoss);
    expect(model.mean[1]).toBeCloseTo(10, 0);
  });

  it('is deterministic and agrees across cpu and wasm to float32 rounding', async () => {
    const table2 = sessionLikeTable(5000, 3);
    const s = setFor(table2, 5).set;
    const run = async (b: 'cpu' | 'wasm'): Promise<LogisticModel> => {
      const rt = await initBackend([b]);
      return (await runTrainer(createLogisticTrainer(rt.tf, s))).model;
    };
    const a = await run('cpu');
    expect(await run('cpu')).toEqual(a);
    const w = await run('wasm');
    w.coefficients.forEach((c, j) => expect(c, `coefficient ${j}`).toBeCloseTo(a.coefficients[j], 4));
    expect(w.intercept).toBeCloseTo(a.intercept, 4);
  });

  it('class weights raise the intercept on a rare class (more flagged at 0.5)', async () => {
    const { tf } = await initBackend(['cpu']);
    const t = sessionLikeTable(4000, 9);
    const s = setFor(t, 1).set;
    const plain = (await runTrainer(createLogisticTrainer(tf, s))).model;
    const weighted = (await runTrainer(createLogisticTrainer(tf, { ...s, classWeights: balancedClassWeights(t.label, s.fitRows) }))).model;
    expect(weighted.intercept).toBeGreaterThan(plain.intercept + 1);
  });
});
