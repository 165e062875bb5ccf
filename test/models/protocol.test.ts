// Evaluation protocols: which rows train and test under each, and the report of a full run.
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/models/backend.ts';
import { planRows, runProtocol } from '../../src/core/models/protocol.ts';
import { countPositives } from '../../src/core/models/split.ts';
import { sessionLikeTable } from './syntheticTable.ts';

const table = sessionLikeTable(5000, 31);
const positives = countPositives(table.label, Int32Array.from({ length: table.rows }, (_, i) => i));

function disjoint(a: Int32Array, b: Int32Array): boolean {
  const s = new Set(a);
  return b.every((r) => !s.has(r));
}

describe('planRows', () => {
  it('faithful: everything undersampled 1:1, then 80/20; no natural test part', () => {
    const p = planRows(table.label, { protocol: 'faithful', balance: 'weights', seed: 1 });
    expect(p.naturalTest).toBeNull();
    expect(p.train.length + p.balancedTest.length).toBe(2 * positives);
    expect(p.balancedTest.length).toBe(Math.ceil(0.2 * 2 * positives));
    expect(countPositives(table.label, p.train) + countPositives(table.label, p.balancedTest)).toBe(positives);
    expect(disjoint(p.train, p.balancedTest)).toBe(true);
    expect(p.classWeights).toEqual({ neg: 1, pos: 1 });
    expect(p.notes.join(' ')).toMatch(/the balancing choice \(class weights\) does not apply/);
    expect(p.notes.join(' ')).not.toMatch(/--balance/);
  });

  it('honest + undersample: stratified natural test, 1:1 training part, balanced test inside the natural one', () => {
    const p = planRows(table.label, { protocol: 'honest', balance: 'undersample', seed: 1 });
    const natural = p.naturalTest as Int32Array;
    expect(countPositives(table.label, natural)).toBe(Math.ceil(0.2 * positives));
    expect(natural.length).toBe(Math.ceil(0.2 * positives) + Math.ceil(0.2 * (table.rows - positives)));
    expect(countPositives(table.label, p.train) * 2).toBe(p.train.length);
    expect(disjoint(p.train, natural)).toBe(true);
    const inNatural = new Set(natural);
    expect(p.balancedTest.every((r) => inNatural.has(r))).toBe(true);
    expect(countPositives(table.label, p.balancedTest) * 2).toBe(p.balancedTest.length);
  });

  it('honest + weights keeps every training row and weights classes; none leaves them at 1', () => {
    const w = planRows(table.label, { protocol: 'honest', balance: 'weights', seed: 1 });
    expect(w.train.length + (w.naturalTest as Int32Array).length).toBe(table.rows);
    expect(w.classWeights.pos).toBeGreaterThan(1);
    expect(w.classWeights.neg).toBeLessThan(1);
    expect(planRows(table.label, { protocol: 'honest', balance: 'none', seed: 1 }).classWeights).toEqual({ neg: 1, pos: 1 });
  });

  it('a seed fixes the plan', () => {
    const a = planRows(table.label, { protocol: 'honest', balance: 'undersample', seed: 3 });
    expect(planRows(table.label, { protocol: 'honest', balance: 'undersample', seed: 3 })).toEqual(a);
    expect(planRows(table.label, { protocol: 'honest', balance: 'undersample', seed: 4 }).train).not.toEqual(a.train);
  });
});

describe('runProtocol', () => {
  it('honest: trains on the training part only and reports natural and balanced test metrics', async () => {
    const rt = await initBackend(['cpu']);
    const rounds: number[] = [];
    const r = await runProtocol(rt, table, { model: 'gbdt', protocol: 'honest', balance: 'undersample', seed: 7, gbdt: { maxRounds: 5 }, onRound: (x) => rounds.push(x.round) });
    expect(r).toMatchObject({ model: 'gbdt', backend: 'cpu', protocol: 'honest', balance: 'undersample', seed: 7 });
    expect(rounds).toEqual([1, 2, 3, 4, 5]);
    expect(r.train.fitRows + r.train.validRows).toBe(r.train.rows);
    expect(r.train.rows).toBe(2 * r.train.positives);
    const natural = r.test.natural;
    expect(natural?.n).toBe(Math.ceil(0.2 * positives) + Math.ceil(0.2 * (table.rows - positives)));
    expect(natural?.auc).toBeGreaterThan(0.7);
    expect(r.test.balanced.pos * 2).toBe(r.test.balanced.n);
    expect(Object.keys(r.featureImportance)).toEqual([...table.names]);
    expect(Object.values(r.featureImportance).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // A balanced training part over-predicts buyers at the natural rate: more flagged than bought.
    expect((natural?.confusion.tp ?? 0) + (natural?.confusion.fp ?? 0)).toBeGreaterThan(natural?.pos ?? Infinity);
  });

  it('faithful: a balanced test part only, and both F1 flavours', async () => {
    const rt = await initBackend(['cpu']);
    const r = await runProtocol(rt, table, { model: 'logistic', protocol: 'faithful', balance: 'undersample', seed: 7 });
    expect(r.test.natural).toBeNull();
    expect(r.test.balanced.n).toBe(Math.ceil(0.2 * 2 * positives));
    expect(r.test.balanced.f1).toBeGreaterThan(0);
    expect(r.test.balanced.weightedF1).toBeGreaterThan(0);
    expect(r.test.balanced.f1).not.toBe(r.test.balanced.weightedF1);
  });
});
