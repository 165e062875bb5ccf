// User history features from that user's *earlier* sessions only: how many sessions the same user_id
// started strictly before this one, and how many of them had already purchased before this one
// started. Nothing after the session's start is used, so neither feature can see the label.

export interface SessionTimes {
  /** Per session: its user_id. */
  readonly user: Uint32Array;
  /** Per session: epoch seconds of its first event. */
  readonly start: Float64Array;
  /** Per session: epoch seconds of its first purchase, or +Infinity. */
  readonly firstPurchase: Float64Array;
}

export interface UserHistory {
  readonly priorSessions: Float64Array;
  readonly priorPurchaseSessions: Float64Array;
}

export function computeUserHistory(t: SessionTimes): UserHistory {
  const n = t.user.length;
  const priorSessions = new Float64Array(n);
  const priorPurchaseSessions = new Float64Array(n);
  // Group sessions by user with an open-addressing table on the uint32 id, then a counting sort.
  const { groupOf, groups } = denseUserIds(t.user);
  const offsets = new Int32Array(groups + 1);
  for (let s = 0; s < n; s++) offsets[groupOf[s] + 1]++;
  for (let g = 0; g < groups; g++) offsets[g + 1] += offsets[g];
  const cursor = offsets.slice(0, groups);
  const members = new Int32Array(n);
  for (let s = 0; s < n; s++) members[cursor[groupOf[s]]++] = s;

  let starts = new Float64Array(64);
  let purchases = new Float64Array(64);
  for (let g = 0; g < groups; g++) {
    const from = offsets[g];
    const size = offsets[g + 1] - from;
    if (size === 1) continue; // a single session has no history
    if (size > starts.length) {
      starts = new Float64Array(size * 2);
      purchases = new Float64Array(size * 2);
    }
    let np = 0;
    for (let k = 0; k < size; k++) {
      const s = members[from + k];
      starts[k] = t.start[s];
      if (t.firstPurchase[s] !== Infinity) purchases[np++] = t.firstPurchase[s];
    }
    const sortedStarts = starts.subarray(0, size).sort();
    const sortedPurchases = purchases.subarray(0, np).sort();
    for (let k = 0; k < size; k++) {
      const s = members[from + k];
      priorSessions[s] = lowerBound(sortedStarts, t.start[s]);
      priorPurchaseSessions[s] = lowerBound(sortedPurchases, t.start[s]);
    }
  }
  return { priorSessions, priorPurchaseSessions };
}

/** Number of values strictly below x in a sorted array. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function denseUserIds(user: Uint32Array): { groupOf: Int32Array; groups: number } {
  const n = user.length;
  const cap = 1 << Math.max(4, Math.ceil(Math.log2(n * 2 + 1)));
  const mask = cap - 1;
  const keys = new Uint32Array(cap);
  const ids = new Int32Array(cap).fill(-1);
  const groupOf = new Int32Array(n);
  let groups = 0;
  for (let s = 0; s < n; s++) {
    const u = user[s];
    let slot = Math.imul(u, 0x9e3779b1) >>> 0 & mask;
    while (ids[slot] !== -1 && keys[slot] !== u) slot = (slot + 1) & mask;
    if (ids[slot] === -1) {
      keys[slot] = u;
      ids[slot] = groups++;
    }
    groupOf[s] = ids[slot];
  }
  return { groupOf, groups };
}
