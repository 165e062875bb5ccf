// DistinctCounter (tables reused across calls) against Set-based counts on random slices: sizes on
// both sides of the pairwise-scan limit, few or many distinct values, and many calls on one counter
// so stale stamps from earlier calls would show.
import { describe, expect, it } from 'vitest';
import { DistinctCounter, countDistinct, maxMultiplicity } from '../../src/core/features/distinctCount.ts';
import { mulberry32 } from '../helpers/ingestText.ts';

function reference(values: ArrayLike<number>, flag: ArrayLike<number> | null, n: number) {
  const all = new Set<number>();
  const flagged = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    all.add(values[i]);
    if (flag && flag[i]) flagged.set(values[i], (flagged.get(values[i]) ?? 0) + 1);
  }
  return { distinct: all.size, flaggedDistinct: flagged.size, flaggedMaxRepeats: Math.max(0, ...flagged.values()) };
}

describe('DistinctCounter', () => {
  it('countDistinctIds equals a Set-based count, with the flagged subset, on random id slices', () => {
    const rnd = mulberry32(7);
    const counter = new DistinctCounter(300);
    for (let trial = 0; trial < 3000; trial++) {
      const n = Math.floor(rnd() * (trial % 3 === 0 ? 300 : 30));
      const spread = [1, 2, 5, 50, 2 ** 32][trial % 5];
      const ids = new Int32Array(n);
      const flag = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        ids[i] = Math.floor(rnd() * spread) | 0; // uint32 ids wrap to negative Int32, as in featureRows
        flag[i] = rnd() < 0.7 ? 1 : 0;
      }
      const got = counter.countDistinctIds(ids, flag, n);
      const want = reference(ids, flag, n);
      expect({ distinct: got, flaggedDistinct: counter.flaggedDistinct, flaggedMaxRepeats: counter.flaggedMaxRepeats }, `trial ${trial}, n ${n}`).toEqual(want);
    }
  });

  it('countDistinctIndices equals a Set-based count, growing its table and hashing out-of-range values', () => {
    const rnd = mulberry32(11);
    const counter = new DistinctCounter(100);
    for (let trial = 0; trial < 2000; trial++) {
      const n = Math.floor(rnd() * 60);
      const max = [3, 300, 5000, 1 << 23][trial % 4]; // 1 << 23 is past the direct table: hashed
      const values = new Int32Array(n);
      for (let i = 0; i < n; i++) values[i] = Math.floor(rnd() * max) * (trial % 7 === 0 && rnd() < 0.1 ? -1 : 1);
      expect(counter.countDistinctIndices(values, n), `trial ${trial}, n ${n}`).toBe(reference(values, null, n).distinct);
    }
  });

  it('the sort-based countDistinct and maxMultiplicity equal a Set-based count', () => {
    const rnd = mulberry32(3);
    for (let trial = 0; trial < 1000; trial++) {
      const n = Math.floor(rnd() * 40);
      const values = Float64Array.from({ length: n }, () => Math.floor(rnd() * (1 + (trial % 9))));
      const flag = new Uint8Array(n).fill(1);
      const want = reference(values, flag, n);
      expect(countDistinct(values.slice(), n)).toBe(want.distinct);
      expect(maxMultiplicity(values.slice(), n)).toBe(want.flaggedMaxRepeats);
    }
  });
});
