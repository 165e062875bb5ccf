// Top categories (category_code) and brands, by events and by purchases. Counting runs over the
// dictionary indices (a few hundred codes, a few thousand brands), so only the top names are decoded.
import { EventType } from '../csv/schema.ts';
import type { EventColumnsData } from '../sessions/eventColumns.ts';
import type { ByteStringTable } from '../sessions/byteStringTable.ts';

/** Shown for an empty category_code or brand (dictionary index 0; ~32 % and ~14 % of REES46 events). */
export const NONE_LABEL = '(none)';

export interface TopEntry {
  /** The raw value from the CSV (render as text), or NONE_LABEL. */
  name: string;
  events: number;
  purchases: number;
}

export interface TopLists {
  byEvents: TopEntry[];
  byPurchases: TopEntry[];
  /** Distinct values, the empty one included when present. */
  distinct: number;
}

export function topValues(indices: Uint16Array | Int32Array, type: Uint8Array, length: number, dict: ByteStringTable, limit = 10): TopLists {
  const events = new Float64Array(dict.size);
  const purchases = new Float64Array(dict.size);
  for (let e = 0; e < length; e++) {
    const v = indices[e];
    events[v]++;
    if (type[e] === EventType.purchase) purchases[v]++;
  }
  const entry = (v: number): TopEntry => ({ name: v === 0 || dict.get(v) === '' ? NONE_LABEL : dict.get(v), events: events[v], purchases: purchases[v] });
  const present: number[] = [];
  for (let v = 0; v < dict.size; v++) if (events[v] > 0) present.push(v);
  // Ties break on the dictionary index (first appearance in the file), so the lists are deterministic.
  const byEvents = [...present].sort((a, b) => events[b] - events[a] || a - b).slice(0, limit);
  const byPurchases = present.filter((v) => purchases[v] > 0).sort((a, b) => purchases[b] - purchases[a] || events[b] - events[a] || a - b).slice(0, limit);
  return { byEvents: byEvents.map(entry), byPurchases: byPurchases.map(entry), distinct: present.length };
}

export function topCategories(events: EventColumnsData, codes: ByteStringTable, limit = 10): TopLists {
  return topValues(events.categoryCodeIdx, events.type, events.length, codes, limit);
}

export function topBrands(events: EventColumnsData, brands: ByteStringTable, limit = 10): TopLists {
  return topValues(events.brandIdx, events.type, events.length, brands, limit);
}
