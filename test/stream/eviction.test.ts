// Bounded memory: closed sessions are evicted and their slots reused, so the open-session count and
// the slot table depend on traffic within the timeout, not on how long the stream runs.
import { describe, expect, test } from 'vitest';
import { EventColumns, type EventColumnsData } from '../../src/core/sessions/eventColumns.ts';
import { groupedCopy } from '../helpers/ingestText.ts';
import { EventType } from '../../src/core/csv/schema.ts';
import { StreamEngine } from '../../src/core/stream/streamEngine.ts';

/**
 * Session i starts at i minutes and has three events: a view at +0 s, a view at +120 s, a cart at
 * +600 s. With a 30-minute timeout, when session k starts the open sessions are k−40 … k: session i
 * is idle since i·60 + 600 and closes once the clock passes i·60 + 2400.
 */
function minuteSessions(n: number): EventColumnsData {
  const ev = new EventColumns(n * 3);
  const t0 = 1_569_888_000; // 2019-10-01 00:00:00 UTC
  for (let i = 0; i < n; i++) {
    for (const [dt, type] of [[0, EventType.view], [120, EventType.view], [600, EventType.cart]] as const) {
      const r = ev.next();
      ev.timeSec[r] = t0 + i * 60 + dt;
      ev.type[r] = type;
      ev.productId[r] = 1000 + (i % 97);
      ev.setPrice(r, 5);
      ev.categoryIdx[r] = i % 7;
      ev.brandIdx[r] = i % 3;
      ev.sessionIdx[r] = i;
    }
  }
  ev.ensureSessions(n);
  for (let i = 0; i < n; i++) ev.noteUser(i, t0 + i * 60, i % 500);
  return groupedCopy(ev.freeze(n), n);
}

describe('eviction of closed sessions', () => {
  test.each([2_000, 50_000])('%i sessions: at most 41 open at once, slots never grow past the first 1,024', (n) => {
    const engine = new StreamEngine({ events: minuteSessions(n), sessionCount: n });
    engine.processUntil(Infinity);
    expect(engine.sessions.peakOpen).toBe(41);
    expect(engine.sessions.capacity).toBe(1024);
    // At the last event (session n−1's cart), sessions n−31 … n−1 are still open.
    expect(engine.sessions.open).toBe(31);
    expect(engine.totals.closedByTimeout).toBe(n - 31);
    engine.closeAll();
    expect(engine.sessions.open).toBe(0);
    expect(engine.totals.closedAtEnd).toBe(31);
    expect(engine.totals.negatives).toBe(n);
  });

  test('moving the clock without events closes idle sessions', () => {
    const engine = new StreamEngine({ events: minuteSessions(10), sessionCount: 10 });
    // Every event but the last (session 9's cart): the clock never moves past the data's last event.
    engine.processUntil(1_569_888_000 + 9 * 60 + 599);
    expect(engine.sessions.open).toBe(10);
    // Sessions 0…3 (idle since their carts) and 9 (since its second view) have been idle for more than 30 min.
    engine.advanceClock(1_569_888_000 + 4 * 60 + 2400);
    expect(engine.sessions.open).toBe(5);
    expect(engine.totals.closedByTimeout).toBe(5);
    // After the last event the clock stays there: nothing more times out; the rest closes at the end.
    engine.processUntil(Infinity);
    engine.advanceClock(1_569_888_000 + 86_400);
    expect([engine.clockSec, engine.sessions.open, engine.totals.closedByTimeout]).toEqual([1_569_888_000 + 4 * 60 + 2400, 5, 5]);
  });
});
