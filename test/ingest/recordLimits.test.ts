// The record-length rule (recordScanner.ts, MAX_LINE_BYTES) reads only a record's own bytes, so the
// same file gives the same rows, rejections and line numbers whatever the chunk sizes or byte ranges:
// long lines, quotes left open, and quotes that close far away, in one reader or in many.
import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../../src/core/ingest/csvIngestor.ts';
import { ingestInParallel, ingestRange, memorySource } from '../../src/core/ingest/parallelIngest.ts';
import { MAX_LINE_BYTES } from '../../src/core/csv/recordScanner.ts';
import { HEADER } from '../fixtures/handmade.ts';
import { encoder, ingestBytes, ingestFingerprint, ingestText, mulberry32, eventValues } from '../helpers/ingestText.ts';

const row = (i: number, brand = `b${i % 4}`) => `2019-10-01 00:00:${String(i % 60).padStart(2, '0')} UTC,view,${i},2053013555631882655,,${brand},1.50,${100 + (i % 7)},S${i % 11}`;
/** A row whose line (from its first byte to its \n) is exactly `bytes` long, its brand padded. */
const rowOfLength = (i: number, bytes: number) => {
  const base = row(i, '');
  return row(i, 'x'.repeat(bytes - base.length));
};

/** Plain rows around: a long row, a stray quote closing 3 lines on, one never closing, blank-looking lines. */
function limitsFile(): string {
  const lines = [HEADER];
  for (let i = 0; i < 40; i++) lines.push(row(i));
  lines.push(rowOfLength(40, MAX_LINE_BYTES)); // line 42: exactly at the limit, accepted
  lines.push(rowOfLength(41, MAX_LINE_BYTES + 1)); // line 43: one byte over, line_too_long
  lines.push(rowOfLength(42, 200_000)); // line 44: far over
  for (let i = 43; i < 60; i++) lines.push(row(i));
  lines.push(row(60, '"stray')); // line 62: joined with the lines up to the closing quote
  lines.push('more text', 'x" tail');
  for (let i = 61; i < 70; i++) lines.push(row(i));
  lines.push(row(70, '"far')); // line 74: still open 64 KiB on (its closing quote is ~110 KB away)
  for (let i = 71; i < 600; i++) lines.push(row(i, i === 1500 ? 'x"' : undefined));
  lines.push('   ', '\t', ' \t ');
  for (let i = 600; i < 1600; i++) lines.push(row(i, i === 1500 ? 'x"' : undefined));
  return `${lines.join('\n')}\n`;
}

function fingerprint(r: IngestResult) {
  return ingestFingerprint(r, 'faithful');
}

describe('records longer than the limit', () => {
  const bytes = encoder.encode(limitsFile());
  const whole = ingestBytes(bytes);

  it('are rejected with their own reason and line; a quote open at the limit is an unterminated quote', () => {
    expect(whole.rejected.byReason).toEqual({ line_too_long: 2, unterminated_quote: 1, field_count: 1 });
    const lines = whole.rejected.examples.map((e) => [e.line, e.reason]);
    expect(lines).toEqual([
      [43, 'line_too_long'],
      [44, 'line_too_long'],
      [62, 'field_count'], // the stray quote's record: its fields do not add up
      [74, 'unterminated_quote'],
    ]);
    // 1,600 rows written; 2 too long, the stray quote's row, the far quote's row are out. The 2 lines
    // after line 62 were joined into it; the rows after line 74 parse again (a quote inside a field,
    // as in line 1,507's brand, is text).
    expect(whole.rows).toBe(1600 - 4);
    const e = Array.from(eventValues(whole.events, 'productId')).indexOf(1500);
    expect(whole.dict.brands.get(eventValues(whole.events, 'brandIdx')[e])).toBe('x"');
    expect(whole.blankLines).toBe(3); // spaces and tabs only: blank, as pandas skips them
    expect(whole.lines).toBe(1 + 1600 + 2 + 3);
  });

  it('give the same result for any chunk sizes', () => {
    const expected = fingerprint(whole);
    const rand = mulberry32(3);
    for (const sizes of [[1000], [MAX_LINE_BYTES], [MAX_LINE_BYTES + 1], [256 * 1024], [70_000, 3, 131_072], Array.from({ length: 9 }, () => 1 + Math.floor(rand() * 90_000))]) {
      expect(fingerprint(ingestBytes(bytes, sizes)), `chunks ${sizes.join(',')}`).toEqual(expected);
    }
  });

  it('give the same result in any number of byte ranges', async () => {
    const expected = { ...fingerprint(whole), bytes: whole.bytes };
    const source = memorySource(bytes);
    const rand = mulberry32(9);
    for (let trial = 0; trial < 8; trial++) {
      const workers = 2 + Math.floor(rand() * 7);
      const chunk = 500 + Math.floor(rand() * 100_000);
      const r = await ingestInParallel(source, 'test.csv', workers, (task) => ingestRange(source, 'test.csv', task, chunk), 1000);
      expect({ ...fingerprint(r), bytes: r.bytes }, `workers=${workers} chunk=${chunk}`).toEqual(expected);
    }
  });
});

describe('quoted fields as pandas reads them', () => {
  it('keeps text after a closing quote as it is, quotes included', () => {
    const r = ingestText(`${HEADER}\n${row(1, '"abc"def"')}\n${row(2, '"x"y""z')}\n${row(3, '"a""b"c')}\n`);
    expect(r.rows).toBe(3);
    expect([0, 1, 2].map((e) => r.dict.brands.get(eventValues(r.events, 'brandIdx')[e]))).toEqual(['abcdef"', 'xy""z', 'a"bc']);
  });

  it('keeps two session ids apart that differ only in a quote after the closing one', () => {
    const base = '2019-10-01 00:00:00 UTC,view,1,2053013555631882655,,,1.50,1,';
    const r = ingestText(`${HEADER}\n${base}"s"1"\n${base}"s"1\n`);
    expect([r.dict.sessions.get(0), r.dict.sessions.get(1)]).toEqual(['s1"', 's1']);
  });
});

describe('a too-long record with line breaks inside its quotes', () => {
  // Byte ranges start after a newline, which can be one inside this record's quoted brand: the range
  // before must read the record to its end (past its stop) so the next one is parsed again from there.
  const quoted = `"${Array.from({ length: 3000 }, (_, i) => `part ${i}`).join('\n')}"`; // ~26 KB, 2,999 line breaks
  const longRow = row(5, quoted).replace(/,S5$/, `,S5${'x'.repeat(MAX_LINE_BYTES)}`);
  const lines = [HEADER];
  for (let i = 0; i < 30; i++) lines.push(row(i));
  lines.push(longRow);
  for (let i = 30; i < 60; i++) lines.push(row(i, i === 40 ? '" a quoted, brand"' : undefined));
  const bytes = encoder.encode(`${lines.join('\n')}\n`);

  it('is one line_too_long whose skipped lines are all counted, in one reader or many', async () => {
    const serial = ingestBytes(bytes);
    expect(serial.rejected.byReason).toEqual({ line_too_long: 1 });
    expect(serial.rows).toBe(60);
    expect(serial.lines).toBe(1 + 60 + 3000);
    const expected = { ...fingerprint(serial), bytes: serial.bytes };
    const source = memorySource(bytes);
    for (let workers = 2; workers <= 12; workers++) {
      for (const chunk of [300, 4096, 70_000]) {
        const r = await ingestInParallel(source, 'test.csv', workers, (task) => ingestRange(source, 'test.csv', task, chunk), 200);
        expect({ ...fingerprint(r), bytes: r.bytes }, `workers=${workers} chunk=${chunk}`).toEqual(expected);
      }
    }
  });
});
