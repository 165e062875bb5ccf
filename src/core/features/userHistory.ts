// User history features from that user's *earlier* sessions only: how many sessions the same user_id
// started strictly before this one, and how many of them had already purchased before this one
// started. Nothing after the session's start is used, so neither feature can see the label.
import type { FeatureColumn } from './featureTable.ts';

/**
 * "No such time": above every event time (those are at most 2105-12-31, see parseEventTime), so a
 * missing purchase compares like +Infinity while the times stay in four bytes each (the month's
 * 9.2M sessions: 222 MB less for the times and the sort below).
 */
export const NO_TIME = 0xffffffff;

export interface SessionTimes {
  /** Per session: its user_id. Often the loaded events' own sessionUser (not a copy): never write to it. */
  readonly user: Uint32Array;
  /** Per session: epoch seconds of its first event (NO_TIME for a session without events). */
  readonly start: Uint32Array;
  /** Per session: epoch seconds of its first purchase, or NO_TIME. */
  readonly firstPurchase: Uint32Array;
}

export interface UserHistory {
  readonly priorSessions: FeatureColumn;
  readonly priorPurchaseSessions: FeatureColumn;
}


/** Users with at most this many sessions are counted pairwise (size² compares), the rest by sorting. */
const PAIRWISE_MAX = 16;

// Each long loop below is its own small function: V8 compiles a hot loop on the fly (on-stack
// replacement), and a loop that follows another in the same function starts with no type feedback,
// drops back to the interpreter and is compiled again; run once per load, this function was 3×
// slower cold than warm on 1M rows.

/** `out`: arrays of the sessions' length to write into (else new ones). */
export function computeUserHistory(t: SessionTimes, out?: UserHistory): UserHistory {
  const n = t.user.length;
  // Sessions ordered by user_id, so each user's sessions are one run, with their start and first
  // purchase side by side in that order.
  const sorted = sortByUser(t);
  const before = sorted.spareA.fill(0);
  const bought = sorted.spareB.fill(0);
  countPerUser(sorted.users, sorted.times, before, bought);
  // Back to session order: one tight loop of scattered writes, side by side, then a split in order.
  const pairs = sorted.sparePairs;
  unsort(sorted.sessions, before, bought, pairs);
  const priorSessions = out?.priorSessions ?? new Float64Array(n);
  const priorPurchaseSessions = out?.priorPurchaseSessions ?? new Float64Array(n);
  split(pairs, priorSessions, priorPurchaseSessions);
  return { priorSessions, priorPurchaseSessions };
}

/**
 * For each session (in user order, `times` = [start, first purchase] pairs): how many of its user's
 * sessions started before it, and how many had purchased before it started.
 */
function countPerUser(users: Uint32Array, times: Uint32Array, before: Uint32Array, bought: Int32Array): void {
  const n = users.length;
  // Most users have a handful of sessions, which a pairwise count handles with no sort; sorting two
  // subarrays per user was ~2/3 of this function on 1M rows.
  let sortedStarts = new Uint32Array(64);
  let sortedPurchases = new Uint32Array(64);
  for (let from = 0; from < n; ) {
    const u = users[from];
    let to = from + 1;
    while (to < n && users[to] === u) to++;
    const size = to - from;
    if (size === 1) {
      // a single session has no history
    } else if (size <= PAIRWISE_MAX) {
      for (let k = from; k < to; k++) {
        const x = times[2 * k];
        let b = 0;
        let p = 0;
        for (let m = from; m < to; m++) {
          if (times[2 * m] < x) b++;
          if (times[2 * m + 1] < x) p++; // NO_TIME (no purchase) is never below
        }
        before[k] = b;
        bought[k] = p;
      }
    } else {
      if (size > sortedStarts.length) {
        sortedStarts = new Uint32Array(size * 2);
        sortedPurchases = new Uint32Array(size * 2);
      }
      let np = 0;
      for (let k = from; k < to; k++) {
        sortedStarts[k - from] = times[2 * k];
        if (times[2 * k + 1] !== NO_TIME) sortedPurchases[np++] = times[2 * k + 1];
      }
      const starts = sortedStarts.subarray(0, size).sort();
      const purchases = sortedPurchases.subarray(0, np).sort();
      for (let k = from; k < to; k++) {
        before[k] = lowerBound(starts, times[2 * k]);
        bought[k] = lowerBound(purchases, times[2 * k]);
      }
    }
    from = to;
  }
}

function unsort(sessions: Int32Array, before: Uint32Array, bought: Int32Array, pairs: Uint32Array): void {
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i];
    pairs[2 * s] = before[i];
    pairs[2 * s + 1] = bought[i];
  }
}

function split(pairs: Uint32Array, first: FeatureColumn, second: FeatureColumn): void {
  for (let s = 0; s < first.length; s++) {
    first[s] = pairs[2 * s];
    second[s] = pairs[2 * s + 1];
  }
}

const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
const RADIX_MASK = RADIX - 1;
/** 3 × 11 bits cover a uint32. */
const PASSES = 3;

interface SortedByUser {
  users: Uint32Array;
  sessions: Int32Array;
  /** [start, first purchase] of each session, in the same order. */
  times: Uint32Array;
  spareA: Uint32Array;
  spareB: Int32Array;
  sparePairs: Uint32Array;
}

/**
 * Session indices ordered by user_id (stable: a user's sessions stay in session order), with the
 * ids, and each session's [start, first purchase] pair, in the same order; and spare arrays of the
 * same sizes. An LSD radix sort, 11 bits a pass: every pass reads in order and writes to 2,048
 * sequential streams, and carries the times along, so nothing is read at scattered places. It
 * replaced a hash table on user ids whose probes missed the cache on every session once the table
 * outgrew it (5M rows: 1M sessions, a 32 MB table, over half of this function), and reading the
 * times per user afterwards cost ~90 ns a session.
 */
function sortByUser(t: SessionTimes): SortedByUser {
  const n = t.user.length;
  let keys = Uint32Array.from(t.user);
  let vals = new Int32Array(n);
  let pairs = new Uint32Array(2 * n);
  interleave(t.start, t.firstPurchase, vals, pairs);
  let nextKeys = new Uint32Array(n);
  let nextVals = new Int32Array(n);
  let nextPairs = new Uint32Array(2 * n);
  const counts = histograms(keys);
  for (let p = 0; p < PASSES; p++) {
    const count = counts.subarray(p * RADIX, (p + 1) * RADIX);
    // One digit value: this pass would not change the order.
    if (n === 0 || count[(keys[0] >>> (p * RADIX_BITS)) & RADIX_MASK] === n) continue;
    radixPass(keys, vals, pairs, nextKeys, nextVals, nextPairs, count, p * RADIX_BITS);
    [keys, nextKeys] = [nextKeys, keys];
    [vals, nextVals] = [nextVals, vals];
    [pairs, nextPairs] = [nextPairs, pairs];
  }
  return { users: keys, sessions: vals, times: pairs, spareA: nextKeys, spareB: nextVals, sparePairs: nextPairs };
}

/** vals[i] = i; pairs[2i], pairs[2i + 1] = a[i], b[i]. */
function interleave(a: Uint32Array, b: Uint32Array, vals: Int32Array, pairs: Uint32Array): void {
  for (let i = 0; i < vals.length; i++) {
    vals[i] = i;
    pairs[2 * i] = a[i];
    pairs[2 * i + 1] = b[i];
  }
}

/** The digit counts of every pass, in one read of the keys. */
function histograms(keys: Uint32Array): Int32Array {
  const counts = new Int32Array(PASSES * RADIX);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    counts[k & RADIX_MASK]++;
    counts[RADIX + ((k >>> RADIX_BITS) & RADIX_MASK)]++;
    counts[2 * RADIX + (k >>> (2 * RADIX_BITS))]++;
  }
  return counts;
}

/** One stable counting-sort pass on the digit at `shift`; `count` becomes the digits' end offsets. */
function radixPass(
  keys: Uint32Array,
  vals: Int32Array,
  pairs: Uint32Array,
  nextKeys: Uint32Array,
  nextVals: Int32Array,
  nextPairs: Uint32Array,
  count: Int32Array,
  shift: number,
): void {
  let sum = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = count[d];
    count[d] = sum;
    sum += c;
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const at = count[(k >>> shift) & RADIX_MASK]++;
    nextKeys[at] = k;
    nextVals[at] = vals[i];
    nextPairs[2 * at] = pairs[2 * i];
    nextPairs[2 * at + 1] = pairs[2 * i + 1];
  }
}

/** Number of values strictly below x in a sorted array. */
function lowerBound(sorted: Uint32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
