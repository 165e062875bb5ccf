// sortByTimeStable (early prediction's "first k events by time, ties in file order") against a
// comparator sort on (time, position), for lists on both sides of the insertion-sort limit and with
// times large enough that packed keys would lose precision (the comparator fallback).
import { describe, expect, it } from 'vitest';
import { sortByTimeStable } from '../../src/core/features/earliestEvents.ts';
import { mulberry32 } from '../helpers/ingestText.ts';

describe('sortByTimeStable', () => {
  it('orders positions by time, ties in their given order', () => {
    const rnd = mulberry32(5);
    for (let trial = 0; trial < 1500; trial++) {
      const n = Math.floor(rnd() * (trial % 2 ? 40 : 200));
      const big = trial % 5 === 0; // near 2^53 / n: packed keys are not exact, so pairs are compared
      const time = Float64Array.from({ length: 3 * n + 1 }, () => (big ? 2 ** 50 + Math.floor(rnd() * 4) : 1_569_888_000 + Math.floor(rnd() * (trial % 3 ? 5 : 5000))));
      const positions = new Int32Array(n);
      let p = Math.floor(rnd() * 3);
      for (let i = 0; i < n; i++) {
        positions[i] = p;
        p += 1 + Math.floor(rnd() * 2);
      }
      const want = Array.from(positions).sort((a, b) => time[a] - time[b] || a - b);
      sortByTimeStable(positions, n, time, new Float64Array(n), new Int32Array(n));
      expect(Array.from(positions), `trial ${trial}, n ${n}`).toEqual(want);
    }
  });
});
