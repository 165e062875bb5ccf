// Mean, median and the exact 90th percentile of events per session (the Explore caption quotes the
// percentile; read off the histogram it was only a bucket's lower bound).
import { describe, expect, it } from 'vitest';
import { eventsPerSessionCentre } from '../../src/core/insights/sessionBuckets.ts';
import type { SessionFacts } from '../../src/core/insights/sessionFacts.ts';

/** Session facts with the given events per session (the statistics read nothing else). */
function factsOf(lengths: readonly number[]): SessionFacts {
  const n = lengths.length;
  return { sessions: n, startSec: new Uint32Array(n), endSec: new Uint32Array(n), events: Int32Array.from(lengths), flags: new Uint8Array(n), buyNowPurchases: 0 };
}

const repeat = (length: number, times: number): number[] => Array.from({ length: times }, () => length);

describe('events per session: mean, median, 90th percentile', () => {
  it('takes the nearest rank ⌈0.9 n⌉ of the sorted lengths', () => {
    // 1..10: rank 9 is 9, the median is between 5 and 6.
    expect(eventsPerSessionCentre(factsOf([7, 1, 10, 3, 5, 2, 9, 4, 8, 6]))).toEqual({ mean: 5.5, median: 5.5, p90: 9 });
    // 11 sessions: rank ⌈9.9⌉ = 10.
    expect(eventsPerSessionCentre(factsOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).p90).toBe(10);
  });

  it('is exact inside a histogram bucket: 89 one-event sessions and 11 of 30 events give 30, 90 and 10 give 1', () => {
    expect(eventsPerSessionCentre(factsOf([...repeat(1, 89), ...repeat(30, 11)]))).toEqual({ mean: 4.19, median: 1, p90: 30 });
    expect(eventsPerSessionCentre(factsOf([...repeat(1, 90), ...repeat(30, 10)])).p90).toBe(1);
  });

  it('the longest tenth of sessions all have at least the 90th percentile (60 sessions, rank 54)', () => {
    // Sorted: 40 × 2, 13 × 6 (ranks 41–53), then 8 (rank 54), 9, 10, 10, 11, 12, 12.
    const lengths = [...repeat(2, 40), ...repeat(6, 13), 8, 9, 10, 10, 11, 12, 12];
    const { p90 } = eventsPerSessionCentre(factsOf(lengths));
    expect(p90).toBe(8);
    expect([...lengths].sort((a, b) => a - b).slice(-6)).toEqual([9, 10, 10, 11, 12, 12]);
    expect(lengths.filter((l) => l >= p90).length).toBe(7);
  });

  it('is 0 without sessions', () => {
    expect(eventsPerSessionCentre(factsOf([]))).toEqual({ mean: 0, median: 0, p90: 0 });
  });
});
