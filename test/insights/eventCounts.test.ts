// The fused per-event counts and the table lookups behind them, against plain definitions on random
// data: price bins by scanning the edges, bucket tables by scanning the bucket bounds, and every
// count of countEvents by counting each one on its own.
import { describe, expect, it } from 'vitest';
import { countEvents } from '../../src/core/insights/eventCounts.ts';
import { PRICE_EDGES, priceBinOf } from '../../src/core/insights/priceHistogram.ts';
import { DURATION_BUCKETS, EVENTS_PER_SESSION_BUCKETS, durationConversion, eventsPerSessionHistogram } from '../../src/core/insights/sessionBuckets.ts';
import { HAS_PURCHASE, type SessionFacts } from '../../src/core/insights/sessionFacts.ts';
import { EventType } from '../../src/core/csv/schema.ts';
import { priceAt, type EventColumnsData } from '../../src/core/sessions/eventColumns.ts';
import { mulberry32, eventValues } from '../helpers/ingestText.ts';

/** The first edge k ≥ 1 with p < PRICE_EDGES[k] gives bin k − 1; none gives the last bin. */
function scanBin(p: number): number {
  for (let k = 1; k < PRICE_EDGES.length; k++) if (p < PRICE_EDGES[k]) return k - 1;
  return PRICE_EDGES.length - 1;
}

describe('priceBinOf', () => {
  it('equals the scan over the edges, at the edges, around them and off the ends', () => {
    const rnd = mulberry32(1);
    const prices = [NaN, -Infinity, -1, -0.5, -0, 0, Infinity, 1e300, 2 ** 31, 2 ** 32 + 0.5];
    for (const edge of PRICE_EDGES) prices.push(edge, edge - 1e-9, edge + 1e-9, edge - 0.01);
    for (let i = 0; i < 100_000; i++) prices.push(rnd() * 6000 - 100, Math.round(rnd() * 600_000) / 100);
    const wrong = prices.filter((p) => priceBinOf(p) !== scanBin(p)).map((p) => `${p}: got bin ${priceBinOf(p)}, expected ${scanBin(p)}`);
    expect(wrong).toEqual([]);
  });
});

describe('countEvents', () => {
  it('equals counting each tally on its own', () => {
    const rnd = mulberry32(2);
    const n = 20_000;
    const codes = 40;
    const brands = 300;
    const nItems = 2000;
    const items = {
      size: nItems,
      productId: new Uint32Array(nItems),
      categoryIdx: new Int32Array(nItems),
      categoryCodeIdx: Uint16Array.from({ length: nItems }, () => Math.floor(rnd() * codes)),
      brandIdx: Int32Array.from({ length: nItems }, () => Math.floor(rnd() * brands)),
      price: Float64Array.from({ length: nItems }, () => (rnd() < 0.01 ? -1 : rnd() * 3000)),
    };
    const events = {
      length: n,
      type: Uint8Array.from({ length: n }, () => [0, 0, 0, 1, 2, 3][Math.floor(rnd() * 6)]),
      item: Int32Array.from({ length: n }, () => Math.floor(rnd() * nItems)),
      items,
      timeSec: Uint32Array.from({ length: n }, () => 1_569_888_000 + Math.floor(rnd() * 86400 * 3)),
    } as unknown as EventColumnsData;
    const got = countEvents(events, codes, brands);
    const want = {
      byType: new Float64Array(4),
      byPriceBin: new Float64Array(PRICE_EDGES.length),
      purchasesByPriceBin: new Float64Array(PRICE_EDGES.length),
      byCategoryCode: new Float64Array(codes),
      purchasesByCategoryCode: new Float64Array(codes),
      byBrand: new Float64Array(brands),
      purchasesByBrand: new Float64Array(brands),
      purchasesByHour: new Float64Array(24),
    };
    const codeOf = eventValues(events, 'categoryCodeIdx');
    const brandOf = eventValues(events, 'brandIdx');
    for (let e = 0; e < n; e++) {
      const purchase = events.type[e] === EventType.purchase;
      want.byType[events.type[e]]++;
      want.byPriceBin[scanBin(priceAt(events, e))]++;
      want.byCategoryCode[codeOf[e]]++;
      want.byBrand[brandOf[e]]++;
      if (!purchase) continue;
      want.purchasesByPriceBin[scanBin(priceAt(events, e))]++;
      want.purchasesByCategoryCode[codeOf[e]]++;
      want.purchasesByBrand[brandOf[e]]++;
      want.purchasesByHour[Math.floor((events.timeSec[e] % 86400) / 3600)]++;
    }
    expect(got).toEqual(want);
  });
});

describe('session buckets', () => {
  it('equal a scan over the bucket bounds, for values inside and past the lookup tables', () => {
    const rnd = mulberry32(3);
    const sessions = 50_000;
    const startSec = Uint32Array.from({ length: sessions }, () => 1_569_888_000 + Math.floor(rnd() * 86400));
    const endSec = Uint32Array.from(startSec, (t) => t + (rnd() < 0.5 ? 0 : Math.floor(rnd() ** 4 * 40_000)));
    const events = Int32Array.from({ length: sessions }, () => 1 + Math.floor(rnd() ** 6 * 300));
    const flags = Uint8Array.from({ length: sessions }, () => (rnd() < 0.1 ? HAS_PURCHASE : 0));
    const facts: SessionFacts = { sessions, startSec, endSec, events, flags, buyNowPurchases: 0 };
    const scan = (specs: readonly { lo: number; hi: number }[], value: (s: number) => number) => {
      const count = specs.map(() => ({ sessions: 0, buyerSessions: 0 }));
      for (let s = 0; s < sessions; s++) {
        const v = value(s);
        const b = specs.findIndex((spec) => v >= spec.lo && v < spec.hi);
        if (b < 0) continue;
        count[b].sessions++;
        if (flags[s] & HAS_PURCHASE) count[b].buyerSessions++;
      }
      return count;
    };
    const pick = (buckets: { sessions: number; buyerSessions: number }[]) => buckets.map(({ sessions, buyerSessions }) => ({ sessions, buyerSessions }));
    expect(pick(eventsPerSessionHistogram(facts))).toEqual(scan(EVENTS_PER_SESSION_BUCKETS, (s) => events[s]));
    expect(pick(durationConversion(facts))).toEqual(scan(DURATION_BUCKETS, (s) => endSec[s] - startSec[s]));
  });
});
