// Top categories (category_code) and brands, by events and by purchases. Counting runs over the
// dictionary indices (a few hundred codes, a few thousand brands), so only the top names are decoded.
import type { EventCounts } from './eventCounts.ts';
import type { ByteStringTable } from '../sessions/byteStringTable.ts';

/** Shown for an empty category_code or brand (dictionary index 0; ~32 % and ~14 % of REES46 events). */
export const NONE_LABEL = '(none)';

export interface TopEntry {
  /** The raw value from the CSV (render as text), or NONE_LABEL for the empty value. */
  name: string;
  /** True for the empty value (a value spelled "(none)" in the CSV has the same name but not this). */
  none: boolean;
  events: number;
  purchases: number;
}

export interface TopLists {
  byEvents: TopEntry[];
  byPurchases: TopEntry[];
  /** Distinct non-empty values (as pandas' nunique(), where an empty field is missing). */
  distinct: number;
}

/** Top lists from per-index counts of events and of purchase events (countEvents). */
export function topValues(events: Float64Array, purchases: Float64Array, dict: ByteStringTable, limit = 10): TopLists {
  const isEmpty = (v: number) => v === 0 || dict.get(v) === '';
  const entry = (v: number): TopEntry => ({ name: isEmpty(v) ? NONE_LABEL : dict.get(v), none: isEmpty(v), events: events[v], purchases: purchases[v] });
  const present: number[] = [];
  for (let v = 0; v < dict.size; v++) if (events[v] > 0) present.push(v);
  // Ties break on the dictionary index, so the lists are deterministic: the empty value (index 0,
  // added before the file is read) first, then the others in order of first appearance.
  const byEvents = [...present].sort((a, b) => events[b] - events[a] || a - b).slice(0, limit);
  const byPurchases = present.filter((v) => purchases[v] > 0).sort((a, b) => purchases[b] - purchases[a] || events[b] - events[a] || a - b).slice(0, limit);
  return { byEvents: byEvents.map(entry), byPurchases: byPurchases.map(entry), distinct: present.filter((v) => !isEmpty(v)).length };
}

export function topCategories(counts: EventCounts, codes: ByteStringTable, limit = 10): TopLists {
  return topValues(counts.byCategoryCode, counts.purchasesByCategoryCode, codes, limit);
}

export function topBrands(counts: EventCounts, brands: ByteStringTable, limit = 10): TopLists {
  return topValues(counts.byBrand, counts.purchasesByBrand, brands, limit);
}
