// Event mix (how many views, carts, purchases, removals) and the session funnel view → cart → purchase.
import { EVENT_TYPE_NAMES, type EventTypeName } from '../csv/schema.ts';
import type { EventCounts } from './eventCounts.ts';
import { HAS_CART, HAS_PURCHASE, HAS_VIEW, type SessionFacts } from './sessionFacts.ts';
import { rate } from './rate.ts';

export interface EventMixEntry {
  type: EventTypeName;
  count: number;
  /** Share of all valid events. */
  share: number;
}

/** The mix from countEvents' per-type counts and the number of valid events. */
export function eventMix(counts: EventCounts, events: number): EventMixEntry[] {
  const { byType } = counts;
  return EVENT_TYPE_NAMES.map((type, i) => ({ type, count: byType[i], share: rate(byType[i], events) }));
}

export interface FunnelStage {
  stage: 'view' | 'cart' | 'purchase';
  /** Sessions with at least one event of this type. */
  sessions: number;
  /** Of all sessions. */
  share: number;
}

export function sessionFunnel(facts: SessionFacts): FunnelStage[] {
  let views = 0;
  let carts = 0;
  let purchases = 0;
  for (let s = 0; s < facts.sessions; s++) {
    const f = facts.flags[s];
    if (f & HAS_VIEW) views++;
    if (f & HAS_CART) carts++;
    if (f & HAS_PURCHASE) purchases++;
  }
  const n = facts.sessions;
  return [
    { stage: 'view', sessions: views, share: rate(views, n) },
    { stage: 'cart', sessions: carts, share: rate(carts, n) },
    { stage: 'purchase', sessions: purchases, share: rate(purchases, n) },
  ];
}

export function buyerSessions(facts: SessionFacts): number {
  let n = 0;
  for (let s = 0; s < facts.sessions; s++) if (facts.flags[s] & HAS_PURCHASE) n++;
  return n;
}
