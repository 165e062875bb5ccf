import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../cli/shellQuote.ts';

describe('shellQuote', () => {
  it('leaves a plain path as it is and quotes one with spaces or quotes', () => {
    expect(shellQuote('/tmp/data-1m.csv')).toBe('/tmp/data-1m.csv');
    expect(shellQuote('my data.csv')).toBe("'my data.csv'");
    expect(shellQuote("it's.csv")).toBe("'it'\\''s.csv'");
  });
});
