// Exact totals: every event counted once, sessions counted once by how they closed.
import { describe, expect, test } from 'vitest';
import { ingestBytes, readFixture } from '../helpers/ingestText.ts';
import { closedSessions, purchasesPerCart, sessionConversionRate } from '../../src/core/stream/streamTotals.ts';
import { replayOrder } from '../../src/core/stream/replayOrder.ts';
import { ingestStreamFixture } from './streamFixture.ts';
import { replayAll } from './replayHelpers.ts';

describe('stream totals, hand-made stream (29 events, 6 sessions)', () => {
  const data = ingestStreamFixture();

  test('no timeout: D converts; C, E, F close at the end of the data', () => {
    const { engine } = replayAll(data, { timeoutSec: Infinity });
    expect(engine.totals).toEqual({
      events: 29,
      byType: [22, 2, 4, 1],
      sessionsStarted: 6,
      closedByPurchase: 3, // A, B (buy-now), D
      closedByTimeout: 0,
      closedAtEnd: 3,
      buyNowSessions: 1,
      eventsAfterPurchase: 4, // A: the view tied with its purchase, a view, a second purchase; B: a view
      eventsAfterTimeout: 0,
      purchasesAfterTimeout: 0,
      positives: 2,
      negatives: 3,
    });
    expect(sessionConversionRate(engine.totals)).toBe(0.5);
    expect(purchasesPerCart(engine.totals)).toBe(2);
    expect(engine.sessions.open).toBe(0);
  });

  test('30-minute timeout: C, F, E and D time out; D’s late view and purchase are counted, not learned', () => {
    const { engine } = replayAll(data);
    expect(engine.totals).toEqual({
      events: 29,
      byType: [22, 2, 4, 1],
      sessionsStarted: 6,
      closedByPurchase: 2,
      closedByTimeout: 4,
      closedAtEnd: 0,
      buyNowSessions: 1,
      eventsAfterPurchase: 4,
      eventsAfterTimeout: 2,
      purchasesAfterTimeout: 1,
      positives: 1,
      negatives: 4,
    });
    expect(closedSessions(engine.totals)).toBe(6);
    expect(sessionConversionRate(engine.totals)).toBe(2 / 6);
  });

  test('replay order: time, then purchases first within a second, then file row', () => {
    const order = Array.from(replayOrder(data.events));
    const rowsAt = (t: string) => order.filter((e) => data.events.timeSec[e] === Date.parse(`${t}Z`) / 1000);
    // 10:02:00 has A's view (file row 3) and A's purchase (row 4): the purchase goes first.
    expect(rowsAt('2019-10-01T10:02:00')).toEqual([4, 3]);
    // 23:30:00 has B's purchase (row 12) and D's view (row 14).
    expect(rowsAt('2019-10-01T23:30:00')).toEqual([12, 14]);
    // C's rows 7, 8, 9 are out of time order in the file.
    expect(order.slice(0, 5)).toEqual([9, 7, 10, 11, 8]);
    const t = order.map((e) => data.events.timeSec[e]);
    expect(t.every((v, i) => i === 0 || v >= t[i - 1])).toBe(true);
  });
});

describe('stream totals, real October excerpt', () => {
  test('event counts equal the file’s: 17,055 views, 165 carts, 214 purchases; 5,066 sessions, 200 converted', () => {
    const data = ingestBytes(readFixture('rees46-oct-excerpt.csv'));
    const { engine } = replayAll(data, { timeoutSec: Infinity });
    const t = engine.totals;
    expect(t.events).toBe(17_434);
    expect(t.byType).toEqual([17_055, 165, 214, 0]);
    expect(t.sessionsStarted).toBe(5_066);
    expect(t.closedByPurchase).toBe(200);
    expect(closedSessions(t)).toBe(5_066);
    // Every session is labelled once, except the buy-now one (nothing before its purchase).
    expect(t.buyNowSessions).toBe(1);
    expect(t.positives).toBe(199);
    expect(t.positives + t.negatives + t.buyNowSessions).toBe(5_066);
  });
});
