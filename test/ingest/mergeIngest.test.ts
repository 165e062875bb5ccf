// mergeIngestResults on tiny hand-made parts: exact merged values (sessions spanning parts, keys first
// seen in a later part, rejected lines shifted), the parts' columns released, index column types.
import { describe, expect, it } from 'vitest';
import { EventType, type ColumnLayout } from '../../src/core/csv/schema.ts';
import { CsvIngestor, type IngestPart } from '../../src/core/ingest/csvIngestor.ts';
import { mergeIngestResults, mergeIngestResultsPausing } from '../../src/core/ingest/mergeIngest.ts';
import { EventColumns, newDictionaries, priceAt, type EventColumnsData, type ParsedEventsData } from '../../src/core/sessions/eventColumns.ts';
import { HEADER } from '../fixtures/handmade.ts';
import { encoder, ingestBytes, ingestPartBytes, eventValues } from '../helpers/ingestText.ts';

const T = '2019-10-01 10:00';
// Three ranges: part 0 = lines 1–3, part 1 = lines 4–6, part 2 = lines 7–11.
const PART_LINES = [
  [
    HEADER, //                                                                 1
    `${T}:00 UTC,view,11,100,electronics.phone,apple,1.00,1,A`, //             2
    `${T}:01 UTC,view,12,100,,,2.00,2,B`, //                                   3
  ],
  [
    `${T}:02 UTC,cart,11,100,electronics.phone,apple,1.00,1,A`, //             4 session A again
    `${T}:03 UTC,view,13,100,,,,3,C`, //                                       5 bad_price
    `${T}:04 UTC,view,13,200,,samsung,3.00,3,C`, //                            6
  ],
  [
    `${T}:05 UTC,view,14,300,appliances.kitchen,bosch,4.50,3,C`, //            7 category, code, brand new here
    `${T}:06 UTC,purchase,11,100,electronics.phone,apple,1.00,1,A`, //         8
    '', //                                                                     9 blank
    `${T}:07 UTC,click,13,200,,samsung,3.00,4,D`, //                           10 unknown_event_type
    `${T}:08 UTC,view,13,200,,samsung,3.00,4,D`, //                            11
  ],
];
const TEXT = `${PART_LINES.map((lines) => lines.join('\n')).join('\n')}\n`;

/** Parses TEXT as three byte ranges, the way parallel ingestion does. */
function threeParts(): IngestPart[] {
  const bytes = encoder.encode(TEXT);
  const starts = [0];
  for (const lines of PART_LINES.slice(0, -1)) starts.push(starts[starts.length - 1] + encoder.encode(`${lines.join('\n')}\n`).length);
  let layout: ColumnLayout | undefined;
  return starts.map((start, k) => {
    const stopAt = k + 1 < starts.length ? starts[k + 1] : Infinity;
    const ing = new CsvIngestor({ fileName: 'test.csv', layout, startOffset: start, stopAt });
    ing.push(bytes.subarray(start));
    const r = ing.finishPart();
    layout = r.layout;
    return r;
  });
}

const sec = (s: number) => Date.UTC(2019, 9, 1, 10, 0, s) / 1000;
const keys = (t: { size: number; get(i: number): string }) => Array.from({ length: t.size }, (_, i) => t.get(i));
const COLUMNS = ['timeSec', 'type', 'sessionStart', 'sessionUser'] as const;
const ITEM_FIELDS = ['productId', 'categoryIdx', 'categoryCodeIdx', 'brandIdx'] as const;
const PART_COLUMNS = ['timeSec', 'type', 'productId', 'price', 'categoryIdx', 'categoryCodeIdx', 'brandIdx', 'sessionIdx', 'sessionFirstSec', 'sessionUser'] as const;
// Item fields (product, category, code, brand, price) per event, through the item table.
const columns = (e: EventColumnsData) => ({
  ...Object.fromEntries(COLUMNS.map((c) => [c, Array.from(e[c])])),
  ...Object.fromEntries(ITEM_FIELDS.map((f) => [f, eventValues(e, f)])),
  price: prices(e),
});
const prices = (e: EventColumnsData) => Array.from({ length: e.length }, (_, i) => priceAt(e, i));

describe('mergeIngestResults', () => {
  it('gives exact values on three hand-made parts', () => {
    const parts = threeParts();
    expect(parts.map((p) => keys(p.dict.sessions))).toEqual([['A', 'B'], ['A', 'C'], ['C', 'A', 'D']]);
    const m = mergeIngestResults(parts);
    const { view, cart, purchase } = EventType;
    // Grouped by session (A, B, C, D in order of first appearance), file order within each: file
    // rows 0, 2, 5 (A, across all three parts), 1 (B), 3, 4 (C, across parts 1 and 2), 6 (D).
    expect(columns(m.events)).toEqual({
      timeSec: [0, 2, 6, 1, 4, 5, 8].map(sec),
      type: [view, cart, purchase, view, view, view, view],
      productId: [11, 11, 11, 12, 13, 14, 13],
      price: [1, 1, 1, 2, 3, 4.5, 3],
      categoryIdx: [0, 0, 0, 0, 1, 2, 1],
      categoryCodeIdx: [1, 1, 1, 0, 0, 2, 0],
      brandIdx: [1, 1, 1, 0, 2, 3, 2],
      sessionStart: [0, 3, 4, 6, 7],
      sessionUser: [1, 2, 3, 4],
    });
    expect(m.events.length).toBe(7);
    expect({
      sessions: keys(m.dict.sessions),
      categoryIds: keys(m.dict.categoryIds),
      categoryCodes: keys(m.dict.categoryCodes),
      brands: keys(m.dict.brands),
    }).toEqual({
      sessions: ['A', 'B', 'C', 'D'],
      categoryIds: ['100', '200', '300'],
      categoryCodes: ['', 'electronics.phone', 'appliances.kitchen'],
      brands: ['', 'apple', 'samsung', 'bosch'],
    });
    expect({ rows: m.rows, lines: m.lines, blank: m.blankLines, bytes: m.bytes, start: m.startOffset, end: m.endOffset }).toEqual({
      rows: 7,
      lines: 11,
      blank: 1,
      bytes: encoder.encode(TEXT).length,
      start: 0,
      end: encoder.encode(TEXT).length,
    });
    expect(m.rejected.total).toBe(2);
    expect(m.rejected.byReason).toEqual({ bad_price: 1, unknown_event_type: 1 });
    expect(m.rejected.lines).toEqual([5, 10]);
    expect(m.rejected.lineReasons).toEqual(['bad_price', 'unknown_event_type']);
    expect(m.rejected.examples.map((e) => [e.line, e.reason])).toEqual([
      [5, 'bad_price'],
      [10, 'unknown_event_type'],
    ]);
  });

  it('equals one reader on the same text', () => {
    const m = mergeIngestResults(threeParts());
    const serial = ingestBytes(encoder.encode(TEXT));
    expect(columns(m.events)).toEqual(columns(serial.events));
    expect(keys(m.dict.sessions)).toEqual(keys(serial.dict.sessions));
    expect(keys(m.dict.brands)).toEqual(keys(serial.dict.brands));
    expect(m.rejected).toEqual(serial.rejected);
    expect(m.lines).toBe(serial.lines);
  });

  it('consumes the parts: slots emptied, every event column released, part 0 dictionaries adopted', () => {
    const parts: (IngestPart | undefined)[] = threeParts();
    const events = parts.map((p) => p!.events);
    const part0Dict = parts[0]!.dict;
    const m = mergeIngestResults(parts);
    expect(parts).toEqual([undefined, undefined, undefined]);
    for (const e of events) expect({ length: e.length, ...Object.fromEntries(PART_COLUMNS.map((c) => [c, e[c].length])) }).toEqual({ length: 0, ...Object.fromEntries(PART_COLUMNS.map((c) => [c, 0])) });
    expect(m.dict.sessions).toBe(part0Dict.sessions);
    expect(m.dict.brands).toBe(part0Dict.brands);
    expect(m.events.length).toBe(7);
  });

  it('mergeIngestResultsPausing: the same result, with a pause after the dictionaries and between columns', async () => {
    const parts: (IngestPart | undefined)[] = threeParts();
    const seen: string[] = [];
    const m = await mergeIngestResultsPausing(parts, async () => {
      seen.push(parts.every((p) => p === undefined) ? 'parts released' : 'parts held');
    });
    // After the dictionaries and the session remap, after the items, after the positions, and after
    // the item and time columns (the type column is the last; prices are in the item table).
    expect(seen).toEqual(Array(5).fill('parts released'));
    expect(columns(m.events)).toEqual(columns(mergeIngestResults(threeParts()).events));
    expect(keys(m.dict.sessions)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('mergeIngestResultsPausing stops at the first pause that throws (a cancel)', async () => {
    let pauses = 0;
    const merging = mergeIngestResultsPausing(threeParts(), async () => {
      if (++pauses === 2) throw new Error('cancelled');
    });
    await expect(merging).rejects.toThrow('cancelled');
    expect(pauses).toBe(2);
  });

  it('groups a single part as one reader does', () => {
    const text = encoder.encode(TEXT);
    const one = mergeIngestResults([ingestPartBytes(text)]);
    expect(columns(one.events)).toEqual(columns(ingestBytes(text).events));
    expect(Array.from(one.events.sessionStart)).toEqual([0, 3, 4, 6, 7]);
  });

  it('throws on a missing part', () => {
    expect(() => mergeIngestResults([threeParts()[0], undefined])).toThrow(/missing parts/);
  });
});

/**
 * A part with `n` events, each its own session and product, whose brands are the keys
 * `${prefix}${i % brands}` (brandIdx as Uint16Array or Int32Array, or the events as items as a
 * parser keeps them).
 */
function brandPart(prefix: string, n: number, Brand: Int32ArrayConstructor | Uint16ArrayConstructor | 'items', brands = n): IngestPart {
  const dict = newDictionaries();
  const ev = new EventColumns(n, Brand === 'items');
  for (let i = 0; i < n; i++) {
    const key = encoder.encode(`${prefix}${i}`);
    const brand = encoder.encode(`${prefix}${i % brands}`);
    const r = ev.next();
    const category = dict.categoryIds.intern(key, 0, 1);
    const brandIdx = dict.brands.intern(brand, 0, brand.length);
    // Prices in cents, and every seventh not whole cents.
    if (i % 7 === 3) ev.setItemPrice(r, i, category, 0, brandIdx, i + 0.125);
    else ev.setItem(r, i, category, 0, brandIdx, 150 + i);
    ev.sessionIdx[r] = dict.sessions.intern(key, 0, key.length);
  }
  ev.freeze(dict.sessions.size);
  let events: ParsedEventsData = ev;
  if (Brand !== 'items') {
    const brandIdx = new Brand(n);
    brandIdx.set(ev.brandIdx);
    events = { ...ev, brandIdx, length: n };
  } else expect(ev.items?.size).toBe(n);
  return {
    fileName: 'x.csv',
    events,
    dict,
    rejected: { total: 0, byReason: {}, examples: [], lines: [], lineReasons: [], linesTruncated: false },
    joinedRecords: { records: 0, lines: 0, spans: [] },
    rows: n,
    blankLines: 0,
    bytes: 0,
    lines: n,
    layout: undefined as unknown as ColumnLayout,
    startOffset: 0,
    endOffset: 0,
  };
}

describe('mergeIngestResults: the item table, or per-event columns of the right width', () => {
  // [name, parts (a, b), brands per part, items expected, the brand column's type]
  const cases: [string, () => IngestPart[], number, number, string][] = [
    ['few items: one table (Int32 indices)', () => [brandPart('a', 10, Uint16Array), brandPart('b', 10, Uint16Array)], 10, 20, 'Int32Array'],
    ['more items than a quarter of the events, Uint16 parts, ≤ 65,536 merged brands: per-event Uint16', () => [brandPart('a', 40_000, Uint16Array, 500), brandPart('b', 40_000, Uint16Array, 500)], 500, 80_000, 'Uint16Array'],
    ['… mixed parts: per-event Int32', () => [brandPart('a', 40_000, Uint16Array, 500), brandPart('b', 40_000, Int32Array, 500)], 500, 80_000, 'Int32Array'],
    ['… Int32 parts: per-event Int32', () => [brandPart('a', 40_000, Int32Array, 500), brandPart('b', 40_000, Int32Array, 500)], 500, 80_000, 'Int32Array'],
    ['… Uint16 parts, > 65,536 merged brands: per-event Int32', () => [brandPart('a', 40_000, Uint16Array), brandPart('b', 40_000, Uint16Array)], 40_000, 80_000, 'Int32Array'],
    ['parts parsed as items, few items: one table', () => [brandPart('a', 10, 'items'), brandPart('b', 10, 'items')], 10, 20, 'Int32Array'],
    ['a part as items and one with columns: one table', () => [brandPart('a', 10, 'items'), brandPart('b', 10, Uint16Array)], 10, 20, 'Int32Array'],
    ['parts as items, more items than a quarter of the events together: per-event Uint16', () => [brandPart('a', 40_000, 'items', 500), brandPart('b', 40_000, 'items', 500)], 500, 80_000, 'Uint16Array'],
    ['… one part as items, one with columns: per-event Uint16', () => [brandPart('a', 40_000, Uint16Array, 500), brandPart('b', 40_000, 'items', 500)], 500, 80_000, 'Uint16Array'],
    ['… > 65,536 merged brands: per-event Int32', () => [brandPart('a', 40_000, 'items'), brandPart('b', 40_000, 'items')], 40_000, 80_000, 'Int32Array'],
  ];
  for (const [name, makeParts, brands, items, type] of cases) {
    it(`${name}`, () => {
      const parts = makeParts();
      const n0 = parts[0].events.length;
      const total = n0 + parts[1].events.length;
      const m = mergeIngestResults(parts);
      expect(m.events.items.size).toBe(items);
      expect(m.events.items.brandIdx.constructor.name).toBe(type);
      expect(m.events.sessionStart.constructor.name).toBe('Int32Array');
      // Every event is its own session, so the loaded order is the file order: a's events, then b's.
      const got = eventValues(m.events, 'brandIdx');
      const wrong = got.findIndex((b, i) => m.dict.brands.get(b) !== (i < n0 ? `a${i % brands}` : `b${(i - n0) % brands}`));
      expect(wrong, `event ${wrong}: brand ${m.dict.brands.get(got[wrong])}`).toBe(-1);
      expect(eventValues(m.events, 'productId')).toEqual(Array.from({ length: total }, (_, i) => (i < n0 ? i : i - n0)));
      const priceOf = (i: number) => (i % 7 === 3 ? i + 0.125 : (150 + i) / 100);
      expect(prices(m.events)).toEqual(Array.from({ length: total }, (_, i) => priceOf(i < n0 ? i : i - n0)));
      expect(m.dict.brands.size).toBe(2 * brands + 1);
    });
  }
});

describe('prices: read back bit for bit as parsed, through the item table', () => {
  const csv = (prices: string[]) => encoder.encode([HEADER, ...prices.map((p, i) => `2019-10-01 10:00:0${i % 10} UTC,view,1,2,,,${p},3,S${i}`)].join('\n') + '\n');

  it('whole cents and other prices alike; one item per distinct price of a product', () => {
    const text = ['0', '0.01', '35.79', '1.1', '2574.07', '42949672.95', '0.125', '7.77', '42949672.96', '35.790', '1.10'];
    const r = ingestBytes(csv(text)).events;
    expect(prices(r)).toEqual(text.map(Number));
    expect(r.items.size).toBe(9); // 35.790 and 1.10 are 35.79 and 1.1
  });

  it("parts merged: the same prices, each part's items mapped to one table", () => {
    const a = ingestPartBytes(csv(['1.10', '35.79']));
    const b = ingestPartBytes(csv(['0.333', '4']));
    expect([a.events.price.length, b.events.price.length]).toEqual([0, 0]); // parsed as items
    const m = mergeIngestResults([a, b]);
    // Both parts have sessions S0 and S1: grouped, S0's two events come first.
    expect(prices(m.events)).toEqual([1.1, 0.333, 35.79, 4]);
    expect(m.events.items.size).toBe(4);
  });
});
