// Sessions bucketed by a per-session number (events per session, duration), with the conversion
// rate of each bucket: "do longer sessions buy more?"
import { HAS_PURCHASE, type SessionFacts } from './sessionFacts.ts';
import { rate } from './rate.ts';

export interface Bucket {
  label: string;
  /** Inclusive lower bound. */
  lo: number;
  /** Exclusive upper bound (Infinity for the last bucket). */
  hi: number;
  sessions: number;
  buyerSessions: number;
  conversionRate: number;
}

interface BucketSpec {
  label: string;
  lo: number;
  hi: number;
}

/** Events per session: 1, 2, 3, 4, 5, then widening ranges for the heavy tail. */
export const EVENTS_PER_SESSION_BUCKETS: readonly BucketSpec[] = [
  { label: '1', lo: 1, hi: 2 },
  { label: '2', lo: 2, hi: 3 },
  { label: '3', lo: 3, hi: 4 },
  { label: '4', lo: 4, hi: 5 },
  { label: '5', lo: 5, hi: 6 },
  { label: '6–10', lo: 6, hi: 11 },
  { label: '11–20', lo: 11, hi: 21 },
  { label: '21–50', lo: 21, hi: 51 },
  { label: '51–100', lo: 51, hi: 101 },
  { label: '> 100', lo: 101, hi: Infinity },
];

/** Session duration (last − first event, seconds). A one-event session lasts 0 s. */
export const DURATION_BUCKETS: readonly BucketSpec[] = [
  // Durations are whole seconds and each bucket holds its lower bound, not its upper one: the labels
  // say "< 5 min" so that a session of exactly 300 s is not looked for in "1–5 min".
  { label: '0 s', lo: 0, hi: 1 },
  { label: '1–59 s', lo: 1, hi: 60 },
  { label: '1 to < 5 min', lo: 60, hi: 300 },
  { label: '5 to < 15 min', lo: 300, hi: 900 },
  { label: '15 to < 60 min', lo: 900, hi: 3600 },
  { label: '1 to < 3 h', lo: 3600, hi: 10800 },
  { label: '≥ 3 h', lo: 10800, hi: Infinity },
];

/** Largest bucket table (bytes): 3 h of durations in seconds is 10,800. */
const MAX_TABLE = 1 << 16;

/** Bucket of v, or -1 outside every bucket. `his`/`los` are the specs' bounds. */
function bucketOf(his: Float64Array, los: Float64Array, v: number): number {
  for (let b = 0; b < his.length; b++) if (v < his[b]) return v >= los[b] ? b : -1;
  return -1;
}

/**
 * Sessions and buyer sessions per bucket of `value(s) = a[s] − b[s]` (b absent: a[s]). Typed arrays
 * rather than a callback per session, since this loop runs once per session (9M on the full month).
 * Values are integers and every bound below the last is an integer, so small values take their
 * bucket from a table instead of a scan with an unpredictable exit.
 */
function bucketize(specs: readonly BucketSpec[], facts: SessionFacts, a: Uint32Array | Int32Array, b?: Uint32Array): Bucket[] {
  const his = Float64Array.from(specs, (spec) => spec.hi);
  const los = Float64Array.from(specs, (spec) => spec.lo);
  let tableSize = 0;
  for (const spec of specs) if (Number.isInteger(spec.hi) && spec.hi <= MAX_TABLE) tableSize = Math.max(tableSize, spec.hi);
  const table = bucketTable(his, los, tableSize);
  const sessions = new Float64Array(specs.length);
  const buyers = new Float64Array(specs.length);
  const flags = facts.flags;
  for (let s = 0; s < facts.sessions; s++) {
    const v = b === undefined ? a[s] : a[s] - b[s];
    const k = v >= 0 && v < tableSize ? table[v] : bucketOf(his, los, v);
    if (k < 0) continue;
    sessions[k]++;
    if (flags[s] & HAS_PURCHASE) buyers[k]++;
  }
  return specs.map((spec, k) => ({ ...spec, sessions: sessions[k], buyerSessions: buyers[k], conversionRate: rate(buyers[k], sessions[k]) }));
}

/** Bucket of each integer value below `size` (its own function: V8 then compiles each loop once). */
function bucketTable(his: Float64Array, los: Float64Array, size: number): Int8Array {
  const table = new Int8Array(size);
  for (let v = 0; v < size; v++) table[v] = bucketOf(his, los, v);
  return table;
}

export function eventsPerSessionHistogram(facts: SessionFacts): Bucket[] {
  return bucketize(EVENTS_PER_SESSION_BUCKETS, facts, facts.events);
}

export function durationConversion(facts: SessionFacts): Bucket[] {
  return bucketize(DURATION_BUCKETS, facts, facts.endSec, facts.startSec);
}

/** Mean, median and 90th percentile of events per session. */
export interface SessionLengthStats {
  mean: number;
  median: number;
  /**
   * Nearest-rank 90th percentile: the fewest events that at least 90 % of sessions do not exceed.
   * Exact, not read off the histogram, whose "6–10" bucket cannot say where in it the rank falls:
   * the caption built on it claims that the longest tenth of sessions each have at least this many.
   */
  p90: number;
}

export function eventsPerSessionCentre(facts: SessionFacts): SessionLengthStats {
  const n = facts.sessions;
  if (n === 0) return { mean: 0, median: 0, p90: 0 };
  let total = 0;
  let maxLen = 0;
  for (let s = 0; s < n; s++) {
    total += facts.events[s];
    if (facts.events[s] > maxLen) maxLen = facts.events[s];
  }
  // Counting, not sorting: session lengths are small integers.
  const counts = new Float64Array(maxLen + 1);
  for (let s = 0; s < n; s++) counts[facts.events[s]]++;
  const lowerMid = Math.floor((n - 1) / 2);
  const upperMid = Math.floor(n / 2);
  // 0-based index of the nearest-rank 90th percentile in the sorted lengths (rank ⌈0.9 n⌉).
  const p90Index = Math.ceil((9 * n) / 10) - 1;
  let seen = 0;
  let lower = -1;
  let upper = -1;
  let p90 = -1;
  for (let len = 0; len <= maxLen && p90 < 0; len++) {
    seen += counts[len];
    if (lower < 0 && seen > lowerMid) lower = len;
    if (upper < 0 && seen > upperMid) upper = len;
    if (seen > p90Index) p90 = len;
  }
  return { mean: total / n, median: (lower + upper) / 2, p90 };
}
