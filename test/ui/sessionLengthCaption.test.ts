// The caption under "events per session (mean)": the tail claim quotes the exact 90th percentile
// (regression: a histogram bucket's lower bound gave "1 in 10 sessions has 6 or more events" where
// 21.8 % of sessions had 6 or more and the 90th percentile was 10).
import { describe, expect, it } from 'vitest';
import { sessionLengthCaption } from '../../src/ui/explore/sessionLengthCaption.ts';

describe('the events-per-session caption', () => {
  it('gives only the median on a 3-session file (regression: it said "the tail is long")', () => {
    expect(sessionLengthCaption(2, 8, 3)).toBe('median 2');
  });

  it('says the tail is long when the longest tenth of sessions starts at several times the median', () => {
    expect(sessionLengthCaption(2, 10, 20_000)).toBe('median 2; the longest 10 % of sessions have 10 or more events: the tail is long');
    // Exactly three times the median is "several times".
    expect(sessionLengthCaption(2, 6, 20)).toBe('median 2; the longest 10 % of sessions have 6 or more events: the tail is long');
    expect(sessionLengthCaption(3, 1_250, 1_000_000)).toBe('median 3; the longest 10 % of sessions have 1,250 or more events: the tail is long');
  });

  it('gives only the median when the 90th percentile is under three times it', () => {
    expect(sessionLengthCaption(2, 5, 20_000)).toBe('median 2');
    expect(sessionLengthCaption(3, 4, 100)).toBe('median 3');
  });

  it('needs 20 sessions for a tail', () => {
    expect(sessionLengthCaption(2, 10, 19)).toBe('median 2');
  });

  it('keeps a half median as computed', () => {
    expect(sessionLengthCaption(2.5, 3, 100)).toBe('median 2.5');
  });
});
