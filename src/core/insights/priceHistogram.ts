// Price distribution on log-spaced bins (1–2–5 steps): REES46 prices run from 0 to ~2,600 with a
// long right tail, so equal-width bins would put nearly everything in the first one.
import { EventType } from '../csv/schema.ts';
import type { EventColumnsData } from '../sessions/eventColumns.ts';

export const PRICE_EDGES: readonly number[] = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

export interface PriceBin {
  /** Inclusive lower edge. */
  lo: number;
  /** Exclusive upper edge (Infinity for the last bin). */
  hi: number;
  events: number;
  purchases: number;
}

export function priceHistogram(events: EventColumnsData): PriceBin[] {
  const nb = PRICE_EDGES.length;
  const counts = new Float64Array(nb);
  const purchases = new Float64Array(nb);
  for (let e = 0; e < events.length; e++) {
    const p = events.price[e];
    let b = nb - 1;
    for (let k = 1; k < nb; k++) {
      if (p < PRICE_EDGES[k]) {
        b = k - 1;
        break;
      }
    }
    counts[b]++;
    if (events.type[e] === EventType.purchase) purchases[b]++;
  }
  return PRICE_EDGES.map((lo, b) => ({ lo, hi: b + 1 < nb ? PRICE_EDGES[b + 1] : Infinity, events: counts[b], purchases: purchases[b] }));
}
