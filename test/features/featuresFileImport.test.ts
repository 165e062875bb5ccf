// Features files from elsewhere (a cluster running the SQL export, DuckDB, our own features.csv)
// become the same FeatureTable the app computes, and a bad file is refused with its line and column.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FeaturesFileError, isParquet, parseFeaturesCsv, parseFeaturesParquet, asyncBufferFromBlob,
} from '../../src/core/features/featuresFileImport.ts';
import { featuresCsvChunks, formatFeatureValue } from '../../src/core/features/featuresCsv.ts';
import { computeSessionFeatures } from '../../src/core/features/sessionFeatures.ts';
import { FEATURE_NAMES, FEATURES } from '../../src/core/features/featureDefinitions.ts';
import { sessionIdAt, type FeatureTable } from '../../src/core/features/featureTable.ts';
import { generateFeatureSql } from '../../src/core/sql/generateFeatureSql.ts';
import { runDuckDbFeatureSql, runDuckDbScript } from '../../cli/commands/sql.ts';
import { ingestText, mulberry32, readFixture } from '../helpers/ingestText.ts';
import { diffFeatureTables } from '../sql/compareTables.ts';

const dir = mkdtempSync(join(tmpdir(), 'intent-lab-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const excerpt = new TextDecoder().decode(readFixture('rees46-oct-excerpt.csv'));
const ingest = ingestText(excerpt);
const computed = computeSessionFeatures(ingest.events, ingest.dict.sessions, { cut: 'faithful' }).table;
const header = ['user_session', 'label', ...FEATURE_NAMES].join(',');
const zeros = (n: number) => Array(n).fill('0').join(',');

function errorOf(fn: () => unknown): FeaturesFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FeaturesFileError) return err;
    throw err;
  }
  throw new Error('expected a FeaturesFileError');
}

function splitAt(text: string, sizes: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = sizes();
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

describe('parseFeaturesCsv', () => {
  const written = [...featuresCsvChunks(computed, 1000)].join('');
  // features.csv writes every value in full (formatFeatureValue): the import gives back the very doubles.
  const asWritten: FeatureTable = { ...computed, columns: computed.columns.map((c) => c.map((v) => Number(formatFeatureValue(v)))) };

  it("reads back our own features.csv (the real excerpt's 5,066 sessions)", () => {
    const table = parseFeaturesCsv(written);
    expect(table.rows).toBe(5066);
    expect(table.names).toEqual(FEATURE_NAMES);
    expect(diffFeatureTables(asWritten, table)).toEqual([]);
    expect(sessionIdAt(table, 0)).toBe(sessionIdAt(computed, 0));
  });

  it('gives the same table whatever the chunk sizes', () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 5; trial++) {
      const chunks = splitAt(written, () => 1 + Math.floor(rand() * (trial === 0 ? 3 : 5000)));
      expect(diffFeatureTables(asWritten, parseFeaturesCsv(chunks))).toEqual([]);
    }
  });

  it("reads Spark-style output: BOM, CRLF, concatenated part files, other column order, a subset, quoted ids, 1.0E-4, true/false", () => {
    const text =
      '\ufefflabel,avg_price,user_session,view_count\r\n' +
      '1,1.0E-4,"a,b",3\r\n' +
      'label,avg_price,user_session,view_count\r\n' +
      '\r\n' +
      'false,12.5,"say ""hi""",0\r\n' +
      'true,3,"multi\nline",2.0';
    const t = parseFeaturesCsv(splitAt(text, () => 4));
    expect(t.names).toEqual(['view_count', 'avg_price']); // catalogue order
    expect([0, 1, 2].map((r) => sessionIdAt(t, r))).toEqual(['a,b', 'say "hi"', 'multi\nline']);
    expect([...t.label]).toEqual([1, 0, 1]);
    expect([...t.columns[0]]).toEqual([3, 0, 2]);
    expect([...t.columns[1]]).toEqual([0.0001, 12.5, 3]);
  });

  it.each([
    ['no label column', 'user_session,view_count\nx,1', 'bad_header', 1, /lacks label/],
    ['a column that is no feature', 'user_session,label,view_count,user_id\nx,1,1,7', 'bad_header', 1, /not features: user_id/],
    ['a column twice', 'user_session,label,view_count,view_count\nx,1,1,1', 'bad_header', 1, /"view_count" twice/],
    ['no feature column', '\n\nuser_session,label\nx,1', 'bad_header', 3, /no feature column/],
    ['a short row', `${header}\ns1,0,${zeros(17)}\ns2,0,1`, 'bad_row', 3, /line 3: 3 fields, the header has 19/],
    ['a non-number', `${header}\ns1,0,${zeros(3)},abc,${zeros(13)}`, 'bad_value', 2, /line 2, column avg_price: expected a number, got "abc"/],
    ['an empty value', `${header}\ns1,0,${zeros(3)},,${zeros(13)}`, 'bad_value', 2, /column avg_price: expected a number, got ""/],
    ['a fraction in an integer feature', `${header}\ns1,0,1.5,${zeros(16)}`, 'bad_value', 2, /column view_count: expected an integer, got "1.5"/],
    ['a label that is not 0/1', `${header}\ns1,2,${zeros(17)}`, 'bad_value', 2, /column label: expected 0 or 1, got "2"/],
    ['an empty session id', `${header}\n,1,${zeros(17)}`, 'bad_value', 2, /column user_session/],
    ['an unclosed quote', `${header}\n"s1,1,${zeros(17)}`, 'bad_row', 2, /never closed/],
    ['nothing at all', '', 'empty_file', undefined, /empty/],
  ])('refuses %s, naming the line and column', (_, text, code, line, message) => {
    const err = errorOf(() => parseFeaturesCsv(text));
    expect({ code: err.code, line: err.line }).toEqual({ code, line });
    expect(err.message).toMatch(message);
  });

  it('can skip columns that are not features', () => {
    const t = parseFeaturesCsv('user_id,user_session,label,view_count\n7,x,1,4\n', { ignoreUnknownColumns: true });
    expect(t.names).toEqual(['view_count']);
    expect(t.columns[0][0]).toBe(4);
  });
});

describe('files the SQL export writes (DuckDB COPY to CSV and Parquet)', () => {
  const input = join(dir, 'excerpt.csv');
  const csvOut = join(dir, 'features.csv');
  const parquetOut = join(dir, 'features.parquet');
  const ready = (async () => {
    await import('node:fs/promises').then((fs) => fs.writeFile(input, excerpt));
    for (const output of [csvOut, parquetOut]) await runDuckDbScript(generateFeatureSql({ dialect: 'duckdb', cut: 'strict', input, output }));
    return runDuckDbFeatureSql(generateFeatureSql({ dialect: 'duckdb', cut: 'strict', input }));
  })();

  // Integers exact; avg_price may differ in the last bit, since DuckDB's parallel sum adds in a
  // different order on each run (373 of 5,065 averages differed between two identical runs).
  it('CSV: the same table as DuckDB returned', async () => {
    const direct = await ready;
    const table = parseFeaturesCsv(readFileSync(csvOut, 'utf8'));
    expect(table.rows).toBe(direct.rows);
    expect(diffFeatureTables(direct, table)).toEqual([]);
  });

  it('Parquet: the same table, read by row group through a Blob', async () => {
    const direct = await ready;
    const bytes = readFileSync(parquetOut);
    expect(isParquet(bytes)).toBe(true);
    const table = await parseFeaturesParquet(asyncBufferFromBlob(new Blob([bytes])));
    expect(table.names).toEqual(FEATURE_NAMES);
    expect(table.rows).toBe(direct.rows);
    expect(diffFeatureTables(direct, table)).toEqual([]);
    expect([...table.label]).toEqual([...direct.label]);
  });

  it('Parquet: refuses a schema without the label, and a file that is not Parquet', async () => {
    const path = join(dir, 'nolabel.parquet');
    await runDuckDbScript(`COPY (SELECT 'x' AS user_session, 1 AS view_count) TO '${path}' (FORMAT parquet);`);
    const buf = new Uint8Array(readFileSync(path)).buffer;
    await expect(parseFeaturesParquet(buf)).rejects.toMatchObject({ code: 'bad_header', message: expect.stringMatching(/Parquet schema lacks label/) });
    await expect(parseFeaturesParquet(new TextEncoder().encode('user_session,label\n').buffer)).rejects.toMatchObject({ code: 'bad_parquet' });
    expect(isParquet(new TextEncoder().encode('user_session'))).toBe(false);
  });

  it('Parquet: names the row and column of a bad value', async () => {
    const path = join(dir, 'bad.parquet');
    await runDuckDbScript(`COPY (SELECT * FROM (VALUES ('a', 1, 2.0), ('b', 0, 2.5)) t(user_session, label, view_count)) TO '${path}' (FORMAT parquet);`);
    const buf = new Uint8Array(readFileSync(path)).buffer;
    await expect(parseFeaturesParquet(buf)).rejects.toMatchObject({ code: 'bad_value', line: 2, column: 'view_count' });
  });
});

it('every catalogue feature can be imported (integer flags come from the catalogue)', () => {
  const line = `s,1,${FEATURES.map((f) => (f.integer ? '1' : '0.5')).join(',')}`;
  const t = parseFeaturesCsv(`${header}\n${line}\n`);
  expect(t.columns.map((c) => c[0])).toEqual(FEATURES.map((f) => (f.integer ? 1 : 0.5)));
});
