import { describe, expect, it } from 'vitest';
import { p90LowerBound, sessionLengthCaption } from '../../src/ui/explore/sessionLengthCaption.ts';
import { EVENTS_PER_SESSION_BUCKETS } from '../../src/core/insights/sessionBuckets.ts';

/** The events-per-session histogram with the given session count per bucket label. */
function histogram(counts: Record<string, number>) {
  return EVENTS_PER_SESSION_BUCKETS.map((b) => ({ lo: b.lo, sessions: counts[b.label] ?? 0 }));
}

describe('the events-per-session caption', () => {
  it('gives only the median on a 3-session file (regression: it said "the tail is long")', () => {
    expect(sessionLengthCaption(2, histogram({ '1': 1, '2': 1, '6–10': 1 }))).toBe('median 2');
  });

  it('says the tail is long when the top tenth of sessions starts at several times the median', () => {
    // 100 sessions, median 2, 15 of them with 6–10 events: the 90th percentile is at least 6 = 3 × 2.
    const caption = sessionLengthCaption(2, histogram({ '1': 40, '2': 30, '3': 15, '6–10': 15 }));
    expect(caption).toBe('median 2; 1 in 10 sessions has 6 or more events: the tail is long');
  });

  it('gives only the median when lengths are many but evenly spread', () => {
    expect(sessionLengthCaption(3, histogram({ '2': 30, '3': 40, '4': 30 }))).toBe('median 3');
  });

  it('keeps a half median as computed', () => {
    expect(sessionLengthCaption(2.5, histogram({ '2': 50, '3': 50 }))).toBe('median 2.5');
  });

  it('finds the bucket of the 90th-percentile session', () => {
    expect(p90LowerBound(histogram({ '1': 89, '21–50': 11 }))).toBe(21);
    expect(p90LowerBound(histogram({ '1': 90, '21–50': 10 }))).toBe(1);
    expect(p90LowerBound(histogram({}))).toBeNull();
  });
});
