// Each session's first purchase, start and user, from one pass over the events in file order: the
// leakage cut needs the first purchase before any feature is computed, and knowing every session's
// start and first purchase up front also gives the number of feature rows, so the feature columns
// are allocated at their final length (under the strict cut the old way filled session-length
// columns and then copied 17 of them to the row count: 140 MB more on 5M rows).
import { EventType } from '../csv/schema.ts';
import type { EventColumnsData } from '../sessions/eventColumns.ts';
import { NO_TIME, type SessionTimes } from './userHistory.ts';

const PURCHASE = EventType.purchase;

/**
 * Per session: start (earliest event_time), user (that of its earliest event; on a tie the smallest
 * user_id, which SQL, having no file order, can reproduce; REES46 sessions have one user in
 * practice) and first purchase time (NO_TIME for none). A session with no events keeps start
 * NO_TIME and user 0. Every value is a min over the session's events, so file order gives the same
 * result as any other order.
 */
export function collectSessionTimes(events: EventColumnsData, sessions: number): SessionTimes {
  const start = new Uint32Array(sessions).fill(NO_TIME);
  const firstPurchase = new Uint32Array(sessions).fill(NO_TIME);
  const user = new Uint32Array(sessions);
  const { timeSec, type, userId, sessionIdx, length } = events;
  // Sequential reads; the per-session writes land where the file's active sessions are, which are
  // numbered in order of first appearance, so a narrow window of these arrays.
  for (let e = 0; e < length; e++) {
    const s = sessionIdx[e];
    const t = timeSec[e];
    const st = start[s];
    if (t <= st) {
      const u = userId[e];
      if (t < st || u < user[s]) {
        start[s] = t;
        user[s] = u;
      }
    }
    if (type[e] === PURCHASE && t < firstPurchase[s]) firstPurchase[s] = t;
  }
  return { user, start, firstPurchase };
}

/** Sessions with a purchase. */
export function countBuyerSessions(times: SessionTimes): number {
  let buyers = 0;
  for (let s = 0; s < times.firstPurchase.length; s++) if (times.firstPurchase[s] !== NO_TIME) buyers++;
  return buyers;
}
