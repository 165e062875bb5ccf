// The caption under "events per session (mean)". "The tail is long" is a claim about the data, so it
// is made only when the histogram shows one: on a 3-session file it said so of a median of 2.
import type { Bucket } from '../../core/insights/sessionBuckets.ts';
import { formatInt } from '../format.ts';

/** Below this many sessions a 90th percentile is a handful of sessions, not a tail. */
export const MIN_SESSIONS_FOR_TAIL = 20;
/** "Several times the median": the top tenth of sessions starts at least this many times it. */
export const TAIL_RATIO = 3;

/**
 * Lower bound of the bucket that holds the 90th-percentile session, or null without sessions.
 * A lower bound, so the tail claim built on it never overstates the data.
 */
export function p90LowerBound(buckets: readonly Pick<Bucket, 'lo' | 'sessions'>[]): number | null {
  const total = buckets.reduce((sum, b) => sum + b.sessions, 0);
  if (total === 0) return null;
  const rank = Math.ceil(0.9 * total);
  let seen = 0;
  for (const b of buckets) {
    seen += b.sessions;
    if (seen >= rank) return b.lo;
  }
  return buckets.at(-1)?.lo ?? null;
}

/** "median 2", or "median 2; 1 in 10 sessions has 6 or more events: the tail is long". */
export function sessionLengthCaption(median: number, buckets: readonly Pick<Bucket, 'lo' | 'sessions'>[]): string {
  // As it was shown before: a median of an even count can be 2.5.
  const base = `median ${median}`;
  const total = buckets.reduce((sum, b) => sum + b.sessions, 0);
  const p90 = p90LowerBound(buckets);
  if (total < MIN_SESSIONS_FOR_TAIL || p90 === null || median <= 0 || p90 < TAIL_RATIO * median) return base;
  return `${base}; 1 in 10 sessions has ${formatInt(p90)} or more events: the tail is long`;
}
