// Distinct values in a small scratch slice, with no per-session memory. Sessions average ~4.6 events
// (42 % have one), so up to SCAN_MAX values a pairwise scan, which neither moves nor sorts anything,
// is cheapest. Past it, `DistinctCounter` tables replace sorting: the 5k sessions of more than 24
// events on 1M generated rows hold 24 % of the events, and sorting a subarray for each of their
// distinct counts was 15 % of the feature time. countDistinct and maxMultiplicity (sort based) stay
// as the plain reference.

const SCAN_MAX = 8;

/** Distinct values among values[0, n). Sorts that prefix in place when n > SCAN_MAX. */
export function countDistinct(values: Float64Array, n: number): number {
  if (n <= SCAN_MAX) return scanDistinct(values, n);
  const view = sortPrefix(values, n);
  let distinct = 1;
  for (let i = 1; i < n; i++) if (view[i] !== view[i - 1]) distinct++;
  return distinct;
}

/** Largest number of repeats of one value (0 when n = 0). Sorts the prefix in place when n > SCAN_MAX. */
export function maxMultiplicity(values: Float64Array, n: number): number {
  if (n <= SCAN_MAX) return scanMaxRepeats(values, n);
  const view = sortPrefix(values, n);
  let best = 1;
  let run = 1;
  for (let i = 1; i < n; i++) {
    run = view[i] === view[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Dictionary indices up to this get a direct table (4 bytes each); larger ones are hashed. */
const MAX_DIRECT_INDEX = 1 << 22;

/**
 * Distinct counts over 32-bit ids through tables reused across calls: a slot belongs to the current
 * call when its stamp is the call's, so nothing is cleared between calls.
 */
export class DistinctCounter {
  /** Open addressing, 4 Int32 a slot: [stamp, id, flagged count, unused] (one cache line per probe). */
  private readonly slots: Int32Array;
  /** Per dictionary index: the stamp of the last call that saw it. */
  private seen = new Int32Array(1024);
  private stamp = 0;
  /** Set by countDistinctIds: distinct flagged ids, and the most repeats of one flagged id. */
  flaggedDistinct = 0;
  flaggedMaxRepeats = 0;

  constructor(maxValues: number) {
    const cap = 1 << Math.max(5, Math.ceil(Math.log2(2 * Math.max(1, maxValues))));
    this.slots = new Int32Array(4 * cap);
  }

  /**
   * Distinct ids among ids[0, n) (product ids: one pass for unique_items and the viewed-product
   * features). Of the ids with flag[i] = 1, the distinct ones go to flaggedDistinct and the most
   * repeats of one to flaggedMaxRepeats (0 when none is flagged).
   */
  countDistinctIds(ids: Int32Array, flag: Uint8Array, n: number): number {
    if (n <= 1) {
      const f = n > 0 && flag[0] !== 0 ? 1 : 0;
      this.flaggedDistinct = f;
      this.flaggedMaxRepeats = f;
      return n;
    }
    let distinct = 0;
    let flaggedDistinct = 0;
    let best = 0;
    if (n <= SCAN_MAX) {
      for (let i = 0; i < n; i++) {
        const v = ids[i];
        let j = 0;
        while (j < i && ids[j] !== v) j++;
        if (j === i) distinct++;
        if (flag[i] === 0) continue;
        // First flagged occurrence of v: count its flagged repeats from here on.
        while (j < i && (ids[j] !== v || flag[j] === 0)) j++;
        if (j < i) continue;
        flaggedDistinct++;
        let run = 1;
        for (let m = i + 1; m < n; m++) if (ids[m] === v && flag[m] !== 0) run++;
        if (run > best) best = run;
      }
    } else {
      const stamp = this.nextStamp();
      const slots = this.slots;
      // Only the first 2^bits slots (≥ 2n) are used, so a short slice stays in a few cache lines.
      const bits = Math.max(5, 32 - Math.clz32(2 * n - 1));
      const shift = 32 - bits;
      const mask = (1 << bits) - 1;
      for (let i = 0; i < n; i++) {
        const v = ids[i];
        let at = (Math.imul(v, 0x9e3779b1) >>> shift) << 2;
        while (slots[at] === stamp && slots[at + 1] !== v) at = (at + 4) & (4 * mask + 3);
        if (slots[at] !== stamp) {
          slots[at] = stamp;
          slots[at + 1] = v;
          slots[at + 2] = 0;
          distinct++;
        }
        if (flag[i] !== 0) {
          const r = ++slots[at + 2];
          if (r === 1) flaggedDistinct++;
          if (r > best) best = r;
        }
      }
    }
    this.flaggedDistinct = flaggedDistinct;
    this.flaggedMaxRepeats = best;
    return distinct;
  }

  /**
   * Distinct values among values[0, n), for dictionary indices: a table indexed by the value, grown
   * up to MAX_DIRECT_INDEX entries (a negative or larger value makes the call hash instead). For
   * distinct categories and brands this was ~20 ms of ~120 ms of features on 1M rows when hashed.
   */
  countDistinctIndices(values: Int32Array, n: number): number {
    if (n <= 1) return n;
    const stamp = this.nextStamp();
    let seen = this.seen;
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v >>> 0 >= seen.length) {
        if (v < 0 || v >= MAX_DIRECT_INDEX) return this.hashIndices(values, n);
        const grown = new Int32Array(Math.max(v + 1, 2 * seen.length));
        grown.set(seen);
        this.seen = seen = grown;
      }
      if (seen[v] !== stamp) {
        seen[v] = stamp;
        distinct++;
      }
    }
    return distinct;
  }

  /** countDistinctIds without flags, leaving the flagged results of the last call as they were. */
  private hashIndices(values: Int32Array, n: number): number {
    const { flaggedDistinct, flaggedMaxRepeats } = this;
    const distinct = this.countDistinctIds(values, new Uint8Array(n), n);
    this.flaggedDistinct = flaggedDistinct;
    this.flaggedMaxRepeats = flaggedMaxRepeats;
    return distinct;
  }

  private nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.slots.fill(0);
      this.seen.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

function scanDistinct(values: Float64Array, n: number): number {
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let j = 0;
    while (j < i && values[j] !== v) j++;
    if (j === i) distinct++;
  }
  return distinct;
}

function scanMaxRepeats(values: Float64Array, n: number): number {
  let best = n > 0 ? 1 : 0;
  for (let i = 0; i + best < n; i++) {
    const v = values[i];
    let run = 1;
    for (let j = i + 1; j < n; j++) if (values[j] === v) run++;
    if (run > best) best = run;
  }
  return best;
}

/** Sorts values[0, n) in place; insertion sort below 24 values avoids a subarray per session. */
function sortPrefix(values: Float64Array, n: number): Float64Array {
  if (n > 24) return values.subarray(0, n).sort();
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
  return values;
}
