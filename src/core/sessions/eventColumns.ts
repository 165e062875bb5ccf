// Valid events stored column by column in typed arrays (9 bytes an event once grouped by session,
// 13 while parsing; outside the JS heap), never as one object per row. Product, category, code,
// brand and price are one index into a table of their distinct combinations (itemTable.ts). Where a
// file has too many of those, the per-event columns come back: dictionary indices into
// ByteStringTables in two bytes while a dictionary has at most 65,536 keys (REES46 October: ~3,400
// brands, ~620 category ids, ~130 codes), widened to four the first time an index passes that, and
// prices as whole cents in four bytes while every price is one, float64 from the first that is not.
import { ByteStringTable } from './byteStringTable.ts';
import { ItemInterner, itemsToColumns, type ItemTable } from './itemTable.ts';

/** Indices into a dictionary: Uint16Array while it has ≤ 65,536 keys, else Int32Array. */
export type DictIndexArray = Uint16Array | Int32Array;

/** Prices: whole cents in a Uint32Array, or the prices themselves in a Float64Array. */
export type PriceArray = Uint32Array | Float64Array;

/**
 * What a stored price is divided by to give the price: 100 for cents, 1 for float64. A whole number
 * of cents divided by 100 is the double nearest the decimal (IEEE division rounds correctly), which
 * is what parsing the price's text gave, so the prices read back are bit for bit those parsed.
 */
export function priceDivisor(price: PriceArray): number {
  return price instanceof Uint32Array ? 100 : 1;
}

/** The price of loaded event e. */
export function priceAt(events: Pick<EventColumnsData, 'item' | 'items'>, e: number): number {
  return events.items.price[events.item[e]];
}

/** The price of parsed event e (the five columns kept, not items). */
export function parsedPriceAt(events: Pick<ParsedEventsData, 'price'>, e: number): number {
  return events.price[e] / priceDivisor(events.price);
}

/** The price in whole cents when it is exactly that many (and fits a Uint32), else -1. */
export function exactCents(price: number): number {
  const cents = Math.round(price * 100);
  return cents / 100 === price && cents <= 0xffffffff && (cents > 0 || Object.is(price, 0)) ? cents : -1;
}

/**
 * Events as a parser (or a byte range of the file) produced them: file order, every field a column.
 * sessionGrouping.ts turns them into EventColumnsData.
 */
export interface ParsedEventsData {
  readonly length: number;
  /** Epoch seconds (UTC). */
  readonly timeSec: Uint32Array;
  /** EventType code. */
  readonly type: Uint8Array;
  readonly productId: Uint32Array;
  /** Read with parsedPriceAt() or divide by priceDivisor(price); empty when `items` is set. */
  readonly price: PriceArray;
  /** Index into `categoryIds` (category_id kept as its digit string: it exceeds 2^53). */
  readonly categoryIdx: DictIndexArray;
  /** Index into `categoryCodes`; index 0 is the empty string. */
  readonly categoryCodeIdx: DictIndexArray;
  /** Index into `brands`; index 0 is the empty string. */
  readonly brandIdx: DictIndexArray;
  /** Index into `sessions` (dense, in order of first appearance). */
  readonly sessionIdx: Int32Array;
  /**
   * When set, each event's product, category, code, brand and price are one index (`item`) into this
   * parse's own table of their distinct combinations (itemTable.ts: 4 bytes an event where the five
   * columns take 14, 425 MB less on the month while its ranges are parsed), and productId, price,
   * categoryIdx, categoryCodeIdx and brandIdx are empty.
   */
  readonly items?: ItemTable | null;
  readonly item?: Int32Array;
  /**
   * Per session (of this parse): the event_time of its earliest event and that event's user_id (the
   * smallest on a tie), kept while parsing instead of a user per event (4 bytes an event: 170 MB on
   * the month while its ranges are parsed). NO_SESSION_TIME for a session not seen.
   */
  readonly sessionFirstSec: Uint32Array;
  readonly sessionUser: Uint32Array;
}

/** sessionFirstSec of a session with no event yet: above every accepted event_time. */
export const NO_SESSION_TIME = 0xffffffff;

/**
 * The session user rule, one event (or one part's session) at a time: session s keeps the user of its
 * earliest event, the smallest user_id on a tie. The plain-row parser inlines it (a call taking a time
 * boxes it in Chromium).
 */
export function keepEarliestUser(firstSec: Uint32Array, users: Uint32Array, s: number, timeSec: number, user: number): void {
  const st = firstSec[s];
  if (timeSec < st || (timeSec === st && user < users[s])) {
    firstSec[s] = timeSec;
    users[s] = user;
  }
}

/** `a` when it has `n` values, else a copy cut or zero-padded to `n`. */
export function withLength(a: Uint32Array, n: number): Uint32Array {
  if (a.length === n) return a;
  const out = new Uint32Array(n);
  out.set(a.subarray(0, n));
  return out;
}

/**
 * Loaded events, grouped by session: session s's events are rows [sessionStart[s], sessionStart[s + 1]),
 * in file order within the session; sessions in order of first appearance (their dictionary index).
 * 9 bytes an event where the first parser's layout had 27:
 * - no session column: the features read each session's events as one sequential run (170 MB less on
 *   the 42.4M-row month);
 * - one user per session (133 MB less): REES46 sessions have one user, and every feature and the
 *   stream take the session's user by one rule anyway (sessionUser);
 * - product, category, code, brand and price as one index into their distinct combinations (`items`,
 *   itemTable.ts: 425 MB less; per-event columns, in an item table of one item an event, when a file
 *   has more combinations than a quarter of its events).
 */
export interface EventColumnsData {
  readonly length: number;
  /** Epoch seconds (UTC). */
  readonly timeSec: Uint32Array;
  /** EventType code. */
  readonly type: Uint8Array;
  /** Index into `items`: the event's product_id, category, code and brand indices and price (priceAt). */
  readonly item: Int32Array;
  readonly items: ItemTable;
  /** sessions + 1 offsets; the last is `length`. */
  readonly sessionStart: Int32Array;
  /**
   * The user_id of each session: that of its earliest event, on a tie the smallest (SQL, having no
   * file order, can reproduce it). 0 for a session with no events.
   */
  readonly sessionUser: Uint32Array;
}

/** The session of every row of grouped events (4 bytes an event: for code that walks them out of session order). */
export function sessionOfEachEvent(events: Pick<EventColumnsData, 'length' | 'sessionStart'>): Int32Array {
  const out = new Int32Array(events.length);
  const starts = events.sessionStart;
  for (let s = 0; s + 1 < starts.length; s++) out.fill(s, starts[s], starts[s + 1]);
  return out;
}

export interface EventDictionaries {
  readonly sessions: ByteStringTable;
  readonly categoryIds: ByteStringTable;
  readonly categoryCodes: ByteStringTable;
  readonly brands: ByteStringTable;
}

export function newDictionaries(expectedSessions = 1024): EventDictionaries {
  const categoryCodes = new ByteStringTable(256);
  const brands = new ByteStringTable(1024);
  const empty = new Uint8Array(0);
  categoryCodes.intern(empty, 0, 0); // index 0 = empty
  brands.intern(empty, 0, 0);
  return { sessions: new ByteStringTable(expectedSessions, true), categoryIds: new ByteStringTable(1024), categoryCodes, brands };
}

/**
 * Distinct items past which a parse keeps the five per-event columns instead (their 14 bytes an event
 * are then less than the item index and the table): more than this and more than a quarter of its
 * events. REES46 October has ~166k products for 42.4M events.
 */
export const ITEM_TABLE_MIN_LIMIT = 1 << 16;

/** Growable column store in file order (the parser's); `freeze()` trims to the used length. */
export class EventColumns implements ParsedEventsData {
  length = 0;
  timeSec: Uint32Array;
  type: Uint8Array;
  productId: Uint32Array;
  price: PriceArray;
  categoryIdx: DictIndexArray;
  categoryCodeIdx: DictIndexArray;
  brandIdx: DictIndexArray;
  sessionIdx: Int32Array;
  sessionFirstSec = new Uint32Array(1024).fill(NO_SESSION_TIME);
  sessionUser = new Uint32Array(1024);
  /**
   * The plain-row path's note of time order (plainRowParser.ts, internPendingSessions): true while
   * every event so far came through it in non-decreasing time. Then a session first seen at an earlier
   * second than the current event's (index below `sessionsBeforeSecond`) started before it, and its
   * earliest time and user need not be read to know they stay: a cache miss a row saved on REES46's
   * time-sorted files. The general path (add) ends it for the rest of the parse.
   */
  inTimeOrder = true;
  /** The latest event time while inTimeOrder. */
  lastTimeSec = 0;
  /** Sessions [0, sessionsBeforeSecond) were first seen before lastTimeSec's second. */
  sessionsBeforeSecond = 0;
  /** One more than the largest session index the plain-row path has seen. */
  sessionsSeen = 0;
  item: Int32Array;
  /** The item table, set by freeze() when the events are kept as items. */
  items: ItemTable | null = null;
  /** Interns the events' items while they are; null once (or unless) the five columns are kept. */
  private interner: ItemInterner | null;

  /** `items`: keep product, category, code, brand and price as one item index a row (setItem; the parsers' form). */
  constructor(capacity = 1 << 16, items = false) {
    this.timeSec = new Uint32Array(capacity);
    this.type = new Uint8Array(capacity);
    this.sessionIdx = new Int32Array(capacity);
    const itemCapacity = items ? capacity : 0;
    const columnCapacity = items ? 0 : capacity;
    this.interner = items ? new ItemInterner() : null;
    this.item = new Int32Array(itemCapacity);
    this.price = new Uint32Array(columnCapacity);
    this.productId = new Uint32Array(columnCapacity);
    this.categoryIdx = new Uint16Array(columnCapacity);
    this.categoryCodeIdx = new Uint16Array(columnCapacity);
    this.brandIdx = new Uint16Array(columnCapacity);
  }

  get capacity(): number {
    return this.timeSec.length;
  }

  /** Makes room for one more event; returns its row index. */
  next(): number {
    if (this.length === this.timeSec.length) this.resize(Math.ceil(this.timeSec.length * 1.5) + 1024);
    return this.length++;
  }

  /** Appends one event (the general ingest path; the plain-row fast path stores its columns itself). */
  add(timeSec: number, type: number, productId: number, userId: number, price: number, category: number, categoryCode: number, brand: number, session: number): void {
    const r = this.next();
    this.timeSec[r] = timeSec;
    this.type[r] = type;
    const cents = exactCents(price);
    if (cents >= 0) this.setItem(r, productId, category, categoryCode, brand, cents);
    else this.setItemPrice(r, productId, category, categoryCode, brand, price);
    this.sessionIdx[r] = session;
    this.ensureSessions(session + 1);
    this.noteUser(session, timeSec, userId);
    this.inTimeOrder = false; // not tracked here: every later row does the full check
  }

  /** Room for sessions [0, n) in the per-session arrays. */
  ensureSessions(n: number): void {
    if (n <= this.sessionUser.length) return;
    const cap = Math.max(n, Math.ceil(this.sessionUser.length * 1.5));
    const first = new Uint32Array(cap).fill(NO_SESSION_TIME);
    first.set(this.sessionFirstSec);
    this.sessionFirstSec = first;
    this.sessionUser = grow(this.sessionUser, new Uint32Array(cap), this.sessionUser.length);
  }

  /** An event of `session` at `timeSec` by `user`: the session's earliest, smallest-user one is kept. */
  noteUser(session: number, timeSec: number, user: number): void {
    keepEarliestUser(this.sessionFirstSec, this.sessionUser, session, timeSec, user);
  }

  /**
   * Row r's product, dictionary indices and price of `cents` whole cents (exactCents ≥ 0), as an item
   * or in the five columns (the fast path stores the time and type itself: a call with a fractional
   * price or a 32-bit time as an argument boxes it where small integers have 31 bits, as in
   * Chromium; product ids and cents are mostly below 2^30).
   */
  setItem(r: number, productId: number, category: number, categoryCode: number, brand: number, cents: number): void {
    const interner = this.interner;
    if (interner !== null) {
      this.storeItem(r, interner.intern(productId, category, categoryCode, brand, cents), interner.size);
      return;
    }
    const prices = this.price;
    if (prices instanceof Uint32Array) prices[r] = cents;
    else prices[r] = cents / 100;
    this.setColumns(r, productId, category, categoryCode, brand);
  }

  /** setItem for a price that is not whole cents (exactCents < 0). */
  setItemPrice(r: number, productId: number, category: number, categoryCode: number, brand: number, price: number): void {
    const interner = this.interner;
    if (interner !== null) {
      this.storeItem(r, interner.internPrice(productId, category, categoryCode, brand, price), interner.size);
      return;
    }
    this.setPrice(r, price);
    this.setColumns(r, productId, category, categoryCode, brand);
  }

  /** Row r's item; past ITEM_TABLE_MIN_LIMIT items and a quarter of the rows, the five columns instead. */
  private storeItem(r: number, item: number, items: number): void {
    this.item[r] = item;
    if (items > ITEM_TABLE_MIN_LIMIT && items > this.length >>> 2) this.toColumns();
  }

  private setColumns(r: number, productId: number, category: number, categoryCode: number, brand: number): void {
    this.productId[r] = productId;
    if ((category | categoryCode | brand) > 0xffff) this.widen(category, categoryCode, brand);
    this.categoryIdx[r] = category;
    this.categoryCodeIdx[r] = categoryCode;
    this.brandIdx[r] = brand;
  }

  /** From items back to the five per-event columns (a file with too many distinct items), for good. */
  private toColumns(): void {
    const table = this.interner!.table();
    const columns = itemsToColumns(this.item, this.length, table, this.capacity);
    this.interner = null;
    this.item = new Int32Array(0);
    // Prices as cents while every one is whole cents, as the columns keep them.
    if (table.price.every((p) => exactCents(p) >= 0)) {
      const cents = new Uint32Array(this.capacity);
      for (let r = 0; r < this.length; r++) cents[r] = Math.round(columns.price[r] * 100);
      this.price = cents;
    } else this.price = columns.price;
    this.productId = columns.productId;
    this.categoryIdx = columns.categoryIdx;
    this.categoryCodeIdx = columns.categoryCodeIdx;
    this.brandIdx = columns.brandIdx;
  }

  /** Stores a price at row r, switching the column to float64 at the first that is not whole cents. */
  setPrice(r: number, price: number): void {
    const prices = this.price;
    if (prices instanceof Float64Array) {
      prices[r] = price;
      return;
    }
    const cents = exactCents(price);
    if (cents >= 0) {
      prices[r] = cents;
      return;
    }
    const wide = new Float64Array(prices.length);
    for (let i = 0; i < this.length; i++) wide[i] = prices[i] / 100;
    wide[r] = price;
    this.price = wide;
  }

  private widen(category: number, categoryCode: number, brand: number): void {
    if (category > 0xffff && this.categoryIdx instanceof Uint16Array) this.categoryIdx = Int32Array.from(this.categoryIdx);
    if (categoryCode > 0xffff && this.categoryCodeIdx instanceof Uint16Array) this.categoryCodeIdx = Int32Array.from(this.categoryCodeIdx);
    if (brand > 0xffff && this.brandIdx instanceof Uint16Array) this.brandIdx = Int32Array.from(this.brandIdx);
  }

  resize(capacity: number): void {
    this.timeSec = grow(this.timeSec, new Uint32Array(capacity), this.length);
    this.type = grow(this.type, new Uint8Array(capacity), this.length);
    this.sessionIdx = grow(this.sessionIdx, new Int32Array(capacity), this.length);
    if (this.interner !== null) {
      this.item = grow(this.item, new Int32Array(capacity), this.length);
      return;
    }
    this.price = grow(this.price, this.price instanceof Uint32Array ? new Uint32Array(capacity) : new Float64Array(capacity), this.length);
    this.productId = grow(this.productId, new Uint32Array(capacity), this.length);
    this.categoryIdx = grow(this.categoryIdx, sameType(this.categoryIdx, capacity), this.length);
    this.categoryCodeIdx = grow(this.categoryCodeIdx, sameType(this.categoryCodeIdx, capacity), this.length);
    this.brandIdx = grow(this.brandIdx, sameType(this.brandIdx, capacity), this.length);
  }

  /**
   * Cuts the arrays to `length` and returns the plain data. The arrays become views of the used part,
   * not copies: the capacity past `length` was never written, so its pages were never committed and
   * cost no memory, while a trimming copy held both copies of every column at once at the end of
   * each range (+1.1 GB for a moment on the 42.4M-row month).
   */
  freeze(sessions: number): ParsedEventsData {
    this.ensureSessions(sessions);
    this.sessionFirstSec = this.sessionFirstSec.subarray(0, sessions);
    this.sessionUser = this.sessionUser.subarray(0, sessions);
    if (this.interner !== null) this.items = this.interner.table();
    if (this.capacity === this.length) return this;
    const n = this.length;
    this.timeSec = this.timeSec.subarray(0, n);
    this.type = this.type.subarray(0, n);
    this.sessionIdx = this.sessionIdx.subarray(0, n);
    if (this.interner !== null) {
      this.item = this.item.subarray(0, n);
      return this;
    }
    this.price = this.price.subarray(0, n);
    this.productId = this.productId.subarray(0, n);
    this.categoryIdx = this.categoryIdx.subarray(0, n);
    this.categoryCodeIdx = this.categoryCodeIdx.subarray(0, n);
    this.brandIdx = this.brandIdx.subarray(0, n);
    return this;
  }

  byteSize(): number {
    const itemBytes = this.interner !== null ? 4 : 4 + this.price.BYTES_PER_ELEMENT + this.categoryIdx.BYTES_PER_ELEMENT + this.categoryCodeIdx.BYTES_PER_ELEMENT + this.brandIdx.BYTES_PER_ELEMENT;
    return this.capacity * (4 + 1 + itemBytes + 4) + this.sessionUser.length * 8 + (this.interner?.size ?? 0) * 32;
  }
}

function sameType(a: DictIndexArray, length: number): DictIndexArray {
  return a instanceof Uint16Array ? new Uint16Array(length) : new Int32Array(length);
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(old: T, fresh: T, used: number): T {
  fresh.set(old.subarray(0, Math.min(used, fresh.length)) as never);
  return fresh;
}
