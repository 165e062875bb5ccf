import { describe, expect, it } from 'vitest';
import { IngestError } from '../../src/core/ingest/csvIngestor.ts';
import { priceAt } from '../../src/core/sessions/eventColumns.ts';
import { countEventTypes } from '../../src/core/ingest/pipelineSummary.ts';
import { HANDMADE_CSV, HEADER } from '../fixtures/handmade.ts';
import { ingestText, readFixture, ingestBytes, eventValues } from '../helpers/ingestText.ts';

describe('CsvIngestor on the hand-made fixture', () => {
  const r = ingestText(HANDMADE_CSV);

  it('accepts the valid rows and counts event types', () => {
    expect(r.rows).toBe(13);
    expect(countEventTypes(r.events)).toEqual({ view: 8, cart: 1, purchase: 3, remove_from_cart: 1 });
    expect(r.dict.sessions.size).toBe(3);
    expect([0, 1, 2].map((i) => r.dict.sessions.get(i))).toEqual(['A', 'C', 'B']);
    expect(r.blankLines).toBe(1);
    expect(r.lines).toBe(21);
  });

  it('rejects one row per reason, with its line number', () => {
    expect(r.rejected.total).toBe(6);
    expect(r.rejected.byReason).toEqual({ bad_price: 1, unknown_event_type: 1, empty_session: 1, field_count: 1, repeated_header: 1, bad_time: 1 });
    expect(r.rejected.examples.map((e) => [e.line, e.reason])).toEqual([
      [14, 'bad_price'],
      [15, 'unknown_event_type'],
      [16, 'empty_session'],
      [17, 'field_count'],
      [18, 'repeated_header'],
      [19, 'bad_time'],
    ]);
    expect(r.rejected.examples[1].text).toBe('2019-10-01 03:06:00 UTC,click,7,2053013563810775999,,,2.50,2,C');
    expect(r.rejected.lines).toEqual([14, 15, 16, 17, 18, 19]);
    expect(r.rejected.lineReasons).toEqual(r.rejected.examples.map((e) => e.reason));
  });

  it('shows a rejected row with quoted fields as CSV that reads back as that row (quotes kept where needed)', () => {
    const text = [
      HEADER,
      '2019-10-01 10:00:00 UTC,view,1,2,,"acme, inc",-1,7,s1',
      '2019-10-01 10:00:00 UTC,view,1,2,,"multi',
      'line ""brand""",-1,7,s1',
      '2019-10-01 10:00:00 UTC,view,1,2,,"ok",-1,7,s1',
      '2019-10-01 10:00:00 UTC,view,1,2,,plain,-1,7,s1',
    ].join('\n');
    expect(ingestText(text).rejected.examples.map((e) => [e.line, e.text])).toEqual([
      [2, '2019-10-01 10:00:00 UTC,view,1,2,,"acme, inc",-1,7,s1'],
      [3, '2019-10-01 10:00:00 UTC,view,1,2,,"multi\nline ""brand""",-1,7,s1'],
      [5, '2019-10-01 10:00:00 UTC,view,1,2,,ok,-1,7,s1'],
      [6, '2019-10-01 10:00:00 UTC,view,1,2,,plain,-1,7,s1'],
    ]);
  });

  it('keeps category_id (> 2^53) exactly as its digits', () => {
    expect(r.dict.categoryIds.get(eventValues(r.events, 'categoryIdx')[0])).toBe('2053013555631882655');
    expect(Number('2053013555631882655').toString()).not.toBe('2053013555631882655');
  });

  it('stores columns exactly', () => {
    expect(r.events.timeSec[0]).toBe(Date.UTC(2019, 9, 1, 10) / 1000);
    expect(priceAt(r.events, 1)).toBe(20);
    expect(r.dict.brands.get(eventValues(r.events, 'brandIdx')[1])).toBe('samsung');
    expect(eventValues(r.events, 'brandIdx')[4]).toBe(0); // empty brand is index 0
    expect(r.dict.categoryCodes.get(eventValues(r.events, 'categoryCodeIdx')[0])).toBe('electronics.smartphone');
  });
});

describe('CsvIngestor input handling', () => {
  const row = '2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c';

  it('strips a UTF-8 BOM and reads CRLF line ends', () => {
    const r = ingestText(`\uFEFF${HEADER}\r\n${row}\r\n${row}\r\n`);
    expect(r.rows).toBe(2);
    expect(r.rejected.total).toBe(0);
    expect(r.dict.sessions.get(0)).toBe('72d76fde-8bb3-4e00-8c23-a032dfed738c');
  });

  it('reads quoted fields with commas, doubled quotes and newlines, and counts lines through them', () => {
    const quoted = '2019-10-01 00:00:01 UTC,view,1,2103807459595387724,"a,b","x""y\nz",1.00,1,S';
    const r = ingestText(`${HEADER}\n${quoted}\n${row.replace('view', 'bogus')}\n`);
    expect(r.rows).toBe(1);
    expect(r.dict.categoryCodes.get(eventValues(r.events, 'categoryCodeIdx')[0])).toBe('a,b');
    expect(r.dict.brands.get(eventValues(r.events, 'brandIdx')[0])).toBe('x"y\nz');
    expect(r.rejected.examples[0].line).toBe(4); // the quoted row spans lines 2–3
  });

  it('rejects a truncated last line without a newline', () => {
    const r = ingestText(`${HEADER}\n${row}\n2019-10-01 00:00:00 UTC,view,4460`);
    expect(r.rows).toBe(1);
    expect(r.rejected.byReason).toEqual({ field_count: 1 });
    expect(r.rejected.examples[0].line).toBe(3);
  });

  it('accepts a last line without a newline', () => {
    expect(ingestText(`${HEADER}\n${row}`).rows).toBe(1);
  });

  it('rejects an unterminated quote and resumes on the next line', () => {
    const bad = '2019-10-01 00:00:00 UTC,view,1,2103807459595387724,"oops,b,1.00,1,S';
    const r = ingestText(`${HEADER}\n${bad}\n${row}\n${row}\n`);
    expect(r.rejected.byReason).toEqual({ unterminated_quote: 1 });
    expect(r.rejected.examples[0].line).toBe(2);
    expect(r.rows).toBe(2);
    // On CRLF lines the example is the line without its \r.
    const crlf = ingestText(`${HEADER}\r\n${bad}\r\n${row}\r\n`);
    expect(crlf.rejected.examples[0].text).toBe(bad);
    expect(crlf.rows).toBe(1);
  });

  it('accepts the columns in any order, and extra columns', () => {
    const r = ingestText('user_session,price,extra,event_type,event_time,product_id,category_id,category_code,brand,user_id\nS,9.99,x,cart,2019-10-01 00:00:05 UTC,7,123,,,42\n');
    expect(r.rows).toBe(1);
    expect(r.events.type[0]).toBe(1);
    expect(priceAt(r.events, 0)).toBe(9.99);
    expect(r.events.sessionUser[0]).toBe(42);
  });

  it('says so when the file is semicolon- or tab-separated', () => {
    expect(() => ingestText(`${HEADER.replaceAll(',', ';')}\n`, undefined, 'excel.csv')).toThrow(`excel.csv, line 1: the columns are separated by semicolons, not commas (the header is one column: ${HEADER.replaceAll(',', ';')}): save the file as comma-separated CSV`);
    expect(() => ingestText(`${HEADER.replaceAll(',', '\t')}\n`, undefined, 'export.tsv')).toThrow(/separated by tabs/);
    expect(() => ingestText('date;amount\n', undefined, 'x.csv')).toThrow(/^x\.csv, line 1: this is not the REES46 schema/);
  });

  it('takes a repeated header with a BOM (concatenated exports) as a repeated header', () => {
    const r = ingestText(`${HEADER}\n${row}\n\uFEFF${HEADER}\n${row}\n`);
    expect(r.rejected.byReason).toEqual({ repeated_header: 1 });
    expect(r.rows).toBe(2);
  });

  it('names the columns it found when the header is not REES46', () => {
    let err: unknown;
    try {
      ingestText('date,amount,customer\n2019-10-01,3,4\n', undefined, 'sales.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('bad_header');
    expect((err as IngestError).message).toContain('sales.csv');
    expect((err as IngestError).message).toContain('found columns [date, amount, customer]');
    expect((err as IngestError).message).toContain('missing [event_time, event_type');
  });

  it('refuses an empty file and a binary file with a clear error', () => {
    expect(() => ingestText('', undefined, 'empty.csv')).toThrow(/empty\.csv is empty/);
    // Named for what they are, with what to do.
    expect(() => ingestBytes(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), undefined, 'data.zip')).toThrow('data.zip is not a text CSV file: it is a zip archive; unzip it and load the CSV inside');
    expect(() => ingestBytes(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), undefined, 'data.csv.gz')).toThrow('data.csv.gz is not a text CSV file: it is gzip-compressed');
    const utf16 = 'utf16.csv is not a text CSV file: it is UTF-16 text; save it as UTF-8';
    expect(() => ingestBytes(new Uint8Array([0xff, 0xfe, 0x65, 0, 0x76, 0, 0x65, 0, 0x6e, 0, 0x74, 0]), undefined, 'utf16.csv')).toThrow(utf16);
    expect(() => ingestBytes(new Uint8Array([0x65, 0, 0x76, 0, 0x65, 0, 0x6e, 0, 0x74, 0]), undefined, 'utf16.csv')).toThrow(utf16); // LE, no BOM
    expect(() => ingestBytes(new Uint8Array([0, 0x65, 0, 0x76, 0, 0x65, 0, 0x6e, 0, 0x74]), undefined, 'utf16.csv')).toThrow(utf16); // BE, no BOM
    expect(() => ingestBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), undefined, 'photo.csv')).toThrow('photo.csv is not a text CSV file: it contains binary data in its first bytes');
  });

  it('reads on past one stray NUL byte in a data row, wherever it is (it is not a binary file)', () => {
    const r = ingestText(`${HEADER}\n${row}\n${row.replace('shiseido', 'shi\u0000seido')}\n`);
    expect(r.rows).toBe(2);
    expect(r.dict.brands.get(eventValues(r.events, 'brandIdx')[1])).toBe('shi\u0000seido');
    expect(() => ingestText(`${HEADER}\n${row.replace('shiseido', 'shi\u0000\u0000\u0000\u0000\u0000')}\n`)).toThrow(/not a text CSV/); // five in the first KiB
  });
});

describe('the real October excerpt', () => {
  const r = ingestBytes(readFixture('rees46-oct-excerpt.csv'), [1 << 20]);
  it('has the known counts', () => {
    expect(r.rows).toBe(17434);
    expect(countEventTypes(r.events)).toEqual({ view: 17055, cart: 165, purchase: 214, remove_from_cart: 0 });
    expect(r.dict.sessions.size).toBe(5066);
    expect(r.rejected.byReason).toEqual({ field_count: 1 });
    expect(r.rejected.examples[0].line).toBe(17436);
  });
});
