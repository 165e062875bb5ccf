import { describe, expect, it } from 'vitest';
import { daysFromCivil, parseEventTime, parseEventType, parsePrice, parseUnsignedInt } from '../../src/core/csv/fieldParsers.ts';
import { encoder, mulberry32 } from '../helpers/ingestText.ts';

const at = (s: string) => {
  const b = encoder.encode(s);
  return [b, 0, b.length] as const;
};

describe('parseEventTime', () => {
  it.each([
    ['2019-10-01 00:00:00 UTC', 1569888000],
    ['2019-10-31 23:59:59 UTC', 1572566399],
    ['1970-01-01 00:00:00 UTC', 0],
    ['2020-02-29 12:00:00 UTC', 1582977600],
    ['2019-10-01 00:00:00', 1569888000],
    ['2019-10-01T00:00:00Z', 1569888000],
    ['2019-10-01 00:00:00+00:00', 1569888000],
  ])('%s → %d', (text, epoch) => {
    expect(parseEventTime(...at(text))).toBe(epoch);
    expect(epoch).toBe(Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10), +text.slice(11, 13), +text.slice(14, 16), +text.slice(17, 19)) / 1000);
  });

  it.each(['2019-02-29 00:00:00 UTC', '2019-13-01 00:00:00 UTC', '2019-10-01 24:00:00 UTC', '2019-10-01 00:00 UTC', '2019/10/01 00:00:00 UTC', '2019-10-01 00:00:00 CET', '', 'event_time', '2019-1O-01 00:00:00 UTC'])(
    'rejects %j',
    (text) => expect(parseEventTime(...at(text))).toBeNaN(),
  );

  it('agrees with Date.UTC on every day of 1970…2105', () => {
    for (let y = 1970; y <= 2105; y += 7) for (let m = 1; m <= 12; m++) expect(daysFromCivil(y, m, 1) * 86400000).toBe(Date.UTC(y, m - 1, 1));
  });
});

describe('parsePrice', () => {
  it.each(['35.79', '0.00', '1081.98', '0', '12', '.5', '2574.07', '0.77', '123456789.12', '1e3'])('%s equals Number()', (s) => {
    expect(parsePrice(...at(s))).toBe(Number(s));
  });
  it.each(['', '-1.00', '-0.01', '-1e-9', 'abc', '1.2.3', ' ', 'NaN', '1,5', '--0'])('rejects %j', (s) => expect(parsePrice(...at(s))).toBeNaN());
  it.each([[' 4.5 ', 4.5], ['\t7\t', 7], [' \t1e2', 100]])('allows spaces and tabs around: %j is %d', (s, v) => expect(parsePrice(...at(s))).toBe(v));
  it.each(['\v5', '5\f', '5\r', '\u00a05', '5\n'])('rejects other white space around a price: %j (the SQL export trims spaces and tabs only)', (s) => expect(parsePrice(...at(s))).toBeNaN());
  it.each(['-0', '-0.00', ' -.0 ', '-0e3'])('reads %j as 0 (not -0: not below zero, as pandas and DuckDB see it)', (s) => expect(Object.is(parsePrice(...at(s)), 0)).toBe(true));
  it('is bit-exact with Number() for random 2-decimal prices', () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 20000; i++) {
      const s = (Math.floor(rand() * 1e7) / 100).toFixed(2);
      expect(parsePrice(...at(s))).toBe(Number(s));
    }
  });
});

describe('parseEventType / parseUnsignedInt', () => {
  it('knows the four REES46 types and nothing else', () => {
    expect(['view', 'cart', 'purchase', 'remove_from_cart', 'View', 'click', ''].map((t) => parseEventType(...at(t)))).toEqual([0, 1, 2, 3, -1, -1, -1]);
  });
  it('parses ids within range', () => {
    expect(parseUnsignedInt(...at('44600062'), 4294967295)).toBe(44600062);
    expect(parseUnsignedInt(...at('4294967296'), 4294967295)).toBe(-1);
    expect(parseUnsignedInt(...at('-5'), 4294967295)).toBe(-1);
    expect(parseUnsignedInt(...at(''), 4294967295)).toBe(-1);
    expect(parseUnsignedInt(...at('12a'), 4294967295)).toBe(-1);
  });
});
