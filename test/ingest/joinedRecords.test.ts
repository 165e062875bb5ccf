// Records joined across lines by a quote: counted with their line spans, by the byte scanner, the
// papaparse path and a parallel read alike, and described for the app and the CLI.
import { describe, expect, it } from 'vitest';
import { describeJoinedRecords, mergeJoinedRecords } from '../../src/core/csv/joinedRecords.ts';
import { ingestWithPapaparse } from '../../src/core/ingest/papaparseIngest.ts';
import { ingestInParallel, ingestRange, memorySource } from '../../src/core/ingest/parallelIngest.ts';
import { HEADER } from '../fixtures/handmade.ts';
import { encoder, ingestBytes } from '../helpers/ingestText.ts';

const row = (i: number, brand = 'acme') => `2019-10-01 10:00:0${i} UTC,view,${i},5,,${brand},1.5,7,S${i}`;
// Line 3 opens a quote that closes on line 6 (nine fields in all: accepted as one event); line 8
// holds a quoted line break on purpose (two lines, accepted); the rest are plain.
const LINES = [HEADER, row(1), row(2, '"gerat'), row(3), row(4), row(5, '"transcend'), row(6), row(7, '"multi\nline"')];
const FILE = encoder.encode(`${LINES.join('\n')}\n`);

describe('joined records', () => {
  it('the byte scanner counts each record that spans lines, with its first and last line', () => {
    const r = ingestBytes(FILE);
    expect(r.rows).toBe(4); // lines 2, 3–6, 7, 8–9
    expect(r.rejected.total).toBe(0);
    expect(r.lines).toBe(9);
    expect(r.joinedRecords).toEqual({ records: 2, lines: 6, spans: [{ line: 3, lastLine: 6 }, { line: 8, lastLine: 9 }] });
  });

  it('a joined record that is then rejected is counted too', () => {
    const bytes = encoder.encode(`${[HEADER, row(1), row(2, '"open'), 'close"', row(3)].join('\n')}\n`);
    const r = ingestBytes(bytes);
    expect(r.rejected.byReason).toEqual({ field_count: 1 });
    expect(r.joinedRecords).toEqual({ records: 1, lines: 2, spans: [{ line: 3, lastLine: 4 }] });
  });

  it('the same spans from every range split and from papaparse', async () => {
    const serial = ingestBytes(FILE).joinedRecords;
    for (const workers of [2, 3, 5]) {
      const source = memorySource(FILE);
      const r = await ingestInParallel(source, 'test.csv', workers, (task) => ingestRange(source, 'test.csv', task, 7), 16);
      expect(r.joinedRecords, `workers=${workers}`).toEqual(serial);
    }
    // Papaparse takes a quote followed by text as part of the quoted field (README: it recovers from
    // broken quotes its own way), so its record runs on to the next quote: one span, lines 3–9.
    const papa = ingestWithPapaparse([new TextDecoder().decode(FILE)], 'test.csv');
    expect(papa.joinedRecords).toEqual({ records: 1, lines: 7, spans: [{ line: 3, lastLine: 9 }] });
  });

  it('merges ranges with their line offsets, keeping the first 20 spans', () => {
    const part = (n: number) => ({ records: n, lines: 2 * n, spans: Array.from({ length: Math.min(n, 20) }, (_, i) => ({ line: 10 * i + 2, lastLine: 10 * i + 3 })) });
    const m = mergeJoinedRecords([part(15), part(30)], [0, 1000]);
    expect([m.records, m.lines, m.spans.length]).toEqual([45, 90, 20]);
    expect(m.spans[14]).toEqual({ line: 142, lastLine: 143 });
    expect(m.spans[15]).toEqual({ line: 1002, lastLine: 1003 });
  });

  it('describes the spans', () => {
    expect(describeJoinedRecords({ records: 1, lines: 4, spans: [{ line: 3, lastLine: 6 }] })).toMatch(/^1 record spans several lines \(4 lines in all: lines 3–6\): a quote/);
    const many = { records: 7, lines: 2300, spans: Array.from({ length: 7 }, (_, i) => ({ line: 1000 * i + 2, lastLine: 1000 * i + 300 })) };
    expect(describeJoinedRecords(many)).toMatch(/^7 records span several lines \(2,300 lines in all: lines 2–300, 1,002–1,300, 2,002–2,300, 3,002–3,300, 4,002–4,300 and 2 more\)/);
  });
});
