// File-order events (one part, or the consecutive byte ranges of a parallel parse) → events grouped
// by session (EventColumnsData). A stable counting sort done as a scatter: each event's position in
// session order is computed once, in place of its session index, and every column is then written
// straight to its place. No merged session column and no order array ever exist: on the 42.4M-row
// month that is 2 × 170 MB less than concatenating the parts and indexing them by session. The user
// becomes one per session and product, category, code and brand one item index (itemTable.ts).
import { runSteps } from '../steps/runSteps.ts';
import { ITEM_TABLE_MIN_LIMIT, withLength, type DictIndexArray, type EventColumnsData, type EventDictionaries, type ParsedEventsData, type PriceArray } from './eventColumns.ts';
import { ItemInterner, itemsToColumns, type ItemTable } from './itemTable.ts';

/** A part's events, which the grouping empties column by column (the part is consumed). */
export type ConsumedEvents = { -readonly [K in keyof ParsedEventsData]: ParsedEventsData[K] };

type ValueColumn = 'timeSec' | 'type' | 'productId';
export type IndexColumn = 'categoryIdx' | 'categoryCodeIdx' | 'brandIdx';

/** Per index column: each part's local → global map (undefined: the part's indices are global already). */
export type IndexMaps = Record<IndexColumn, (Int32Array | undefined)[]>;

/** Dictionary sizes after the merge, which decide each index column's width. */
export type DictSizes = Record<IndexColumn, number>;

const UINT16_KEYS = 65_536;

export function dictSizes(dict: EventDictionaries): DictSizes {
  return { categoryIdx: dict.categoryIds.size, categoryCodeIdx: dict.categoryCodes.size, brandIdx: dict.brands.size };
}

/** One parser's events grouped by session at once (consumes them). */
export function groupEvents(events: ParsedEventsData, dict: EventDictionaries): EventColumnsData {
  return runSteps(groupPartSteps(events, dict));
}

/** groupBySessionSteps for one parser's events, whose indices and session users are already final. */
export function groupPartSteps(events: ParsedEventsData, dict: EventDictionaries): Generator<void, EventColumnsData> {
  return groupBySessionSteps([events as ConsumedEvents], dict.sessions.size, null, dictSizes(dict), events.sessionUser);
}

/**
 * Groups `parts` (consecutive, in file order; their `sessionIdx` already global, below `sessions`).
 * `sessionUser`: each (global) session's user, from the parts' own (mergeIngest.ts combines them).
 * Yields after each column so a pausing caller lets the collector free the parts' copy of it before
 * the next column is allocated. The parts are consumed: their columns are emptied.
 */
export function* groupBySessionSteps(parts: ConsumedEvents[], sessions: number, maps: IndexMaps | null, sizes: DictSizes, sessionUser: Uint32Array): Generator<void, EventColumnsData> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const sessionStart = new Int32Array(sessions + 1);
  for (const p of parts) countPerSession(p.sessionIdx, p.length, sessionStart);
  // sessionStart[s + 1] counted session s: after the prefix sum, sessionStart[s] is where s starts.
  for (let s = 1; s <= sessions; s++) sessionStart[s] += sessionStart[s - 1];
  for (const p of parts) p.sessionFirstSec = p.sessionUser = new Uint32Array(0);
  // Each part's events get a global item index (a part parsed as items keeps its column, with new
  // values; a part with the five columns writes it over its product column), unless the file has so
  // many distinct combinations that the per-event columns are smaller.
  const interned = internItems(parts, maps, total);
  // The item table holds them now: the parts' category, code, brand and price columns can go at once.
  if (interned)
    for (const p of parts) {
      p.categoryIdx = p.categoryCodeIdx = p.brandIdx = new Int32Array(0);
      p.price = new Uint32Array(0);
    }
  yield;
  const cursor = sessionStart.slice(0, sessions);
  // Each part's session column becomes its events' positions in session order (same 4 bytes).
  for (const p of parts) toPositions(p.sessionIdx, p.length, cursor);
  yield;

  let item: Int32Array;
  let items: ItemTable;
  if (interned) {
    item = new Int32Array(total);
    for (const p of parts) {
      scatter(item, p.item!, p.sessionIdx, p.length);
      p.item = new Int32Array(0);
      p.productId = new Uint32Array(0);
    }
    items = interned;
  } else {
    const productId = scatterValues(parts, 'productId', total);
    yield;
    const categoryIdx = scatterIndices(parts, 'categoryIdx', maps?.categoryIdx, sizes.categoryIdx, total);
    yield;
    const categoryCodeIdx = scatterIndices(parts, 'categoryCodeIdx', maps?.categoryCodeIdx, sizes.categoryCodeIdx, total);
    yield;
    const brandIdx = scatterIndices(parts, 'brandIdx', maps?.brandIdx, sizes.brandIdx, total);
    yield;
    const price = scatterPrices(parts, total);
    items = { size: total, productId, categoryIdx, categoryCodeIdx, brandIdx, price };
    item = new Int32Array(total);
    for (let i = 0; i < total; i++) item[i] = i;
  }
  yield;
  const timeSec = scatterValues(parts, 'timeSec', total);
  yield;
  const type = scatterValues(parts, 'type', total);
  for (const p of parts) {
    p.sessionIdx = new Int32Array(0);
    p.length = 0;
  }
  return { length: total, timeSec, type, item, items, sessionStart, sessionUser: withLength(sessionUser, sessions) };
}

/**
 * Interns every event's (product, category, code, brand, price), global indices, into one item
 * table, and leaves each part's `item` column holding its events' global item indices: a part parsed
 * as items has its own table's items mapped, a part with the five columns gets the item index written
 * over its product column. More distinct items than a quarter of the events (and
 * ITEM_TABLE_MIN_LIMIT) and the per-event columns are smaller: every part is left with its five
 * columns (product ids written over put back, parts parsed as items expanded) and null is returned.
 */
function internItems(parts: ConsumedEvents[], maps: IndexMaps | null, total: number): ItemTable | null {
  const limit = Math.max(ITEM_TABLE_MIN_LIMIT, total >>> 2);
  const interner = new ItemInterner();
  const itemMaps: (Int32Array | null)[] = [];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    const catMap = maps?.categoryIdx[k];
    const codeMap = maps?.categoryCodeIdx[k];
    const brandMap = maps?.brandIdx[k];
    let done = p.length;
    if (p.items) itemMaps.push(internTable(interner, p.items, catMap, codeMap, brandMap));
    else done = internPart(interner, p, catMap, codeMap, brandMap, limit);
    if (interner.size > limit || done < p.length) {
      for (let j = 0; j < k; j++) if (!parts[j].items) restoreProducts(interner, parts[j].productId, parts[j].length);
      if (!p.items) restoreProducts(interner, p.productId, done);
      for (const q of parts) if (q.items) expandItems(q);
      return null;
    }
    if (!p.items) itemMaps.push(null);
  }
  parts.forEach((p, k) => {
    const map = itemMaps[k];
    if (map) {
      const item = p.item!;
      for (let i = 0; i < p.length; i++) item[i] = map[item[i]];
      p.items = null;
    } else p.item = new Int32Array(p.productId.buffer, p.productId.byteOffset, p.productId.length);
  });
  return interner.table();
}

/** Interns a part's own item table (its indices mapped to global ones); returns the local → global item map. */
function internTable(interner: ItemInterner, t: ItemTable, catMap: Int32Array | undefined, codeMap: Int32Array | undefined, brandMap: Int32Array | undefined): Int32Array {
  const map = new Int32Array(t.size);
  for (let i = 0; i < t.size; i++) {
    const cat = catMap ? catMap[t.categoryIdx[i]] : t.categoryIdx[i];
    const code = codeMap ? codeMap[t.categoryCodeIdx[i]] : t.categoryCodeIdx[i];
    const brand = brandMap ? brandMap[t.brandIdx[i]] : t.brandIdx[i];
    map[i] = interner.internAny(t.productId[i], cat, code, brand, t.price[i]);
  }
  return map;
}

/** A part parsed as items, given its five per-event columns (local indices) instead. */
function expandItems(p: ConsumedEvents): void {
  const columns = itemsToColumns(p.item!, p.length, p.items!);
  p.price = columns.price;
  p.productId = columns.productId;
  p.categoryIdx = columns.categoryIdx;
  p.categoryCodeIdx = columns.categoryCodeIdx;
  p.brandIdx = columns.brandIdx;
  p.item = new Int32Array(0);
  p.items = null;
}

/** Interns part p's items; returns how many events it did (p.length, or fewer when `limit` items were passed). */
function internPart(interner: ItemInterner, p: ConsumedEvents, catMap: Int32Array | undefined, codeMap: Int32Array | undefined, brandMap: Int32Array | undefined, limit: number): number {
  const { productId, categoryIdx, categoryCodeIdx, brandIdx, price } = p;
  const cents = price instanceof Uint32Array;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const cat = catMap ? catMap[categoryIdx[i]] : categoryIdx[i];
    const code = codeMap ? codeMap[categoryCodeIdx[i]] : categoryCodeIdx[i];
    const brand = brandMap ? brandMap[brandIdx[i]] : brandIdx[i];
    const it = cents ? interner.intern(productId[i], cat, code, brand, price[i]) : interner.internAny(productId[i], cat, code, brand, price[i]);
    if (interner.size > limit) return i;
    productId[i] = it;
  }
  return n;
}

function restoreProducts(interner: ItemInterner, column: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) column[i] = interner.productOf(column[i]);
}

function countPerSession(sessionIdx: Int32Array, n: number, counts: Int32Array): void {
  for (let i = 0; i < n; i++) counts[sessionIdx[i] + 1]++;
}

function toPositions(sessionIdx: Int32Array, n: number, cursor: Int32Array): void {
  for (let i = 0; i < n; i++) sessionIdx[i] = cursor[sessionIdx[i]]++;
}

type Scatterable = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

// Hot (42.4M events a column on the month): one sequential read of each, one write at the event's place.
function scatter(out: Scatterable, values: Scatterable, pos: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) out[pos[i]] = values[i];
}

function scatterMapped(out: DictIndexArray, local: DictIndexArray, map: Int32Array, pos: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) out[pos[i]] = map[local[i]];
}

function scatterValues<K extends ValueColumn>(parts: ConsumedEvents[], name: K, total: number): ParsedEventsData[K] {
  const Column = parts[0][name].constructor as new (length: number) => ParsedEventsData[K];
  const out = new Column(total);
  for (const p of parts) {
    scatter(out, p[name], p.sessionIdx, p.length);
    p[name] = new Column(0);
  }
  return out;
}

/** The prices as numbers (an item table of one item an event holds them so). */
function scatterPrices(parts: ConsumedEvents[], total: number): Float64Array {
  const out = new Float64Array(total);
  for (const p of parts) {
    if (p.price instanceof Float64Array) scatter(out, p.price, p.sessionIdx, p.length);
    else for (let i = 0; i < p.length; i++) out[p.sessionIdx[i]] = p.price[i] / 100;
    p.price = new Uint32Array(0);
  }
  return out;
}

/**
 * A dictionary-index column through each part's local → global map, as Uint16 when every part's is
 * and the merged dictionary still fits, else Int32.
 */
function scatterIndices(parts: ConsumedEvents[], name: IndexColumn, maps: (Int32Array | undefined)[] | undefined, dictSize: number, total: number): DictIndexArray {
  const narrow = dictSize <= UINT16_KEYS && parts.every((p) => p[name] instanceof Uint16Array);
  const out = narrow ? new Uint16Array(total) : new Int32Array(total);
  parts.forEach((p, k) => {
    const map = maps?.[k];
    if (map) scatterMapped(out, p[name], map, p.sessionIdx, p.length);
    else scatter(out, p[name], p.sessionIdx, p.length);
    p[name] = new Int32Array(0);
  });
  return out;
}
