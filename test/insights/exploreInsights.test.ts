// Explore statistics on a hand-made file whose every number is worked out below.
import { describe, expect, it } from 'vitest';
import { computeExploreInsights } from '../../src/core/insights/exploreInsights.ts';
import { ingestText, readFixture, ingestBytes } from '../helpers/ingestText.ts';

const H = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
const row = (time: string, type: string, product: number, code: string, brand: string, price: string, session: string) =>
  `2019-10-01 ${time} UTC,${type},${product},2053013555631882655,${code},${brand},${price},5000${session.charCodeAt(0)},${session}`;

// Six sessions, rows deliberately out of time order and interleaved:
//  S1 night 23:10 view → cart → purchase (300 s)        S2 day 10:00 view → purchase → cart (buy now)
//  S3 day 12:00 view, view, remove (no purchase)        S4 night 03:00 one view at price 0
//  S5 day 15:00 purchase then cart in the same second   S6 day 16:00 cart then purchase in the same second
//  (S5 and S6 are not buy-now: a cart in the purchase's own second counts as before it)
const CSV = [
  H,
  row('23:10:00', 'view', 1, 'electronics.smartphone', 'apple', '500.00', 'S1'),
  row('10:00:00', 'view', 2, '', '', '1.50', 'S2'),
  row('12:00:00', 'view', 3, 'electronics.smartphone', 'samsung', '250.00', 'S3'),
  row('10:00:30', 'purchase', 2, '', '', '1.50', 'S2'),
  row('23:12:00', 'cart', 1, 'electronics.smartphone', 'apple', '500.00', 'S1'),
  row('15:00:00', 'purchase', 6, 'appliances.kitchen.washer', 'bosch', '350.00', 'S5'),
  row('15:00:00', 'cart', 6, 'appliances.kitchen.washer', 'bosch', '350.00', 'S5'),
  row('16:00:00', 'cart', 7, 'electronics.smartphone', 'apple', '500.00', 'S6'),
  row('16:00:00', 'purchase', 7, 'electronics.smartphone', 'apple', '500.00', 'S6'),
  row('12:01:00', 'view', 4, 'electronics.smartphone', 'samsung', '120.00', 'S3'),
  row('10:00:40', 'cart', 2, '', '', '1.50', 'S2'),
  row('03:00:00', 'view', 5, '', '', '0.00', 'S4'),
  row('12:02:00', 'remove_from_cart', 3, 'electronics.smartphone', 'samsung', '250.00', 'S3'),
  row('23:15:00', 'purchase', 1, 'electronics.smartphone', 'apple', '500.00', 'S1'),
].join('\n');

const DAY = 1569888000; // 2019-10-01 00:00:00 UTC

function insightsOf(text: string, chunks?: number[]) {
  const ing = ingestText(text, chunks);
  return computeExploreInsights(ing.events, ing.dict);
}

describe('computeExploreInsights on a hand-made file', () => {
  const got = insightsOf(CSV);

  it('counts events, sessions and the session conversion rate', () => {
    expect(got.events).toBe(14);
    expect(got.sessions).toBe(6);
    expect(got.buyerSessions).toBe(4);
    expect(got.sessionConversionRate).toBeCloseTo(4 / 6, 12);
    expect(got.timeRange).toEqual({ firstSec: DAY + 3 * 3600, lastSec: DAY + 23 * 3600 + 15 * 60 });
  });

  it('gives the event mix', () => {
    expect(got.eventMix.map((m) => [m.type, m.count])).toEqual([
      ['view', 5],
      ['cart', 4],
      ['purchase', 4],
      ['remove_from_cart', 1],
    ]);
    expect(got.eventMix[0].share).toBeCloseTo(5 / 14, 12);
  });

  it('gives the funnel as sessions with at least one event of each type', () => {
    expect(got.funnel).toEqual([
      { stage: 'view', sessions: 4, share: 4 / 6 },
      { stage: 'cart', sessions: 4, share: 4 / 6 },
      { stage: 'purchase', sessions: 4, share: 4 / 6 },
    ]);
  });

  it('bins events per session and gives mean, median and 90th percentile', () => {
    const nonEmpty = got.eventsPerSession.filter((b) => b.sessions > 0).map((b) => [b.label, b.sessions, b.buyerSessions]);
    expect(nonEmpty).toEqual([
      ['1', 1, 0],
      ['2', 2, 2],
      ['3', 3, 2],
    ]);
    expect(got.meanEventsPerSession).toBeCloseTo(14 / 6, 12);
    expect(got.medianEventsPerSession).toBe(2.5);
    // Lengths 1, 2, 2, 3, 3, 3: rank ⌈0.9 × 6⌉ = 6 is 3.
    expect(got.p90EventsPerSession).toBe(3);
  });

  it('gives conversion by start hour and the night figures (22:00–05:59 UTC)', () => {
    const started = got.byHour.filter((h) => h.sessions > 0).map((h) => [h.hour, h.sessions, h.buyerSessions, h.purchases]);
    expect(started).toEqual([
      [3, 1, 0, 0],
      [10, 1, 1, 1],
      [12, 1, 0, 0],
      [15, 1, 1, 1],
      [16, 1, 1, 1],
      [23, 1, 1, 1],
    ]);
    expect(got.night).toEqual({
      purchases: 4,
      nightPurchases: 1,
      nightPurchaseShare: 0.25,
      nightSessions: 2,
      nightBuyerSessions: 1,
      nightConversionRate: 0.5,
      daySessions: 4,
      dayBuyerSessions: 3,
      dayConversionRate: 0.75,
    });
  });

  it('counts buy-now purchases: no cart at or before the purchase second, by time alone', () => {
    // Only S2 (its cart comes 10 s after): S5's and S6's carts share their purchase's second, which
    // counts as before it whatever the file order (SQL and pandas have no file order to go by).
    expect(got.buyNow).toEqual({ purchases: 4, withoutPriorCart: 1, share: 0.25 });
  });

  it('buckets session duration against conversion', () => {
    const nonEmpty = got.durationConversion.filter((b) => b.sessions > 0).map((b) => [b.label, b.sessions, b.buyerSessions]);
    expect(nonEmpty).toEqual([
      ['0 s', 3, 2],
      ['1–59 s', 1, 1],
      ['1 to < 5 min', 1, 0],
      ['5 to < 15 min', 1, 1],
    ]);
  });

  it('ranks categories and brands by events and by purchases, "(none)" for empty', () => {
    expect(got.topCategories.byEvents).toEqual([
      { name: 'electronics.smartphone', none: false, events: 8, purchases: 2 },
      { name: '(none)', none: true, events: 4, purchases: 1 },
      { name: 'appliances.kitchen.washer', none: false, events: 2, purchases: 1 },
    ]);
    expect(got.topCategories.byPurchases.map((e) => e.name)).toEqual(['electronics.smartphone', '(none)', 'appliances.kitchen.washer']);
    expect(got.topCategories.distinct).toBe(2); // the empty code is not counted (pandas' nunique)
    expect(got.topBrands.byEvents).toEqual([
      { name: 'apple', none: false, events: 5, purchases: 2 },
      { name: '(none)', none: true, events: 4, purchases: 1 },
      { name: 'samsung', none: false, events: 3, purchases: 0 },
      { name: 'bosch', none: false, events: 2, purchases: 1 },
    ]);
    expect(got.topBrands.byPurchases.map((e) => e.name)).toEqual(['apple', '(none)', 'bosch']);
    expect(got.topBrands.distinct).toBe(3);
  });

  it('a brand spelled "(none)" in the file stays apart from the empty brand', () => {
    const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
    const odd = insightsOf(`${header}\n2019-10-01 10:00:00 UTC,view,1,5,,(none),1.00,1,A\n2019-10-01 10:00:01 UTC,view,1,5,,,1.00,1,A\n2019-10-01 10:00:02 UTC,view,1,5,,(none),1.00,1,A\n`);
    expect(odd.topBrands.byEvents).toEqual([
      { name: '(none)', none: false, events: 2, purchases: 0 },
      { name: '(none)', none: true, events: 1, purchases: 0 },
    ]);
    expect(odd.topBrands.distinct).toBe(1);
  });

  it('bins prices on log-spaced edges', () => {
    const nonEmpty = got.priceHistogram.filter((b) => b.events > 0).map((b) => [b.lo, b.hi, b.events, b.purchases]);
    expect(nonEmpty).toEqual([
      [0, 1, 1, 0],
      [1, 2, 3, 1],
      [100, 200, 1, 0],
      [200, 500, 4, 1],
      [500, 1000, 5, 2],
    ]);
    expect(got.priceHistogram.reduce((s, b) => s + b.events, 0)).toBe(14);
  });

  it('does not depend on how the file was chunked', () => {
    expect(insightsOf(CSV, [7, 3, 64])).toEqual(got);
  });

  it('counts zero and leaves rates undefined (NaN, shown as "–") on a file with a header only', () => {
    const empty = insightsOf(H);
    expect(empty.sessions).toBe(0);
    expect(empty.sessionConversionRate).toBeNaN();
    expect(empty.buyNow.share).toBeNaN();
    expect(empty.night.dayConversionRate).toBeNaN();
    expect(empty.byHour.every((h) => h.sessions === 0 && Number.isNaN(h.conversionRate))).toBe(true);
    expect(empty.medianEventsPerSession).toBe(0);
    expect(empty.p90EventsPerSession).toBe(0);
    expect(empty.timeRange).toEqual({ firstSec: 0, lastSec: 0 });
  });
});

describe('computeExploreInsights on the real October excerpt', () => {
  it('agrees with the known counts of test/fixtures/rees46-oct-excerpt.csv', () => {
    const ing = ingestBytes(readFixture('rees46-oct-excerpt.csv'));
    const got = computeExploreInsights(ing.events, ing.dict);
    expect({ sessions: got.sessions, buyers: got.buyerSessions }).toEqual({ sessions: 5066, buyers: 200 });
    expect(got.eventMix.slice(0, 3).map((m) => m.count)).toEqual([17055, 165, 214]);
    expect(got.funnel[2].sessions).toBe(200);
    // 00:00–02:50 UTC only: every session starts at night, so there is no day rate to give.
    expect({ night: got.night.nightSessions, day: got.night.daySessions }).toEqual({ night: 5066, day: 0 });
    expect(got.night.dayConversionRate).toBeNaN();
    expect(got.eventsPerSession.reduce((s, b) => s + b.sessions, 0)).toBe(5066);
    expect(got.durationConversion.reduce((s, b) => s + b.buyerSessions, 0)).toBe(200);
    expect(got.byHour.reduce((s, h) => s + h.purchases, 0)).toBe(214);
  });
});
