// Per-session state of the open sessions, updated one event at a time, from which the catalogue's
// features (featureDefinitions.ts) are read at any moment without re-scanning events. The online view
// is the batch `strict` cut's: only events before the session's first purchase ever enter a slot (the
// engine closes the session when its purchase arrives), so "kept" and "pre-purchase" scopes coincide.
//
// Memory: a slot per *open* session, recycled through a free list when the session closes; the
// least-recently-active order (a linked list through the slots) finds timed-out sessions in O(1). The
// only per-session-ever state is one Int32 per session id (its slot, or how it closed), 4 bytes a
// session next to the ~33 bytes an event of the replayed columns.
import { EventType } from '../csv/schema.ts';
import { FEATURE_NAMES } from '../features/featureDefinitions.ts';
import { SlotKeyCounts } from './slotKeyCounts.ts';

/** Session state codes (values ≥ 0 are the slot of an open session). */
export const SessionState = { unseen: -1, closedPurchase: -2, closedTimeout: -3, closedEnd: -4 } as const;
export type ClosedState = typeof SessionState.closedPurchase | typeof SessionState.closedTimeout | typeof SessionState.closedEnd;

/** The order writeFeatures fills; checked against the catalogue when this module loads. */
const ONLINE_FEATURE_ORDER = [
  'view_count', 'cart_count', 'session_duration', 'avg_price', 'max_price', 'unique_items',
  'start_hour', 'is_night', 'events_per_minute', 'carts_per_view', 'remove_count', 'distinct_categories',
  'distinct_brands', 'repeat_views', 'max_views_one_product', 'prior_sessions', 'prior_purchase_sessions',
];
if (ONLINE_FEATURE_ORDER.join(',') !== FEATURE_NAMES.join(',')) {
  throw new Error(
    `the feature catalogue changed: featureDefinitions.ts has [${FEATURE_NAMES.join(', ')}] but the online features ` +
      `(src/core/stream/onlineSessions.ts) compute [${ONLINE_FEATURE_ORDER.join(', ')}]; add the online update for the new feature`,
  );
}

export class OnlineSessions {
  /** Open sessions now, and the most ever open at once. */
  open = 0;
  peakOpen = 0;
  /** Per session id: its slot while open, else a SessionState code. */
  readonly state: Int32Array;

  // Per slot.
  session!: Int32Array;
  user!: Uint32Array;
  startSec!: Float64Array;
  lastSec!: Float64Array;
  events!: Int32Array;
  views!: Int32Array;
  carts!: Int32Array;
  removes!: Int32Array;
  sumPrice!: Float64Array;
  maxPrice!: Float64Array;
  distinctViewed!: Int32Array;
  maxViewsOne!: Int32Array;
  priorSessions!: Int32Array;
  priorPurchases!: Int32Array;
  /** The online model's latest probability for the session, and whether it has raised an alert. */
  score!: Float64Array;
  alerted!: Uint8Array;
  private prev!: Int32Array;
  private next!: Int32Array;
  private readonly products: SlotKeyCounts;
  private readonly categories: SlotKeyCounts;
  private readonly brands: SlotKeyCounts;
  private head = -1;
  private tail = -1;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(sessionCount: number, initialSlots = 1024) {
    this.state = new Int32Array(sessionCount).fill(SessionState.unseen);
    const cap = Math.max(16, initialSlots);
    this.products = new SlotKeyCounts(cap);
    this.categories = new SlotKeyCounts(cap);
    this.brands = new SlotKeyCounts(cap);
    this.free = new Int32Array(cap);
    this.allocate(cap);
  }

  get capacity(): number {
    return this.session.length;
  }

  /** Least recently active open slot, or -1. */
  get oldest(): number {
    return this.head;
  }

  /** The slot after `slot` in activity order (older first), or -1. */
  newerThan(slot: number): number {
    return this.next[slot];
  }

  openSession(session: number, user: number, timeSec: number, priorSessions: number, priorPurchases: number): number {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount] : this.takeFresh();
    this.state[session] = slot;
    this.session[slot] = session;
    this.user[slot] = user;
    this.startSec[slot] = timeSec;
    this.lastSec[slot] = timeSec;
    this.events[slot] = 0;
    this.views[slot] = 0;
    this.carts[slot] = 0;
    this.removes[slot] = 0;
    this.sumPrice[slot] = 0;
    this.maxPrice[slot] = -Infinity;
    this.distinctViewed[slot] = 0;
    this.maxViewsOne[slot] = 0;
    this.priorSessions[slot] = priorSessions;
    this.priorPurchases[slot] = priorPurchases;
    this.score[slot] = NaN;
    this.alerted[slot] = 0;
    this.products.clear(slot);
    this.categories.clear(slot);
    this.brands.clear(slot);
    this.prev[slot] = this.tail;
    this.next[slot] = -1;
    if (this.tail >= 0) this.next[this.tail] = slot;
    else this.head = slot;
    this.tail = slot;
    if (++this.open > this.peakOpen) this.peakOpen = this.open;
    return slot;
  }

  /** Adds one pre-purchase event (view, cart or remove_from_cart) to an open session. */
  addEvent(slot: number, timeSec: number, type: number, productId: number, price: number, categoryIdx: number, brandIdx: number): void {
    this.events[slot]++;
    if (timeSec > this.lastSec[slot]) this.lastSec[slot] = timeSec;
    const isView = type === EventType.view;
    if (isView) this.views[slot]++;
    else if (type === EventType.cart) this.carts[slot]++;
    else if (type === EventType.remove_from_cart) this.removes[slot]++;
    this.sumPrice[slot] += price;
    if (price > this.maxPrice[slot]) this.maxPrice[slot] = price;
    const viewsOfProduct = this.products.add(slot, productId, isView ? 1 : 0);
    if (isView) {
      if (viewsOfProduct === 1) this.distinctViewed[slot]++;
      if (viewsOfProduct > this.maxViewsOne[slot]) this.maxViewsOne[slot] = viewsOfProduct;
    }
    this.categories.add(slot, categoryIdx, 1);
    if (brandIdx !== 0) this.brands.add(slot, brandIdx, 1);
    this.moveToNewest(slot);
  }

  /** The catalogue's features of an open session, in FEATURE_NAMES order. */
  writeFeatures(slot: number, out: Float64Array): void {
    const n = this.events[slot];
    const views = this.views[slot];
    const span = this.lastSec[slot] - this.startSec[slot];
    const hour = Math.floor((this.startSec[slot] % 86400) / 3600);
    out[0] = views;
    out[1] = this.carts[slot];
    out[2] = span;
    out[3] = this.sumPrice[slot] / n;
    out[4] = this.maxPrice[slot];
    out[5] = this.products.size(slot);
    out[6] = hour;
    out[7] = hour >= 22 || hour < 6 ? 1 : 0;
    out[8] = n / Math.max(1, span / 60);
    out[9] = this.carts[slot] / Math.max(1, views);
    out[10] = this.removes[slot];
    out[11] = this.categories.size(slot);
    out[12] = this.brands.size(slot);
    out[13] = views - this.distinctViewed[slot];
    out[14] = this.maxViewsOne[slot];
    out[15] = this.priorSessions[slot];
    out[16] = this.priorPurchases[slot];
  }

  /** Closes an open session and frees its slot for reuse. */
  close(slot: number, how: ClosedState): void {
    this.state[this.session[slot]] = how;
    const p = this.prev[slot];
    const q = this.next[slot];
    if (p >= 0) this.next[p] = q;
    else this.head = q;
    if (q >= 0) this.prev[q] = p;
    else this.tail = p;
    this.products.clear(slot);
    this.categories.clear(slot);
    this.brands.clear(slot);
    this.free[this.freeCount++] = slot;
    this.open--;
  }

  /** Approximate bytes held by the slots (not counting the per-session-id state). */
  slotBytes(): number {
    return this.capacity * (4 * 10 + 8 * 5 + 4 * 2 + 1 + 3 * 8 * 8 + 3);
  }

  private moveToNewest(slot: number): void {
    if (slot === this.tail) return;
    const p = this.prev[slot];
    const q = this.next[slot];
    if (p >= 0) this.next[p] = q;
    else this.head = q;
    this.prev[q] = p;
    this.prev[slot] = this.tail;
    this.next[slot] = -1;
    this.next[this.tail] = slot;
    this.tail = slot;
  }

  private takeFresh(): number {
    if (this.used === this.capacity) this.allocate(this.capacity * 2);
    return this.used++;
  }

  private allocate(cap: number): void {
    const old = this.used > 0;
    this.session = resize(old ? this.session : null, new Int32Array(cap));
    this.user = resize(old ? this.user : null, new Uint32Array(cap));
    this.startSec = resize(old ? this.startSec : null, new Float64Array(cap));
    this.lastSec = resize(old ? this.lastSec : null, new Float64Array(cap));
    this.events = resize(old ? this.events : null, new Int32Array(cap));
    this.views = resize(old ? this.views : null, new Int32Array(cap));
    this.carts = resize(old ? this.carts : null, new Int32Array(cap));
    this.removes = resize(old ? this.removes : null, new Int32Array(cap));
    this.sumPrice = resize(old ? this.sumPrice : null, new Float64Array(cap));
    this.maxPrice = resize(old ? this.maxPrice : null, new Float64Array(cap));
    this.distinctViewed = resize(old ? this.distinctViewed : null, new Int32Array(cap));
    this.maxViewsOne = resize(old ? this.maxViewsOne : null, new Int32Array(cap));
    this.priorSessions = resize(old ? this.priorSessions : null, new Int32Array(cap));
    this.priorPurchases = resize(old ? this.priorPurchases : null, new Int32Array(cap));
    this.score = resize(old ? this.score : null, new Float64Array(cap));
    this.alerted = resize(old ? this.alerted : null, new Uint8Array(cap));
    this.prev = resize(old ? this.prev : null, new Int32Array(cap));
    this.next = resize(old ? this.next : null, new Int32Array(cap));
    if (old) {
      this.products.resize(cap);
      this.categories.resize(cap);
      this.brands.resize(cap);
      const free = new Int32Array(cap);
      free.set(this.free.subarray(0, this.freeCount));
      this.free = free;
    }
  }
}

function resize<T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(old: T | null, fresh: T): T {
  if (old) fresh.set(old as never);
  return fresh;
}
