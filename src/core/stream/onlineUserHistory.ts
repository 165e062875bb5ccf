// User history features (prior_sessions, prior_purchase_sessions) maintained online. The batch
// definition (features/userHistory.ts) counts a user's sessions that *started* strictly before this
// session started, and those whose *first purchase* happened strictly before it. Replay is in time
// order, so both kinds of moments arrive sorted: per user we keep a count and, for ties at the latest
// second, the count as it was before that second. No list of past sessions is needed.
//
// This state is per user ever seen (~40 bytes each, ~120 MB for the 3 M users of a full month is the
// price of the feature's definition: history never expires); it lives in typed arrays, not the JS heap.

const EMPTY = -1;

export class OnlineUserHistory {
  /** Results of the last `sessionStarted` call. */
  priorSessions = 0;
  priorPurchaseSessions = 0;
  users = 0;
  private slots: Int32Array;
  private mask: number;
  private userId: Uint32Array;
  private started: Uint32Array;
  private lastStart: Float64Array;
  private startedBeforeLast: Uint32Array;
  private purchased: Uint32Array;
  private lastPurchase: Float64Array;
  private purchasedBeforeLast: Uint32Array;

  constructor(expectedUsers = 1024) {
    const cap = 1 << Math.max(4, Math.ceil(Math.log2(expectedUsers * 2)));
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    const n = Math.max(16, expectedUsers);
    this.userId = new Uint32Array(n);
    this.started = new Uint32Array(n);
    this.lastStart = new Float64Array(n);
    this.startedBeforeLast = new Uint32Array(n);
    this.purchased = new Uint32Array(n);
    this.lastPurchase = new Float64Array(n);
    this.purchasedBeforeLast = new Uint32Array(n);
  }

  /** A session of `user` starts at `timeSec` (calls in non-decreasing time). Sets the two prior counts. */
  sessionStarted(user: number, timeSec: number): void {
    const u = this.indexOf(user);
    if (this.started[u] === 0 || timeSec > this.lastStart[u]) {
      this.startedBeforeLast[u] = this.started[u];
      this.lastStart[u] = timeSec;
    }
    this.priorSessions = this.startedBeforeLast[u];
    this.priorPurchaseSessions = this.purchased[u] > 0 && this.lastPurchase[u] === timeSec ? this.purchasedBeforeLast[u] : this.purchased[u];
    this.started[u]++;
  }

  /** A session of `user` makes its first purchase at `timeSec` (calls in non-decreasing time). */
  firstPurchase(user: number, timeSec: number): void {
    const u = this.indexOf(user);
    if (this.purchased[u] === 0 || timeSec > this.lastPurchase[u]) {
      this.purchasedBeforeLast[u] = this.purchased[u];
      this.lastPurchase[u] = timeSec;
    }
    this.purchased[u]++;
  }

  byteSize(): number {
    return this.slots.byteLength + this.userId.length * (4 + 4 + 8 + 4 + 4 + 8 + 4);
  }

  private indexOf(user: number): number {
    let slot = (Math.imul(user, 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const i = this.slots[slot];
      if (i === EMPTY) break;
      if (this.userId[i] === user) return i;
      slot = (slot + 1) & this.mask;
    }
    const i = this.users++;
    if (i === this.userId.length) this.growEntries();
    this.userId[i] = user;
    this.slots[slot] = i;
    if (this.users * 2 > this.slots.length) this.rehash();
    return i;
  }

  private growEntries(): void {
    const n = this.userId.length * 2;
    this.userId = grow(this.userId, new Uint32Array(n));
    this.started = grow(this.started, new Uint32Array(n));
    this.lastStart = grow(this.lastStart, new Float64Array(n));
    this.startedBeforeLast = grow(this.startedBeforeLast, new Uint32Array(n));
    this.purchased = grow(this.purchased, new Uint32Array(n));
    this.lastPurchase = grow(this.lastPurchase, new Float64Array(n));
    this.purchasedBeforeLast = grow(this.purchasedBeforeLast, new Uint32Array(n));
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap).fill(EMPTY);
    const mask = cap - 1;
    for (let i = 0; i < this.users; i++) {
      let slot = (Math.imul(this.userId[i], 0x9e3779b1) >>> 0) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = i;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function grow<T extends Uint32Array | Float64Array>(old: T, fresh: T): T {
  fresh.set(old as never);
  return fresh;
}
