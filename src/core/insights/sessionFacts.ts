// One pass over the events (grouped by session: each session is one run) that collects what the Explore
// statistics ask about each session: its span, size, which event types it holds, and which of its
// purchases came with no cart before them. ~21 bytes a session, freed once the insights are built.
import { EventType } from '../csv/schema.ts';
import type { EventColumnsData } from '../sessions/eventColumns.ts';

export const HAS_VIEW = 1;
export const HAS_CART = 2;
export const HAS_PURCHASE = 4;

const NO_TIME = 0xffffffff;
const CART = EventType.cart;
const PURCHASE = EventType.purchase;
/** Flag of each type code (0 for removals and unknown codes): a table read, not a branch per event. */
const FLAG_OF_TYPE = new Uint8Array(256);
FLAG_OF_TYPE[EventType.view] = HAS_VIEW;
FLAG_OF_TYPE[EventType.cart] = HAS_CART;
FLAG_OF_TYPE[EventType.purchase] = HAS_PURCHASE;

export interface SessionFacts {
  readonly sessions: number;
  /** Epoch seconds of the first and last event (all events, no leakage cut: Explore is descriptive). */
  readonly startSec: Uint32Array;
  readonly endSec: Uint32Array;
  readonly events: Int32Array;
  /** HAS_VIEW | HAS_CART | HAS_PURCHASE. */
  readonly flags: Uint8Array;
  /** Purchase events of the whole file with no cart event earlier in their session. */
  readonly buyNowPurchases: number;
}

/**
 * `sessions`: the sessions dictionary's size (sessionStart has one entry more). "Earlier" is by
 * event_time alone: a cart logged in the purchase's own second counts as before it (buyNowPurchases).
 */
export function collectSessionFacts(events: EventColumnsData, sessions: number): SessionFacts {
  const startSec = new Uint32Array(sessions).fill(NO_TIME);
  const endSec = new Uint32Array(sessions);
  const count = new Int32Array(sessions);
  const flags = new Uint8Array(sessions);
  const firstCartSec = new Uint32Array(sessions).fill(NO_TIME);
  // Each pass is its own function, so V8 compiles each loop once when it gets hot (a second loop in
  // the same function starts without type feedback and is compiled again; this runs once a load).
  spansAndFlags(events, startSec, endSec, count, flags, firstCartSec);
  const buyNow = buyNowPurchases(events, firstCartSec);
  for (let s = 0; s < sessions; s++) if (startSec[s] === NO_TIME) startSec[s] = 0;
  return { sessions, startSec, endSec, events: count, flags, buyNowPurchases: buyNow };
}

function spansAndFlags(
  events: EventColumnsData,
  startSec: Uint32Array,
  endSec: Uint32Array,
  count: Int32Array,
  flags: Uint8Array,
  firstCartSec: Uint32Array,
): void {
  const { timeSec, type, sessionStart } = events;
  const sessions = sessionStart.length - 1;
  // Events are grouped by session: each session's facts from one sequential run.
  for (let s = 0; s < sessions; s++) {
    const e1 = sessionStart[s + 1];
    let start = startSec[s];
    let end = endSec[s];
    let f = 0;
    let firstCart = firstCartSec[s];
    for (let e = sessionStart[s]; e < e1; e++) {
      const t = timeSec[e];
      if (t < start) start = t;
      if (t > end) end = t;
      const ty = type[e];
      f |= FLAG_OF_TYPE[ty];
      if (ty === CART && t < firstCart) firstCart = t;
    }
    startSec[s] = start;
    endSec[s] = end;
    count[s] = e1 - sessionStart[s];
    flags[s] = f;
    firstCartSec[s] = firstCart;
  }
}

/**
 * Purchase events with no cart event at or before their second in their session. By time alone, not
 * file order, so SQL or pandas give the same count: a cart logged in the purchase's own second counts
 * as before it (the faithful cut keeps such ties too).
 */
function buyNowPurchases(events: EventColumnsData, firstCartSec: Uint32Array): number {
  const { timeSec, type, sessionStart } = events;
  let buyNow = 0;
  for (let s = 0; s + 1 < sessionStart.length; s++) {
    const firstCart = firstCartSec[s];
    for (let e = sessionStart[s]; e < sessionStart[s + 1]; e++) if (type[e] === PURCHASE && timeSec[e] < firstCart) buyNow++;
  }
  return buyNow;
}
