// computeUserHistory (radix sort by user, pairwise counts for small users, sorted counts for large
// ones) against the definition, counted naively over every pair of sessions.
import { describe, expect, it } from 'vitest';
import { computeUserHistory, NO_TIME } from '../../src/core/features/userHistory.ts';
import { mulberry32 } from '../helpers/ingestText.ts';

function naive(user: Uint32Array, start: Uint32Array, firstPurchase: Uint32Array) {
  const n = user.length;
  const prior = new Float64Array(n);
  const priorPurchase = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < n; o++) {
      if (user[o] !== user[s]) continue;
      if (start[o] < start[s]) prior[s]++;
      if (firstPurchase[o] !== NO_TIME && firstPurchase[o] < start[s]) priorPurchase[s]++;
    }
  }
  return { priorSessions: prior, priorPurchaseSessions: priorPurchase };
}

describe('computeUserHistory', () => {
  it('equals the pairwise definition on random sessions (users of 1 to 60 sessions, ties in time)', () => {
    const rnd = mulberry32(9);
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(rnd() * 400);
      const users = 1 + Math.floor(rnd() * (trial % 4 === 0 ? 3 : n / 2 + 1));
      // Ids with high bits set, so every radix pass has work; some trials share one id (no pass).
      const ids = Array.from({ length: users }, () => (trial % 10 === 0 ? 512_000_001 : Math.floor(rnd() * 2 ** 32)));
      const user = Uint32Array.from({ length: n }, () => ids[Math.floor(rnd() * users)]);
      const start = Uint32Array.from({ length: n }, () => 1_569_888_000 + Math.floor(rnd() * (trial % 3 ? 50 : 500_000)));
      const firstPurchase = Uint32Array.from(start, (t) => (rnd() < 0.3 ? t + Math.floor(rnd() * 100) : NO_TIME));
      const want = naive(user, start, firstPurchase);
      expect(computeUserHistory({ user, start, firstPurchase }), `trial ${trial}`).toEqual(want);
      const out = { priorSessions: new Float64Array(n), priorPurchaseSessions: new Float64Array(n) };
      computeUserHistory({ user, start, firstPurchase }, out);
      expect(out, `trial ${trial}, into given arrays`).toEqual(want);
      // Into Uint32 columns, as the features give it (the same numbers).
      const narrow = { priorSessions: new Uint32Array(n), priorPurchaseSessions: new Uint32Array(n) };
      computeUserHistory({ user, start, firstPurchase }, narrow);
      expect(Array.from(narrow.priorSessions), `trial ${trial}, Uint32`).toEqual(Array.from(want.priorSessions));
      expect(Array.from(narrow.priorPurchaseSessions), `trial ${trial}, Uint32`).toEqual(Array.from(want.priorPurchaseSessions));
    }
  });
});
