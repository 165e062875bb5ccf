// The caption under "events per session (mean)". "The tail is long" is a claim about the data, so it
// is made only when the data shows one: on a 3-session file it said so of a median of 2. The number
// it quotes is the exact 90th percentile: read off the histogram it was a bucket's lower bound, and
// "1 in 10 sessions has 6 or more events" was said of data where 21.8 % of sessions had.
import { formatInt } from '../format.ts';

/** Below this many sessions a 90th percentile is a handful of sessions, not a tail. */
export const MIN_SESSIONS_FOR_TAIL = 20;
/** "Several times the median": the longest tenth of sessions starts at least this many times it. */
export const TAIL_RATIO = 3;

/**
 * "median 2", or "median 2; the longest 10 % of sessions have 10 or more events: the tail is long".
 * `p90`: the nearest-rank 90th percentile of events per session (ExploreInsights.p90EventsPerSession),
 * so every session of the longest tenth has at least that many events.
 */
export function sessionLengthCaption(median: number, p90: number, sessions: number): string {
  // As it was shown before: a median of an even count can be 2.5.
  const base = `median ${median}`;
  if (sessions < MIN_SESSIONS_FOR_TAIL || median <= 0 || p90 < TAIL_RATIO * median) return base;
  return `${base}; the longest 10 % of sessions have ${formatInt(p90)} or more events: the tail is long`;
}
