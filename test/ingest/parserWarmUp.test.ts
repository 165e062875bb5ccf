// The range workers' warm-up rows: all plain (they must exercise the fast path), all accepted.
import { describe, expect, it } from 'vitest';
import { warmUpCsv, warmUpParser } from '../../src/core/ingest/parserWarmUp.ts';
import { CsvIngestor } from '../../src/core/ingest/csvIngestor.ts';

describe('parser warm-up', () => {
  it('made-up rows are plain REES46 rows the fast path takes, every one accepted', async () => {
    const bytes = warmUpCsv(3000);
    const ing = new CsvIngestor({ fileName: 'w.csv' });
    ing.push(bytes);
    const r = ing.finish();
    expect(r.rows).toBe(3000);
    expect(r.rejected.total).toBe(0);
    expect(ing.plainRowsParsed).toBe(3000);
    expect(r.dict.sessions.size).toBe(600);
    expect(r.dict.sessions.get(599)).toMatch(/^00000257-0000-4000-8000-[0-9a-f]{12}$/);
    expect(await warmUpParser(2500)).toBe(2500);
    // Stopped as soon as a range waits: only the slices made before it count.
    let slices = 0;
    expect(await warmUpParser(30_000, () => ++slices > 2)).toBe(2000);
  });
});
