// Numeric option values: the range in words, and the refusal naming option, value and range.
import { describe, expect, it } from 'vitest';
import { parseNumberInRange, rangeInWords } from '../../cli/numberRange.ts';

describe('rangeInWords', () => {
  it('says each kind of range', () => {
    expect(rangeInWords({ min: 1, max: 2000, integer: true })).toBe('a whole number from 1 to 2000');
    expect(rangeInWords({ min: 0, minExclusive: true, max: 10, integer: false })).toBe('a number above 0 and at most 10');
    expect(rangeInWords({ min: 0, minExclusive: true, max: Infinity, integer: false })).toBe('a number above 0');
    expect(rangeInWords({ min: 0, max: Infinity, integer: true })).toBe('a whole number of at least 0');
    expect(rangeInWords({ min: -Infinity, max: 5, integer: false })).toBe('a number of at most 5');
    expect(rangeInWords({ min: -Infinity, max: Infinity, integer: false })).toBe('any number');
  });
});

describe('parseNumberInRange', () => {
  const lr = { min: 0, minExclusive: true, max: 10, integer: false };
  it('reads decimal text, with digits grouped by underscores', () => {
    expect(parseNumberInRange('lr', '0.5', lr)).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberInRange('lr', '.25', lr)).toEqual({ ok: true, value: 0.25 });
    expect(parseNumberInRange('lr', '1e-3', lr)).toEqual({ ok: true, value: 0.001 });
    expect(parseNumberInRange('rows', '42_448_764', { min: 0, max: Infinity, integer: true })).toEqual({ ok: true, value: 42448764 });
  });

  it('refuses the bounds left out, text that is not a decimal number, and fractions where whole numbers are wanted', () => {
    const no = (text: string) => ({ ok: false, message: `--lr must be a number above 0 and at most 10, got "${text}"` });
    for (const text of ['0', '10.5', '-1', '', ' ', 'abc', '0x1', 'Infinity', 'NaN', '1_', '1__0']) expect(parseNumberInRange('lr', text, lr)).toEqual(no(text));
    expect(parseNumberInRange('lr', '10', lr)).toEqual({ ok: true, value: 10 });
    expect(parseNumberInRange('batch', '2.5', { min: 1, max: 100, integer: true })).toEqual({ ok: false, message: '--batch must be a whole number from 1 to 100, got "2.5"' });
    expect(parseNumberInRange('rows', '9007199254740993', { min: 0, max: Infinity, integer: true })).toEqual({ ok: false, message: '--rows must be a whole number of at least 0, got "9007199254740993"' });
  });
});
