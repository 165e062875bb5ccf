// The replay controller under a fake wall clock: no timing in the assertions, only which events a
// given wall time and speed let through.
import { describe, expect, test } from 'vitest';
import { CHART_MARKS, RATE_WINDOW_MS, ReplayController } from '../../src/core/stream/replayController.ts';
import { ingestBytes, readFixture } from '../helpers/ingestText.ts';
import { ingestStreamFixture } from './streamFixture.ts';

const at = (iso: string) => Date.parse(`${iso}Z`) / 1000;

function controller(speed: number | 'max' = 60, batchSize?: number) {
  const data = ingestStreamFixture();
  const wall = { ms: 0 };
  const c = new ReplayController({ events: data.events, sessionCount: data.dict.sessions.size }, batchSize === undefined ? { speed } : { speed, model: { batchSize } }, (i) => data.dict.sessions.get(i), () => wall.ms);
  return { c, wall };
}

describe('ReplayController', () => {
  test('×60: one wall second plays one minute of event time from the first event', () => {
    const { c, wall } = controller(60);
    expect(c.snapshot().status).toBe('ready');
    c.play();
    wall.ms = 1000;
    expect(c.work(50)).toBe(false);
    const s = c.snapshot();
    expect(s.processed).toBe(2); // C at 03:00:00 and 03:00:10; the next event is at 03:04:00
    expect(s.clockSec).toBe(at('2019-10-01T03:01:00'));
    expect(s.status).toBe('playing');
    expect(s.eventsPerSec).toBe(2);
  });

  test('pause stops the clock; step processes exactly one event', () => {
    const { c, wall } = controller(60);
    c.play();
    wall.ms = 1000;
    c.work(50);
    c.pause();
    wall.ms = 60_000;
    expect(c.work(50)).toBe(false);
    expect(c.snapshot().processed).toBe(2);
    c.step();
    const s = c.snapshot();
    expect(s.processed).toBe(3);
    expect(s.status).toBe('paused');
    expect(s.clockSec).toBe(at('2019-10-01T03:04:00'));
  });

  test('max speed plays to the end, closes what is open, and finishes', () => {
    const { c } = controller('max');
    c.play();
    while (c.work(50)); // stops at each event-time mark (chart points), never waits
    const s = c.snapshot();
    expect(s.status).toBe('finished');
    expect(s.processed).toBe(29);
    expect(s.openSessions).toBe(0);
    expect(s.totals.positives + s.totals.negatives).toBe(5);
  });

  test('seek forward replays every event up to the time; seek backward restarts first', () => {
    const { c } = controller(60);
    c.seek(at('2019-10-01T10:01:00'));
    expect(c.snapshot().status).toBe('seeking');
    c.work(50);
    let s = c.snapshot();
    expect(s.processed).toBe(8); // C 4, F 1, A 3
    expect(s.status).toBe('paused');
    expect(s.clockSec).toBe(at('2019-10-01T10:01:00'));
    c.seek(at('2019-10-01T03:00:05'));
    c.work(50);
    s = c.snapshot();
    expect(s.run).toBe(1);
    expect(s.processed).toBe(1);
  });

  test('restart returns to the first event with a fresh model', () => {
    const { c } = controller('max');
    c.play();
    c.work(50);
    c.restart();
    const s = c.snapshot();
    expect(s).toMatchObject({ status: 'ready', processed: 0, run: 1, seq: 0, openSessions: 0 });
    expect(s.model.examplesLearned).toBe(0);
  });

  test('speed outside ×1 … ×10,000 is refused', () => {
    const { c } = controller();
    expect(() => c.setSpeed(0)).toThrow('speed must be between ×1 and ×10,000 or "max", got 0');
    expect(() => c.setSpeed(20_000)).toThrow('got 20000');
  });

  test('the top table lists open sessions only, by probability; the latest purchases come apart, with their events', () => {
    // Regression: purchases sat above open sessions with higher scores, and their events cell was empty.
    const { c } = controller(60);
    c.seek(at('2019-10-01T10:03:00'));
    c.work(50);
    let s = c.snapshot();
    expect(s.top).toEqual([]); // C and F timed out at 03:35, A closed by its purchase
    expect(s.purchases).toEqual([
      expect.objectContaining({ session: 'A', status: 'Purchased', events: 3, startSec: at('2019-10-01T10:00:00'), lastSec: at('2019-10-01T10:02:00') }),
    ]);
    c.seek(at('2019-10-01T12:05:00'));
    c.work(50);
    s = c.snapshot();
    expect(s.top.map((r) => [r.session, r.status === 'Purchased'])).toEqual([['E', false]]);
    expect(s.top[0]).toMatchObject({ session: 'E', events: 6 });
    // Fewer outcomes than a batch: the model has not learned, so no status and no reasons yet.
    expect(s.top[0]).toMatchObject({ prob: 0.5, status: 'Not learned yet', why: [] });
    expect(s.purchases.map((r) => r.session)).toEqual(['A']);
  });

  test('once the model has taken a step, the top table has statuses and reasons', () => {
    const { c } = controller(60, 1);
    c.seek(at('2019-10-01T12:05:00'));
    c.work(50);
    const [e] = c.snapshot().top;
    expect(e.session).toBe('E');
    expect(['High', 'Medium', 'Browsing']).toContain(e.status);
    expect(e.why).toHaveLength(3);
  });

  test('purchases are listed newest first; a buy-now session has 0 events and no score', () => {
    const { c } = controller('max');
    c.play();
    while (c.work(50));
    const s = c.snapshot();
    // D's purchase comes after its timeout: not a conversion, so not listed.
    expect(s.purchases.map((r) => [r.session, r.events])).toEqual([
      ['B', 0],
      ['A', 3],
    ]);
    expect(s.purchases[0].prob).toBeNaN();
    expect(s.top).toEqual([]);
  });

  test('events per minute of event time is the average since the first event', () => {
    const { c, wall } = controller(60);
    expect(c.snapshot().eventsPerEventMinute).toBeNaN(); // not started: nothing measured
    c.play();
    wall.ms = 1000;
    c.work(50);
    expect(c.snapshot().eventsPerEventMinute).toBe(2); // 2 events over 03:00:00 … 03:01:00
    wall.ms = 1250; // no event in this tick: the average stays, it does not drop to 0
    c.work(50);
    expect(c.snapshot().eventsPerEventMinute).toBeCloseTo(2 / 1.25, 12);
    const fast = controller('max');
    fast.c.play();
    while (fast.c.work(50));
    // 29 events from 03:00:00 on the 1st to 00:31:00 on the 2nd: 1,291 minutes.
    expect(fast.c.snapshot().eventsPerEventMinute).toBeCloseTo(29 / 1291, 12);
  });

  test('work is sliced by the wall-clock budget', () => {
    const data = ingestBytes(readFixture('rees46-oct-excerpt.csv'));
    const wall = { ms: 0 };
    // Every look at the clock costs one fake millisecond.
    const c = new ReplayController({ events: data.events, sessionCount: data.dict.sessions.size }, { speed: 'max' }, (i) => data.dict.sessions.get(i), () => wall.ms++);
    // A seek runs as fast as it can, in slices (max speed also stops at its chart marks: below).
    c.seek(c.snapshot().lastEventSec);
    expect(c.work(2)).toBe(true);
    expect(c.snapshot().processed).toBe(2 * 2048);
    while (c.work(2));
    expect(c.snapshot()).toMatchObject({ status: 'finished', processed: 17_434 });
  });

  test('max speed stops at CHART_MARKS event-time marks, so a fast replay still draws its charts', () => {
    // Regression: 17k events replayed within one 250 ms snapshot tick, and the charts had 2–3 points.
    const data = ingestBytes(readFixture('rees46-oct-excerpt.csv'));
    const c = new ReplayController({ events: data.events, sessionCount: data.dict.sessions.size }, { speed: 'max' }, (i) => data.dict.sessions.get(i), () => 0);
    c.play();
    const marks: number[] = [];
    for (let more = true; more; ) {
      more = c.work(1000);
      if (c.atMark) {
        const snap = c.snapshot();
        expect(snap.mark).toBe(true);
        marks.push(snap.clockSec);
      }
      expect(c.atMark).toBe(false); // a snapshot takes the mark
    }
    const { firstEventSec, lastEventSec, processed, status } = c.snapshot();
    expect({ processed, status }).toEqual({ processed: 17_434, status: 'finished' });
    // Up to CHART_MARKS points, in order; a mark with no event since the one before is skipped (the
    // excerpt has quiet stretches: 168 of 200 here).
    expect(marks.length).toBeGreaterThan(CHART_MARKS / 2);
    expect(marks.length).toBeLessThanOrEqual(CHART_MARKS + 1);
    expect(marks.every((t, i) => i === 0 || t > marks[i - 1])).toBe(true);
    expect(marks[marks.length - 1]).toBe(lastEventSec);
    expect(marks[0]).toBeLessThanOrEqual(firstEventSec + (lastEventSec - firstEventSec) / CHART_MARKS);
  });

  test('once the replay has ended, events / s is its whole-run rate, not that of the last snapshot interval', () => {
    // Regression: demo 20k at max speed ended in ~1.3 s and showed "147 events / s", the rate of the
    // sliver of wall time since the snapshot at the chart mark before the end, frozen there.
    const { c, wall } = controller('max');
    c.play();
    for (let more = true; more; ) {
      wall.ms += 50; // each slice of work takes 50 ms here, and every slice is a chart mark
      more = c.work(50);
      c.snapshot();
    }
    expect(wall.ms).toBe(450); // nine slices
    const end = c.snapshot();
    expect({ status: end.status, processed: end.processed, replaySec: end.replaySec }).toEqual({ status: 'finished', processed: 29, replaySec: 0.45 });
    expect(end.eventsPerSec).toBeCloseTo(29 / 0.45, 12); // 64.4: 29 events in 0.45 s
    wall.ms = 60_000; // the figure left on screen stays the replay's own
    const later = c.snapshot();
    expect([later.eventsPerSec, later.replaySec]).toEqual([end.eventsPerSec, 0.45]);
  });

  test('paused time is not replay time; while paused the rate is the average of the replay so far', () => {
    const { c, wall } = controller(60);
    c.play();
    wall.ms = 1000;
    c.work(50); // C at 03:00:00 and 03:00:10
    c.pause();
    wall.ms = 600_000; // ten minutes paused
    let s = c.snapshot();
    expect([s.status, s.processed, s.replaySec, s.eventsPerSec]).toEqual(['paused', 2, 1, 2]);
    c.step(); // a stepped event takes no replay time: it is not in the rate
    s = c.snapshot();
    expect([s.processed, s.replaySec, s.eventsPerSec]).toEqual([3, 1, 2]);
    c.setSpeed('max');
    c.play();
    wall.ms = 601_500;
    while (c.work(50));
    s = c.snapshot();
    // 28 events replayed by the clock in 1 + 1.5 s of running; the ten paused minutes do not count.
    expect([s.status, s.processed, s.replaySec, s.eventsPerSec]).toEqual(['finished', 29, 2.5, 11.2]);
  });

  test('while playing, events / s covers the last one to two seconds of running', () => {
    const { c, wall } = controller(600); // ten minutes of event time per wall second
    c.play();
    const rates: [number, number][] = [];
    for (let ms = 250; ms <= 3000; ms += 250) {
      wall.ms = ms;
      c.work(50);
      const s = c.snapshot();
      rates.push([s.processed, s.eventsPerSec]);
    }
    expect(RATE_WINDOW_MS).toBe(1000);
    // The window starts at 0 and moves on by a second when its newer mark is a second old (at 1 s and
    // 2 s): the 5 events of the first half-second leave the rate once the window has moved past them.
    expect(rates).toEqual([
      [2, 8], // 2 events / 0.25 s
      [5, 10],
      [5, 5 / 0.75],
      [5, 5], // 1 s: the newer mark is set at (1 s, 5 events)
      [5, 5 / 1.25],
      [5, 5 / 1.5],
      [5, 5 / 1.75],
      [5, 2.5], // 2 s: the window now runs from 1 s
      [5, 0],
      [5, 0],
      [5, 0],
      [5, 0],
    ]);
  });

  test('the clock stops at the last event: sessions still open close at the end of the data, at any speed, as the CLI closes them', () => {
    // A's only event is exactly the timeout (30 min) before the file's last event, B's.
    const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
    const csv = `${header}\n2019-10-01 10:00:00 UTC,view,1,5,,,1,7,A\n2019-10-01 10:00:00 UTC,view,1,5,,,1,8,B\n2019-10-01 10:30:00 UTC,view,2,5,,,1,8,B\n`;
    const data = ingestBytes(new TextEncoder().encode(csv));
    for (const speed of [60, 'max'] as const) {
      const wall = { ms: 0 };
      const c = new ReplayController({ events: data.events, sessionCount: data.dict.sessions.size }, { speed }, (i) => data.dict.sessions.get(i), () => wall.ms);
      c.play();
      wall.ms = 3_600_000; // an hour of wall time: at ×60, 60 hours of event time
      while (c.work(1000));
      const s = c.snapshot();
      expect(s.status).toBe('finished');
      expect([s.totals.closedByTimeout, s.totals.closedAtEnd], `speed ${speed}`).toEqual([0, 2]);
      expect(s.clockSec).toBe(at('2019-10-01T10:30:00'));
    }
  });
});
