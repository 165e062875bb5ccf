// The plain-row fast path must accept exactly the rows the general path accepts, with the same values,
// and leave everything else (with its reason and line number) to the general path.
import { describe, expect, it } from 'vitest';
import { CsvIngestor, type IngestResult } from '../../src/core/ingest/csvIngestor.ts';
import { generateCsv } from '../../src/core/generate/generateCsv.ts';
import { isStandardLayout, parsePlainRows } from '../../src/core/ingest/plainRowParser.ts';
import { EventColumns, newDictionaries, priceAt, type EventColumnsData } from '../../src/core/sessions/eventColumns.ts';
import { ingestInParallel, ingestRange, memorySource } from '../../src/core/ingest/parallelIngest.ts';
import { checkHeader } from '../../src/core/csv/schema.ts';
import { HEADER } from '../fixtures/handmade.ts';
import { encoder, ingestFingerprint, mulberry32, readFixture, eventValues } from '../helpers/ingestText.ts';

function ingest(bytes: Uint8Array, chunkSizes: number[], plainRowFastPath: boolean): { result: IngestResult; plain: number } {
  const ing = new CsvIngestor({ fileName: 'dirty.csv', expectedBytes: bytes.length, plainRowFastPath });
  for (let pos = 0, i = 0; pos < bytes.length; i++) {
    const size = Math.max(1, chunkSizes[i % chunkSizes.length]);
    ing.push(bytes.subarray(pos, Math.min(bytes.length, pos + size)));
    pos += size;
  }
  return { result: ing.finish(), plain: ing.plainRowsParsed };
}

/** Each turns a valid row into one the fast path must not take on its own (most are invalid). */
const MUTATIONS: ((fields: string[]) => string)[] = [
  (f) => [f[0].replace(' UTC', 'Z'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(' UTC', '+00:00'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(' UTC', ''), ...f.slice(1)].join(','),
  (f) => [f[0].replace(' ', 'T'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/-\d\d /, '-32 '), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/ \d\d:/, ' 24:'), ...f.slice(1)].join(','),
  // Dates and times the inline time parse must leave alone or take exactly as parseEventTime does
  // (some valid: a leap day, the year bounds; interleaved with the unchanged rows' dates).
  (f) => [f[0].replace(/^\d{4}-\d\d-\d\d/, '2019-02-29'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/^\d{4}-\d\d-\d\d/, '2020-02-29'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/^\d{4}/, '1969'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/^\d{4}/, '1970'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/^\d{4}-\d\d-\d\d/, '2105-12-31'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/^\d{4}/, '2106'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/^(\d{4})-\d\d/, '$1-00'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/^(\d{4}-\d\d)-\d\d/, '$1-00'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/^(\d{4})-\d\d/, '$1-1O'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/^(\d{4})-(\d\d)-/, '$1/$2/'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/:\d\d:/, ':60:'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/:(\d\d) UTC/, ':60 UTC'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/ (\d\d):/, ' 2a:'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(/ (\d\d):/, ' 23:'), ...f.slice(1)].join(','),
  (f) => [f[0].replace(' UTC', ' utc'), ...f.slice(1)].join(','),
  (f) => [f[0], 'View', ...f.slice(2)].join(','),
  (f) => [f[0], 'purchased', ...f.slice(2)].join(','),
  (f) => [f[0], 'remove_from_cart', ...f.slice(2)].join(','),
  (f) => [...f.slice(0, 2), '', ...f.slice(3)].join(','),
  (f) => [...f.slice(0, 2), '4294967296', ...f.slice(3)].join(','),
  (f) => [...f.slice(0, 2), '4294967295', ...f.slice(3)].join(','),
  (f) => [...f.slice(0, 2), '00000000000000001', ...f.slice(3)].join(','),
  (f) => [...f.slice(0, 2), '0000000000000001', ...f.slice(3)].join(','),
  (f) => [...f.slice(0, 2), '-5', ...f.slice(3)].join(','),
  (f) => [...f.slice(0, 3), '', ...f.slice(4)].join(','),
  (f) => [...f.slice(0, 3), '12a4', ...f.slice(4)].join(','),
  (f) => [...f.slice(0, 4), '"a,b"', ...f.slice(5)].join(','),
  (f) => [...f.slice(0, 5), '"say ""hi"""', ...f.slice(6)].join(','),
  (f) => [...f.slice(0, 5), 'br"and', ...f.slice(6)].join(','),
  (f) => [...f.slice(0, 5), 'Ñandú', ...f.slice(6)].join(','),
  (f) => [...f.slice(0, 6), '', ...f.slice(7)].join(','),
  (f) => [...f.slice(0, 6), '.', ...f.slice(7)].join(','),
  (f) => [...f.slice(0, 6), '.5', ...f.slice(7)].join(','),
  (f) => [...f.slice(0, 6), '12.', ...f.slice(7)].join(','),
  (f) => [...f.slice(0, 6), '1e3', ...f.slice(7)].join(','),
  (f) => [...f.slice(0, 6), '-1.00', ...f.slice(7)].join(','),
  (f) => [...f.slice(0, 6), '1.2.3', ...f.slice(7)].join(','),
  (f) => [...f.slice(0, 6), '1234567890123456', ...f.slice(7)].join(','),
  (f) => [...f.slice(0, 6), ' 1.00', ...f.slice(7)].join(','),
  (f) => [...f.slice(0, 7), '', ...f.slice(8)].join(','),
  (f) => [...f.slice(0, 7), '99999999999', ...f.slice(8)].join(','),
  (f) => [...f.slice(0, 8), ''].join(','),
  (f) => [...f.slice(0, 8), '  \t'].join(','),
  (f) => [...f.slice(0, 8), ` ${f[8]} `].join(','),
  (f) => [...f.slice(0, 8), `"${f[8]}"`].join(','),
  (f) => [...f, 'extra'].join(','),
  (f) => f.slice(0, 8).join(','),
  (f) => `${f.join(',')}\r`,
  (f) => `${f.join(',').slice(0, 40)}`,
  () => '',
  () => HEADER,
  () => '\r',
];

function dirtyCsv(seed: number, rows: number): Uint8Array {
  const rand = mulberry32(seed);
  const lines = generateCsv({ rows, seed }).split('\n');
  for (let i = 1; i < lines.length - 1; i++) {
    if (rand() < 0.25) lines[i] = MUTATIONS[Math.floor(rand() * MUTATIONS.length)](lines[i].split(','));
  }
  return encoder.encode(lines.join(rand() < 0.5 ? '\n' : '\r\n'));
}

describe('plain-row fast path equals the general path', () => {
  it('recognises the standard layout only', () => {
    const standard = checkHeader(HEADER.split(','));
    const reordered = checkHeader(['event_type', ...HEADER.split(',').filter((c) => c !== 'event_type')]);
    const extra = checkHeader([...HEADER.split(','), 'note']);
    expect(standard.ok && isStandardLayout(standard.layout)).toBe(true);
    expect(reordered.ok && isStandardLayout(reordered.layout)).toBe(false);
    expect(extra.ok && isStandardLayout(extra.layout)).toBe(false);
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`dirty generated file, seed ${seed}: same rows, rejects, lines and features, any chunking`, () => {
      const bytes = dirtyCsv(seed, 1500);
      const general = ingest(bytes, [bytes.length], false);
      expect(general.plain).toBe(0);
      const whole = ingestFingerprint(general.result, 'faithful');
      const rand = mulberry32(seed * 7);
      for (const sizes of [[bytes.length], [1 + Math.floor(rand() * 50)], [1 + Math.floor(rand() * 5000), 3, 700]]) {
        const fast = ingest(bytes, sizes, true);
        // Most rows are clean: the fast path must really have run, or this test compares nothing.
        expect(fast.plain, `chunk sizes ${sizes.join(',')}`).toBeGreaterThan(general.result.rows * 0.5);
        expect(ingestFingerprint(fast.result, 'faithful'), `chunk sizes ${sizes.join(',')}`).toEqual(whole);
        expect(Array.from(fast.result.events.timeSec)).toEqual(Array.from(general.result.events.timeSec));
        const prices = (e: EventColumnsData) => Array.from({ length: e.length }, (_, i) => priceAt(e, i));
        expect(prices(fast.result.events)).toEqual(prices(general.result.events));
        expect(Array.from(eventValues(fast.result.events, 'productId'))).toEqual(Array.from(eventValues(general.result.events, 'productId')));
        expect(Array.from(fast.result.events.sessionUser)).toEqual(Array.from(general.result.events.sessionUser));
        expect(Array.from(fast.result.events.type)).toEqual(Array.from(general.result.events.type));
        expect(Array.from(eventValues(fast.result.events, 'categoryIdx'))).toEqual(Array.from(eventValues(general.result.events, 'categoryIdx')));
        expect(Array.from(eventValues(fast.result.events, 'categoryCodeIdx'))).toEqual(Array.from(eventValues(general.result.events, 'categoryCodeIdx')));
      }
    });
  }

  it('keeps each session\'s earliest event and smallest user on a tie, in time order or not (plain rows only)', () => {
    // Sessions of several users, many events in one second, interleaved; the second half of the file
    // goes back in time (rows earlier than a session's first), so the in-order shortcut must stop.
    const rand = mulberry32(77);
    const row = (sec: number, session: number, user: number) => {
      const time = `2019-10-01 00:${String(Math.floor(sec / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')} UTC`;
      return `${time},view,1000,2053013555631882655,electronics.smartphone,apple,10.00,${user},${String(session).padStart(8, '0')}-0000-4000-8000-000000000000`;
    };
    for (const backwards of [false, true]) {
      const lines = [HEADER];
      let sec = 0;
      for (let i = 0; i < 4000; i++) {
        if (rand() < 0.2) sec++;
        const t = backwards && i > 2000 ? Math.max(0, sec - 1 - Math.floor(rand() * 40)) : sec;
        lines.push(row(t, Math.floor(rand() * 300), 500 + Math.floor(rand() * 4)));
      }
      const bytes = encoder.encode(`${lines.join('\n')}\n`);
      const general = ingest(bytes, [bytes.length], false);
      for (const sizes of [[bytes.length], [997], [64, 5000]]) {
        const fast = ingest(bytes, sizes, true);
        expect(fast.plain).toBe(4000);
        expect(Array.from(fast.result.events.sessionUser), `backwards ${backwards}, chunks ${sizes}`).toEqual(Array.from(general.result.events.sessionUser));
        expect(ingestFingerprint(fast.result, 'strict')).toEqual(ingestFingerprint(general.result, 'strict'));
      }
    }
  });

  it('real October excerpt: every row plain, same result as the general path', () => {
    const bytes = readFixture('rees46-oct-excerpt.csv');
    const general = ingest(bytes, [1 << 16], false);
    const fast = ingest(bytes, [1 << 16], true);
    expect(fast.plain).toBe(general.result.rows);
    expect(ingestFingerprint(fast.result, 'strict')).toEqual(ingestFingerprint(general.result, 'strict'));
  });

  it('a range that stops mid-buffer consumes the same records either way', () => {
    const bytes = dirtyCsv(9, 400);
    const stopAt = bytes.indexOf(10, bytes.length >> 1) + 1;
    const run = (plainRowFastPath: boolean) => {
      const ing = new CsvIngestor({ fileName: 'r.csv', stopAt, plainRowFastPath });
      ing.push(bytes);
      const r = ing.finish();
      return { end: r.endOffset, rows: r.rows, lines: r.lines, rejected: r.rejected.total };
    };
    expect(run(true)).toEqual(run(false));
  });

  it('dirty generated file in random byte ranges (fast path) equals one general-path reader', async () => {
    const bytes = dirtyCsv(12, 3000);
    const serial = ingestFingerprint(ingest(bytes, [bytes.length], false).result, 'strict');
    const source = memorySource(bytes);
    const rand = mulberry32(21);
    for (let trial = 0; trial < 8; trial++) {
      const workers = 2 + Math.floor(rand() * 7);
      const minRange = 500 + Math.floor(rand() * 20_000);
      const merged = await ingestInParallel(source, 'dirty.csv', workers, (task) => ingestRange(source, 'dirty.csv', task, 1 + Math.floor(rand() * 9000)), minRange);
      expect(ingestFingerprint(merged, 'strict'), `workers=${workers} minRange=${minRange}`).toEqual(serial);
    }
  });
});

describe('parsePlainRows stops at `end`', () => {
  const row = '2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\n';
  it('takes only rows whose newline comes before `end`, whatever bytes follow it in the buffer', () => {
    const bytes = encoder.encode(row + row + '12345678901234567890'.repeat(20));
    for (const cut of [0, 1, 23, 24, 30, 60, row.length - 2, row.length - 1]) {
      const end = row.length + cut;
      const events = new EventColumns(4);
      const dict = newDictionaries();
      // One whole row before `end`; the next is cut at `end` (the bytes past it are digits).
      expect(parsePlainRows(bytes, 0, end, Infinity, events, dict), `cut ${cut}`).toBe(row.length);
      expect(events.length).toBe(1);
    }
    const events = new EventColumns(4);
    expect(parsePlainRows(bytes, 0, 2 * row.length, Infinity, events, newDictionaries())).toBe(2 * row.length);
    expect(events.length).toBe(2);
  });

  it('a buffer that ends inside digits (no newline) ends the scan, not the page', () => {
    const bytes = encoder.encode(row.slice(0, 40));
    expect(parsePlainRows(bytes, 0, bytes.length, Infinity, new EventColumns(4), newDictionaries())).toBe(0);
    const long = encoder.encode('2019-10-01 00:00:00 UTC,view,' + '9'.repeat(100));
    expect(parsePlainRows(long, 0, long.length, Infinity, new EventColumns(4), newDictionaries())).toBe(0);
  });
});
