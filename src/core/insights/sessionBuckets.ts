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
  { label: '0 s', lo: 0, hi: 1 },
  { label: '1 s – 1 min', lo: 1, hi: 60 },
  { label: '1–5 min', lo: 60, hi: 300 },
  { label: '5–15 min', lo: 300, hi: 900 },
  { label: '15–60 min', lo: 900, hi: 3600 },
  { label: '1–3 h', lo: 3600, hi: 10800 },
  { label: '≥ 3 h', lo: 10800, hi: Infinity },
];

function bucketOf(specs: readonly BucketSpec[], v: number): number {
  for (let b = 0; b < specs.length; b++) if (v < specs[b].hi) return v >= specs[b].lo ? b : -1;
  return -1;
}

function bucketize(specs: readonly BucketSpec[], facts: SessionFacts, value: (s: number) => number): Bucket[] {
  const sessions = new Float64Array(specs.length);
  const buyers = new Float64Array(specs.length);
  for (let s = 0; s < facts.sessions; s++) {
    const b = bucketOf(specs, value(s));
    if (b < 0) continue;
    sessions[b]++;
    if (facts.flags[s] & HAS_PURCHASE) buyers[b]++;
  }
  return specs.map((spec, b) => ({ ...spec, sessions: sessions[b], buyerSessions: buyers[b], conversionRate: rate(buyers[b], sessions[b]) }));
}

export function eventsPerSessionHistogram(facts: SessionFacts): Bucket[] {
  return bucketize(EVENTS_PER_SESSION_BUCKETS, facts, (s) => facts.events[s]);
}

export function durationConversion(facts: SessionFacts): Bucket[] {
  return bucketize(DURATION_BUCKETS, facts, (s) => facts.endSec[s] - facts.startSec[s]);
}

/** Mean and median events per session. */
export function eventsPerSessionCentre(facts: SessionFacts): { mean: number; median: number } {
  const n = facts.sessions;
  if (n === 0) return { mean: 0, median: 0 };
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
  let seen = 0;
  let lower = -1;
  let upper = -1;
  for (let len = 0; len <= maxLen && upper < 0; len++) {
    seen += counts[len];
    if (lower < 0 && seen > lowerMid) lower = len;
    if (seen > upperMid) upper = len;
  }
  return { mean: total / n, median: (lower + upper) / 2 };
}
