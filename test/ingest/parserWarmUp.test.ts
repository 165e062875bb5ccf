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
    expect(await warmUpParser(1000)).toBe(1000);
  });
});
