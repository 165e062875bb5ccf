// Each session's first purchase, start and user, from one pass over the events: the
// leakage cut needs the first purchase before any feature is computed, and knowing every session's
// start and first purchase up front also gives the number of feature rows, so the feature columns
// are allocated at their final length (under the strict cut the old way filled session-length
// columns and then copied 17 of them to the row count: 140 MB more on 5M rows).
import { EventType } from '../csv/schema.ts';
import { withLength, type EventColumnsData } from '../sessions/eventColumns.ts';
import { NO_TIME, type SessionTimes } from './userHistory.ts';

const PURCHASE = EventType.purchase;

/**
 * Per session: start (earliest event_time), user (EventColumnsData.sessionUser: that of its earliest
 * event, on a tie the smallest user_id; REES46 sessions have one user in practice) and first
 * purchase time (NO_TIME for none). A session with no events keeps start NO_TIME and user 0. Every
 * value is a min over the session's events, so the order of its events does not matter.
 */
export function collectSessionTimes(events: EventColumnsData, sessions: number): SessionTimes {
  const start = new Uint32Array(sessions).fill(NO_TIME);
  const firstPurchase = new Uint32Array(sessions).fill(NO_TIME);
  const { timeSec, type, sessionStart, sessionUser } = events;
  const n = Math.min(sessions, sessionStart.length - 1);
  // Events are grouped by session: one sequential run each.
  for (let s = 0; s < n; s++) {
    let st = NO_TIME;
    let fp = NO_TIME;
    for (let e = sessionStart[s]; e < sessionStart[s + 1]; e++) {
      const t = timeSec[e];
      if (t < st) st = t;
      if (type[e] === PURCHASE && t < fp) fp = t;
    }
    start[s] = st;
    firstPurchase[s] = fp;
  }
  // The loaded events' own per-session user (shared, not copied: nothing writes to it), cut or padded
  // to `sessions` like the other two arrays.
  const user = withLength(sessionUser, sessions);
  return { user, start, firstPurchase };
}

/** Sessions with a purchase. */
export function countBuyerSessions(times: SessionTimes): number {
  let buyers = 0;
  for (let s = 0; s < times.firstPurchase.length; s++) if (times.firstPurchase[s] !== NO_TIME) buyers++;
  return buyers;
}
