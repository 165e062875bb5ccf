// Splits and undersampling: properties on generated labels, and determinism per seed.
import { describe, expect, it } from 'vitest';
import { allRows, balancedClassWeights, countPositives, randomSplit, stratifiedSplit, undersample } from '../../src/core/models/split.ts';
import { createRng, deriveSeed } from '../../src/core/models/random.ts';

function labels(n: number, rate: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) y[i] = rng() < rate ? 1 : 0;
  return y;
}

function isSortedUnique(a: Int32Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i] <= a[i - 1]) return false;
  return true;
}

describe('seeded PRNG', () => {
  it('the same seed gives the same stream; another seed another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it('derived seeds differ by purpose', () => {
    expect(deriveSeed(42, 'split')).not.toBe(deriveSeed(42, 'valid'));
    expect(deriveSeed(42, 'split')).toBe(deriveSeed(42, 'split'));
  });
});

describe('stratifiedSplit', () => {
  const y = labels(10_000, 0.07, 1);
  const rows = allRows(y.length);
  const s = stratifiedSplit(y, rows, 0.2, 42);
  it('partitions the rows: no overlap, nothing lost, sorted', () => {
    expect(s.train.length + s.test.length).toBe(y.length);
    expect(isSortedUnique(s.train) && isSortedUnique(s.test)).toBe(true);
    const seen = new Uint8Array(y.length);
    for (const r of s.train) seen[r]++;
    for (const r of s.test) seen[r]++;
    expect(seen.every((v) => v === 1)).toBe(true);
  });
  it('keeps the purchase rate in both parts (within one row per class)', () => {
    const pos = countPositives(y, rows);
    expect(countPositives(y, s.test)).toBe(Math.ceil(pos * 0.2));
    expect(s.test.length).toBe(Math.ceil(pos * 0.2) + Math.ceil((y.length - pos) * 0.2));
  });
  it('is a function of the seed', () => {
    expect(stratifiedSplit(y, rows, 0.2, 42).test).toEqual(s.test);
    expect(stratifiedSplit(y, rows, 0.2, 7).test).not.toEqual(s.test);
  });
  it('splits a subset of rows without touching others', () => {
    const sub = s.train;
    const inner = stratifiedSplit(y, sub, 0.1, 3);
    const inSub = new Set(sub);
    expect([...inner.train, ...inner.test].every((r) => inSub.has(r))).toBe(true);
    expect(inner.train.length + inner.test.length).toBe(sub.length);
  });
});

describe('randomSplit (unstratified)', () => {
  it('takes ceil(20 %) to test, seeded', () => {
    const rows = allRows(101);
    const s = randomSplit(rows, 0.2, 5);
    expect(s.test.length).toBe(21);
    expect(s.train.length).toBe(80);
    expect(randomSplit(rows, 0.2, 5)).toEqual(s);
  });
});

describe('undersample', () => {
  const y = labels(5_000, 0.1, 2);
  const rows = allRows(y.length);
  it('keeps every positive and as many negatives, 1:1', () => {
    const u = undersample(y, rows, 9);
    const pos = countPositives(y, rows);
    expect(countPositives(y, u)).toBe(pos);
    expect(u.length).toBe(2 * pos);
    expect(isSortedUnique(u)).toBe(true);
  });
  it('is a function of the seed', () => {
    expect(undersample(y, rows, 9)).toEqual(undersample(y, rows, 9));
    expect(undersample(y, rows, 10)).not.toEqual(undersample(y, rows, 9));
  });
  it('balanced class weights give both classes half the weight', () => {
    const w = balancedClassWeights(y, rows);
    const pos = countPositives(y, rows);
    expect(w.pos * pos).toBeCloseTo(y.length / 2, 9);
    expect(w.neg * (y.length - pos)).toBeCloseTo(y.length / 2, 9);
  });
});
