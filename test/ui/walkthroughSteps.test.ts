// Which walkthrough steps a features file can run, and when two arms count as the same run.
import { describe, expect, it } from 'vitest';
import { NEEDS_EVENTS_REASON, stepUnavailableReason, WALKTHROUGH_BASE, WALKTHROUGH_STEPS } from '../../src/ui/walkthrough/steps.ts';
import { walkthroughRunKey } from '../../src/ui/walkthrough/runKey.ts';

describe('step availability', () => {
  it('regression: the leakage step is off for a features file (its cut was fixed when it was computed)', () => {
    expect(WALKTHROUGH_STEPS.map((s) => stepUnavailableReason(s, 'features'))).toEqual([NEEDS_EVENTS_REASON, null, null]);
    expect(NEEDS_EVENTS_REASON).toBe('This step re-cuts the raw events; a features file has none. Load the CSV.');
  });
  it('every step runs on events', () => {
    expect(WALKTHROUGH_STEPS.map((s) => stepUnavailableReason(s, 'events'))).toEqual([null, null, null]);
  });
});

describe('walkthrough run key', () => {
  const settings = (i: number, arm: 'a' | 'b') => ({ backend: 'auto' as const, ...WALKTHROUGH_BASE, ...WALKTHROUGH_STEPS[i][arm].overrides });

  it('1B, 2B and 3B are the same settings, so the later ones can reuse the first', () => {
    const keys = [0, 1, 2].map((i) => walkthroughRunKey(settings(i, 'b'), 'events'));
    expect(new Set(keys).size).toBe(1);
  });
  it('every A arm differs from the shared B settings and from each other', () => {
    const keys = [0, 1, 2].map((i) => walkthroughRunKey(settings(i, 'a'), 'events'));
    expect(new Set([...keys, walkthroughRunKey(settings(0, 'b'), 'events')]).size).toBe(4);
  });
  it('does not depend on the order of the settings', () => {
    expect(walkthroughRunKey({ seed: 1, cut: 'strict' }, 'events')).toBe(walkthroughRunKey({ cut: 'strict', seed: 1 }, 'events'));
  });
  it('tells backends apart (another backend may give other numbers)', () => {
    expect(walkthroughRunKey({ ...settings(0, 'b'), backend: 'cpu' }, 'events')).not.toBe(walkthroughRunKey(settings(0, 'b'), 'events'));
  });
  it('ignores the cut for a features file, which has one table whatever the cut says', () => {
    expect(walkthroughRunKey(settings(0, 'a'), 'features')).toBe(walkthroughRunKey(settings(0, 'b'), 'features'));
  });
});
