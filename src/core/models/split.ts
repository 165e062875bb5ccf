// Row selections for the evaluation protocols: stratified and plain train/test splits, undersampling
// to 1:1, and balanced class weights. Every function returns sorted row indices (sorted keeps later
// passes over the feature columns sequential in memory) and takes a seed.
import { createRng, shuffleInPlace } from './random.ts';

export interface RowSplit {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

function rowsWithLabel(label: Uint8Array, rows: Int32Array, value: 0 | 1): Int32Array {
  let count = 0;
  for (let i = 0; i < rows.length; i++) if (label[rows[i]] === value) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < rows.length; i++) if (label[rows[i]] === value) out[k++] = rows[i];
  return out;
}

function sorted(rows: Int32Array): Int32Array {
  return rows.sort();
}

/** Size of the test part for a fraction, rounded up like sklearn's train_test_split. */
export function testSize(n: number, testFraction: number): number {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`test fraction must be in (0, 1), got ${testFraction}`);
  return Math.ceil(n * testFraction);
}

/** Unstratified split (the original project's `train_test_split` without `stratify`). */
export function randomSplit(rows: Int32Array, testFraction: number, seed: number): RowSplit {
  const shuffled = shuffleInPlace(Int32Array.from(rows), createRng(seed));
  const nTest = testSize(rows.length, testFraction);
  return { test: sorted(shuffled.slice(0, nTest)), train: sorted(shuffled.slice(nTest)) };
}

/**
 * Stratified split: each class is shuffled on its own and contributes ceil(count × fraction) rows to
 * the test part, so both parts keep the purchase rate (within one row per class).
 */
export function stratifiedSplit(label: Uint8Array, rows: Int32Array, testFraction: number, seed: number): RowSplit {
  const rng = createRng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const value of [0, 1] as const) {
    const cls = shuffleInPlace(rowsWithLabel(label, rows, value), rng);
    const nTest = cls.length === 0 ? 0 : testSize(cls.length, testFraction);
    for (let i = 0; i < cls.length; i++) (i < nTest ? test : train).push(cls[i]);
  }
  return { train: sorted(Int32Array.from(train)), test: sorted(Int32Array.from(test)) };
}

/** Keep every row of the rarer class and an equal-size random sample of the other (1:1). */
export function undersample(label: Uint8Array, rows: Int32Array, seed: number): Int32Array {
  const pos = rowsWithLabel(label, rows, 1);
  const neg = rowsWithLabel(label, rows, 0);
  const [minority, majority] = pos.length <= neg.length ? [pos, neg] : [neg, pos];
  const kept = shuffleInPlace(Int32Array.from(majority), createRng(seed)).slice(0, minority.length);
  const out = new Int32Array(minority.length * 2);
  out.set(minority, 0);
  out.set(kept, minority.length);
  return sorted(out);
}

export interface ClassWeights {
  readonly neg: number;
  readonly pos: number;
}

export const UNIT_WEIGHTS: ClassWeights = { neg: 1, pos: 1 };

/** sklearn's class_weight='balanced': n / (2 · n_class), so both classes carry half the total weight. */
export function balancedClassWeights(label: Uint8Array, rows: Int32Array): ClassWeights {
  let pos = 0;
  for (let i = 0; i < rows.length; i++) pos += label[rows[i]];
  const neg = rows.length - pos;
  if (pos === 0 || neg === 0) return UNIT_WEIGHTS;
  return { neg: rows.length / (2 * neg), pos: rows.length / (2 * pos) };
}

export function countPositives(label: Uint8Array, rows: Int32Array): number {
  let pos = 0;
  for (let i = 0; i < rows.length; i++) pos += label[rows[i]];
  return pos;
}
