// Dictionary-index columns are two bytes while a dictionary has ≤ 65,536 keys and widen to four the
// first time an index passes 65,535, without changing any stored index.
import { describe, expect, it } from 'vitest';
import { CsvIngestor } from '../../src/core/ingest/csvIngestor.ts';
import { mergeIngestResults } from '../../src/core/ingest/mergeIngest.ts';
import { HEADER } from '../fixtures/handmade.ts';
import { encoder, eventValues } from '../helpers/ingestText.ts';

const ROWS = 70_000;
const brandOf = (i: number) => `brand${i % 66_000}`;
const csv = encoder.encode(
  `${HEADER}\n${Array.from({ length: ROWS }, (_, i) => `2019-10-01 00:00:${String(i % 60).padStart(2, '0')} UTC,view,${i},2053013555631882655,,${brandOf(i)},1.00,${i % 9},S${i % 500}`).join('\n')}\n`,
);

/** Events in file order (finishPart), so event i is row i. */
function ingest(bytes: Uint8Array, plainRowFastPath: boolean, stopAt?: number, startOffset?: number, layout?: ReturnType<CsvIngestor['finish']>['layout']) {
  const ing = new CsvIngestor({ fileName: 'brands.csv', plainRowFastPath, stopAt, startOffset, layout });
  ing.push(startOffset ? bytes.subarray(startOffset) : bytes);
  return ing.finishPart();
}

/** Row numbers in grouped order: sessions S0…S499 in order of first appearance, rows in file order within each. */
const groupedRows = Array.from({ length: 500 }, (_, s) => Array.from({ length: Math.ceil((ROWS - s) / 500) }, (_, j) => s + 500 * j)).flat();

describe('dictionary index width', () => {
  for (const fast of [true, false]) {
    it(`${fast ? 'fast' : 'general'} path: Uint16 for few keys, Int32 past 65,536, same indices`, () => {
      const r = ingest(csv, fast);
      expect(r.rows).toBe(ROWS);
      expect(r.events.categoryIdx).toBeInstanceOf(Uint16Array);
      expect(r.events.categoryCodeIdx).toBeInstanceOf(Uint16Array);
      expect(r.events.brandIdx).toBeInstanceOf(Int32Array);
      expect(r.dict.brands.size).toBe(66_001); // the empty brand is index 0
      for (let i = 0; i < ROWS; i++) {
        if (r.dict.brands.get(r.events.brandIdx[i]) !== brandOf(i)) expect(r.dict.brands.get(r.events.brandIdx[i]), `row ${i}`).toBe(brandOf(i));
      }
    });
  }

  it('merging two Uint16 ranges whose union passes 65,536 brands gives Int32 with the same brands', () => {
    const mid = csv.indexOf(10, Math.floor(csv.length * 0.6)) + 1;
    const a = ingest(csv, true, mid);
    const b = ingest(csv, true, undefined, mid, a.layout);
    expect(a.events.brandIdx).toBeInstanceOf(Uint16Array);
    expect(b.events.brandIdx).toBeInstanceOf(Uint16Array);
    const m = mergeIngestResults([a, b]);
    // Every row has its own product: more items than a quarter of the events, so the loaded events
    // keep per-event columns (itemTable.ts), the brands' widened to Int32.
    expect(m.events.items.size).toBe(ROWS);
    expect(m.events.items.brandIdx).toBeInstanceOf(Int32Array);
    expect(m.rows).toBe(ROWS);
    expect(groupedRows.length).toBe(ROWS);
    const brands = eventValues(m.events, 'brandIdx');
    groupedRows.forEach((row, i) => {
      if (m.dict.brands.get(brands[i]) !== brandOf(row)) expect(m.dict.brands.get(brands[i]), `row ${row}`).toBe(brandOf(row));
    });
  });
});
