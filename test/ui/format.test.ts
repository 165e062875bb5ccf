import { describe, expect, it } from 'vitest';
import { formatCount, formatRate, visibleControls } from '../../src/ui/format.ts';

describe('formatRate', () => {
  it('never shows a small rate as 0, and rounds large ones', () => {
    expect([0.004, 0.04, 0.4, 9.96, 12.4, 159.2, 0].map((v) => formatRate(v, 'MB/s'))).toEqual(['0.00 MB/s', '0.04 MB/s', '0.4 MB/s', '10.0 MB/s', '12 MB/s', '159 MB/s', '0.0 MB/s']);
    expect(formatRate(NaN, 'MB/s')).toBe('– MB/s');
  });
});

describe('visibleControls', () => {
  it('draws control characters and edge spaces of a rejected row so they can be seen', () => {
    expect(visibleControls('a\rb\tc\u0000d\u001fe')).toBe('a\\rb\\tc\\0d\\x1Fe');
    expect(visibleControls('"x\ny"')).toBe('"x\\ny"');
    expect(visibleControls('  a b ')).toBe('␣␣a b␣');
    expect(visibleControls('')).toBe('(empty)');
    expect(visibleControls('plain,row')).toBe('plain,row');
  });
});

describe('formatCount', () => {
  it('regression: one rejected row is "1 rejected row", not "1 rejected rows"', () => {
    expect([0, 1, 2, 17434].map((n) => formatCount(n, 'rejected row'))).toEqual(['0 rejected rows', '1 rejected row', '2 rejected rows', '17,434 rejected rows']);
  });
  it('takes an irregular plural, and counts as it shows them (0.6 shows as 1)', () => {
    expect([formatCount(1, 'match', 'matches'), formatCount(3, 'match', 'matches'), formatCount(0.6, 'buyer')]).toEqual(['1 match', '3 matches', '1 buyer']);
  });
});
