// Property: results never depend on where chunk boundaries fall — inside a quoted field, between the
// \r and \n of a CRLF pair, inside the BOM, in the middle of a number.
import { describe, expect, it } from 'vitest';
import { CsvIngestor, type IngestResult } from '../../src/core/ingest/csvIngestor.ts';
import { ingestWithPapaparse } from '../../src/core/ingest/papaparseIngest.ts';
import { HANDMADE_CSV, HEADER } from '../fixtures/handmade.ts';
import { encoder, ingestBytes, mulberry32, readFixture, ingestFingerprint, eventValues } from '../helpers/ingestText.ts';

function fingerprint(r: IngestResult) {
  return ingestFingerprint(r, 'faithful');
}

// Quoted commas/quotes/newlines, CRLF line ends, a BOM, a blank line, a repeated header, a truncated end.
const TRICKY = `\uFEFF${HEADER}\r\n${[
  '2019-10-01 00:00:01 UTC,view,1,2103807459595387724,"a,b","x""y\r\nz",1.00,1,S1',
  '2019-10-01 00:00:02 UTC,cart,1,2103807459595387724,"a,b",plain,1.00,1,S1',
  '',
  '"2019-10-01 00:00:03 UTC","purchase","1","2103807459595387724","","","1.50","1","S1"',
  HEADER,
  '2019-10-01 00:00:04 UTC,view,2,2103807459595387724,,"multi\nline\nbrand",3.25,2,S2',
  '2019-10-01 00:00:05 UTC,remove_from_cart,2,2103807459595387724,,,3.25,2,S2',
].join('\r\n')}\r\n2019-10-01 00:00:06 UTC,view,3,21038074595`;

describe('chunk boundaries never change results', () => {
  const cases: [string, Uint8Array][] = [
    ['tricky fixture', encoder.encode(TRICKY)],
    ['hand-made fixture', encoder.encode(HANDMADE_CSV)],
    ['real excerpt (first 300 kB)', readFixture('rees46-oct-excerpt.csv').subarray(0, 300_000)],
  ];
  for (const [name, bytes] of cases) {
    it(`${name}: every single split point, and random chunk sizes`, () => {
      const whole = fingerprint(ingestBytes(bytes));
      const splits = bytes.length <= 2000 ? Array.from({ length: bytes.length - 1 }, (_, i) => i + 1) : [];
      for (const at of splits) {
        const parts = ingestBytesAt(bytes, at);
        expect(fingerprint(parts), `split at byte ${at}`).toEqual(whole);
      }
      const rand = mulberry32(bytes.length);
      for (let trial = 0; trial < 12; trial++) {
        const sizes = Array.from({ length: 8 }, () => 1 + Math.floor(rand() * (trial < 6 ? 64 : 40_000)));
        expect(fingerprint(ingestBytes(bytes, sizes)), `chunk sizes ${sizes.join(',')}`).toEqual(whole);
      }
    });
  }

  it('a chunk’s buffer is neither changed nor kept: a reader may refill the same buffer for the next chunk', () => {
    const bytes = encoder.encode(TRICKY);
    const whole = fingerprint(ingestBytes(bytes));
    const original = bytes.slice();
    for (const size of [1, 7, 64, 300]) {
      const ing = new CsvIngestor({ fileName: 'test.csv', expectedBytes: bytes.length });
      const shared = new Uint8Array(size);
      for (let pos = 0; pos < bytes.length; pos += size) {
        const n = Math.min(size, bytes.length - pos);
        shared.set(bytes.subarray(pos, pos + n));
        ing.push(shared.subarray(0, n));
        expect(shared.subarray(0, n)).toEqual(bytes.subarray(pos, pos + n)); // quoted fields unescaped on a copy
        shared.fill(0x22); // a quote in every byte: any view kept into it would now read garbage
      }
      expect(fingerprint(ing.finish()), `chunks of ${size} bytes through one buffer`).toEqual(whole);
    }
    expect(bytes).toEqual(original);
  });

  it('tricky fixture: the expected rows and rejects', () => {
    const r = ingestBytes(encoder.encode(TRICKY));
    expect(r.rows).toBe(5);
    expect(r.blankLines).toBe(1);
    expect(r.rejected.byReason).toEqual({ repeated_header: 1, field_count: 1 });
    expect(r.rejected.examples.map((e) => e.line)).toEqual([7, 12]); // row 1 spans lines 2–3, the brand of S2 lines 8–10
    expect(r.dict.brands.get(eventValues(r.events, 'brandIdx')[0])).toBe('x"y\r\nz');
    expect(r.dict.brands.get(eventValues(r.events, 'brandIdx')[3])).toBe('multi\nline\nbrand');
  });
});

describe('papaparse path gives identical results to the byte scanner', () => {
  const decoder = new TextDecoder();
  const cases: [string, string][] = [
    ['tricky fixture', TRICKY],
    ['hand-made fixture', HANDMADE_CSV],
    ['real excerpt', decoder.decode(readFixture('rees46-oct-excerpt.csv'))],
    ['lines of only spaces and tabs', `${HEADER}\n   \n2019-10-01 00:00:02 UTC,cart,1,2103807459595387724,"a,b",plain,1.00,1,S1\r\n\t\r\n \t \n`],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const bytePath = fingerprint(ingestBytes(encoder.encode(text)));
      const chunks: string[] = [];
      const rand = mulberry32(text.length);
      for (let pos = 0; pos < text.length; ) {
        const size = 1 + Math.floor(rand() * 5000);
        chunks.push(text.slice(pos, pos + size));
        pos += size;
      }
      expect(fingerprint(ingestWithPapaparse(chunks, 'test.csv'))).toEqual(bytePath);
    });
  }
});

function ingestBytesAt(bytes: Uint8Array, at: number): IngestResult {
  return ingestBytes(bytes, [at, bytes.length]);
}
