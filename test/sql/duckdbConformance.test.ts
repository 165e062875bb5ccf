// The generated DuckDB SQL, run by DuckDB, gives the TypeScript pipeline's features session by
// session (integers exact, other values within 1e-9 relative), under both cuts, on hand-made edge
// cases, the real REES46 excerpt and a generated 100k-row file.
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { computeSessionFeatures, type CutMode } from '../../src/core/features/sessionFeatures.ts';
import { sessionIdAt, type FeatureTable } from '../../src/core/features/featureTable.ts';
import { FEATURE_NAMES } from '../../src/core/features/featureDefinitions.ts';
import { generateFeatureSql } from '../../src/core/sql/generateFeatureSql.ts';
import { generateCsvChunks } from '../../src/core/generate/generateCsv.ts';
import { runDuckDbFeatureSql } from '../../cli/commands/sql.ts';
import { readCsvFeatures } from '../../cli/readCsvFeatures.ts';
import { HANDMADE_CSV } from '../fixtures/handmade.ts';
import { ingestText } from '../helpers/ingestText.ts';
import { diffFeatureTables } from './compareTables.ts';
import { SQL_EDGE_CSV } from './sqlEdgeCases.ts';

const CUTS: CutMode[] = ['faithful', 'strict'];
const dir = mkdtempSync(join(tmpdir(), 'intent-lab-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTemp(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function tsFeatures(csv: string, cut: CutMode): FeatureTable {
  const ingest = ingestText(csv);
  return computeSessionFeatures(ingest.events, ingest.dict.sessions, { cut }).table;
}

async function sqlFeatures(path: string, cut: CutMode): Promise<FeatureTable> {
  return runDuckDbFeatureSql(generateFeatureSql({ dialect: 'duckdb', cut, input: path }));
}

function row(table: FeatureTable, id: string): Record<string, number> | undefined {
  for (let r = 0; r < table.rows; r++) {
    if (sessionIdAt(table, r) !== id) continue;
    const out: Record<string, number> = { label: table.label[r] };
    table.names.forEach((n, c) => (out[n] = table.columns[c][r]));
    return out;
  }
  return undefined;
}

describe.each(CUTS)('DuckDB SQL = TypeScript, %s cut', (cut) => {
  it('on the hand-made edge cases (formats, ties, history, one reject per rule)', async () => {
    const path = writeTemp(`edge-${cut}.csv`, SQL_EDGE_CSV);
    const expected = tsFeatures(SQL_EDGE_CSV, cut);
    const actual = await sqlFeatures(path, cut);
    expect(actual.names).toEqual(FEATURE_NAMES);
    expect(diffFeatureTables(expected, actual)).toEqual([]);
    // E1, H1–H6, N1, L1, Z1 (every BAD row rejected); the strict cut drops buy-now H5.
    expect(actual.rows).toBe(cut === 'faithful' ? 10 : 9);

    // The values themselves, worked out by hand.
    const prior = ['H1', 'H2', 'H3', 'H4', 'H5', 'H6'].map((id) => row(actual, id));
    expect(prior.map((r) => r?.prior_sessions)).toEqual([0, 1, 2, 2, cut === 'faithful' ? 4 : undefined, 5]);
    expect(prior.map((r) => r?.prior_purchase_sessions)).toEqual([0, 0, 1, 1, cut === 'faithful' ? 2 : undefined, 3]);
    const pre = {
      start_hour: 8, is_night: 0, events_per_minute: 3, carts_per_view: 0.5, remove_count: 0, distinct_categories: 2,
      distinct_brands: 1, repeat_views: 1, max_views_one_product: 2, prior_sessions: 0, prior_purchase_sessions: 0,
    };
    expect(row(actual, 'E1')).toEqual(
      cut === 'faithful'
        ? { label: 1, view_count: 2, cart_count: 1, session_duration: 120, avg_price: 14.9, max_price: 20.5, unique_items: 2, ...pre }
        : { label: 1, view_count: 2, cart_count: 1, session_duration: 60, avg_price: 17, max_price: 20.5, unique_items: 1, ...pre },
    );
    expect(row(actual, 'L1')).toMatchObject({ start_hour: 5, is_night: 1 });
    const z1 = row(actual, 'Z1');
    expect(z1).toMatchObject({ view_count: 1, cart_count: 1, avg_price: 0, max_price: 0 });
    expect(Object.is(z1?.max_price, 0) && Object.is(z1?.avg_price, 0)).toBe(true); // not -0
    expect(row(actual, 'N1')).toMatchObject({ start_hour: 22, is_night: 1, session_duration: 300, repeat_views: 2, max_views_one_product: 3 });
  });

  it('on the shared hand-made fixture (test/fixtures/handmade.ts)', async () => {
    const path = writeTemp(`handmade-${cut}.csv`, HANDMADE_CSV);
    expect(diffFeatureTables(tsFeatures(HANDMADE_CSV, cut), await sqlFeatures(path, cut))).toEqual([]);
  });

  it('on the real REES46 excerpt (17,434 rows of 2019-Oct.csv + a truncated line)', async () => {
    const path = fileURLToPath(new URL('../fixtures/rees46-oct-excerpt.csv', import.meta.url));
    const { table: expected } = await readCsvFeatures(path, { cut });
    const actual = await sqlFeatures(path, cut);
    expect(actual.rows).toBe(cut === 'faithful' ? 5066 : expected.rows);
    expect(diffFeatureTables(expected, actual)).toEqual([]);
  });
});

describe('DuckDB SQL = TypeScript on a generated 100k-row file', () => {
  const path = join(dir, 'generated-100k.csv');
  it.each(CUTS)('%s cut', async (cut) => {
    if (cut === CUTS[0]) {
      const out = createWriteStream(path);
      for (const chunk of generateCsvChunks({ rows: 100_000, seed: 2019, includeRemovals: true })) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    }
    const { table: expected } = await readCsvFeatures(path, { cut });
    const actual = await sqlFeatures(path, cut);
    expect(expected.rows).toBeGreaterThan(10_000);
    expect(diffFeatureTables(expected, actual)).toEqual([]);
  });
});
