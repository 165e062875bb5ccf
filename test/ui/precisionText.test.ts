import { describe, expect, it } from 'vitest';
import { formatPrecision, noneFlagged } from '../../src/ui/results/precisionText.ts';

describe('precision as shown', () => {
  it('is a dash when the threshold flags no session (0/0), not 0.0000', () => {
    expect(noneFlagged({ tp: 0, fp: 0 })).toBe(true);
    expect(formatPrecision(0, { tp: 0, fp: 0 })).toBe('–');
  });

  it('is the number when some session is flagged, even when every flag is wrong', () => {
    expect(formatPrecision(0, { tp: 0, fp: 3 })).toBe('0.0000');
    expect(formatPrecision(0.75, { tp: 3, fp: 1 })).toBe('0.7500');
  });
});
