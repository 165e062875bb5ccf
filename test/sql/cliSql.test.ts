// `npm run cli -- sql …`: prints the script, or with --run executes the DuckDB one, writes features and
// checks the session count against the app's own pipeline.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from '../helpers/captureCli.ts';
import { run, sessionCountCheck } from '../../cli/commands/sql.ts';
import { generateFeatureSql } from '../../src/core/sql/generateFeatureSql.ts';
import { parseFeaturesCsv } from '../../src/core/features/featuresFileImport.ts';
import { fixturePath } from '../helpers/ingestText.ts';
import { SQL_KNOWN_DIFFERENCES_BYTES } from './sqlDirtyCases.ts';
import { REQUIRED_COLUMNS } from '../../src/core/csv/schema.ts';
import { readCsvFeatures } from '../../cli/readCsvFeatures.ts';
import { diffFeatureTables } from './compareTables.ts';

const dir = mkdtempSync(join(tmpdir(), 'intent-lab-cli-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const capture = (argv: string[]) => captureCli(run, argv);

describe('cli sql', () => {
  it('prints exactly generateFeatureSql for the options given', async () => {
    const { code, out } = await capture(['--dialect', 'duckdb', '--cut', 'strict', '--input', 'x.csv']);
    expect(code).toBe(0);
    expect(out).toBe(generateFeatureSql({ dialect: 'duckdb', cut: 'strict', input: 'x.csv' }));
  });

  it('--run executes the DuckDB script and writes a features file the app imports', async () => {
    const out = join(dir, 'features.csv');
    const { code, out: said } = await capture(['--dialect', 'duckdb', '--cut', 'faithful', '--input', fixturePath('rees46-oct-excerpt.csv'), '--out', out, '--run']);
    expect(code).toBe(0);
    expect(said).toMatch(/5,066 sessions, cut faithful/);
    expect(said).toMatch(/check: the app's pipeline finds the same 5,066 sessions in .*rees46-oct-excerpt\.csv \(cut faithful\)/);
    const table = parseFeaturesCsv(readFileSync(out, 'utf8'));
    expect(table.rows).toBe(5066);
    expect([...table.label].filter((l) => l === 1).length).toBe(200);
  });

  it('--run warns, naming both counts, when DuckDB reads a file differently from the app (exit code 0)', async () => {
    const input = join(dir, 'known-differences.csv');
    writeFileSync(input, SQL_KNOWN_DIFFERENCES_BYTES);
    const out = join(dir, 'known-features.csv');
    const rejected = join(dir, 'known-rejected.csv');
    const { code, out: said, err } = await capture(['--dialect', 'duckdb', '--cut', 'strict', '--input', input, '--out', out, '--run', '--workers', '1', '--rejected', rejected]);
    expect(code).toBe(0);
    expect(said).toMatch(/: 3 sessions, cut strict/);
    expect(said).not.toMatch(/check:/);
    expect(err).toContain(`warning: DuckDB wrote 3 sessions, the app's pipeline finds 104 in ${input} (cut strict): 101 fewer in the SQL result.`);
    expect(err).toContain('"Known differences');
    expect(err).toContain(`The app rejects 2 rows of this file (unterminated_quote 1, field_count 1). Every one with its reason: ${rejected}.`);
    const report = readFileSync(rejected, 'utf8').split('\n');
    expect(report[0]).toBe('# rejected rows of known-differences.csv: 2 in total');
    expect(report.slice(report.indexOf('line,reason') + 1, -1)).toEqual(['4,field_count', '7,unterminated_quote']);

    // Without --rejected it says how to get the list; --no-check skips the check.
    expect((await capture(['--dialect', 'duckdb', '--input', input, '--out', out, '--run', '--workers', '1'])).err).toMatch(/add --rejected rejected\.csv \(or npm run cli -- features .* --rejected rejected\.csv\)/);
    const unchecked = await capture(['--dialect', 'duckdb', '--input', input, '--out', out, '--run', '--no-check']);
    expect([unchecked.code, unchecked.err]).toEqual([0, '']);
    expect(unchecked.out).not.toMatch(/check:/);
  });

  it('the warning says so when the app rejects no row (the difference is in lines it accepts)', () => {
    const rejected = { total: 0, byReason: {}, examples: [], lines: [], lineReasons: [], linesTruncated: false };
    const verdict = sessionCountCheck({ input: 'f.csv', cut: 'faithful', duckdbSessions: 12, appSessions: 11, rejected });
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/^warning: DuckDB wrote 12 sessions, the app's pipeline finds 11 in f\.csv \(cut faithful\): 1 more in the SQL result\./);
    expect(verdict.message).toMatch(/The app rejects no row of this file: look for quotes, lone CRs and bytes that are not UTF-8/);
    expect(sessionCountCheck({ input: 'f.csv', cut: 'strict', duckdbSessions: 11, appSessions: 11, rejected })).toEqual({
      ok: true,
      message: "check: the app's pipeline finds the same 11 sessions in f.csv (cut strict)",
    });
  });

  it('--rejected needs --run and the check', async () => {
    expect((await capture(['--dialect', 'duckdb', '--input', 'a.csv', '--rejected', join(dir, 'r.csv')])).code).toBe(2);
    expect((await capture(['--dialect', 'duckdb', '--input', 'a.csv', '--out', join(dir, 'b.csv'), '--run', '--no-check', '--rejected', join(dir, 'r.csv')])).code).toBe(2);
  });

  it('refuses --run for Spark, and unknown choices', async () => {
    expect((await capture(['--dialect', 'spark', '--input', 'a.csv', '--out', 'b.csv', '--run'])).code).toBe(2);
    expect(await capture(['--dialect', 'oracle'])).toEqual({ code: 2, out: '', err: 'error: --dialect must be one of spark|duckdb, got "oracle"\nRun "npm run cli -- sql --help" for the options.\n' });
  });

  describe('an input whose header has the columns in another order, and one more', () => {
    // The excerpt with a column "source" first and the nine in another order (brand last), plus a row
    // short of its last field (brand) in a session of its own, which the app rejects (field_count).
    const header = 'source,user_session,price,event_time,product_id,event_type,category_id,category_code,user_id,brand';
    const order = header.split(',').slice(1).map((name) => REQUIRED_COLUMNS.indexOf(name as (typeof REQUIRED_COLUMNS)[number]));
    const [, ...lines] = readFileSync(fixturePath('rees46-oct-excerpt.csv'), 'utf8').trimEnd().split('\r\n');
    const truncated = lines.pop() as string; // the excerpt's last line, short of user_session: rejected either way
    const reorder = (line: string) => ['web', ...order.map((i) => line.split(',')[i])].join(',');
    const shortRow = reorder(lines[0].replace(/,[^,]*$/, ',short-of-brand')).replace(/,[^,]*$/, '');
    const input = join(dir, 'reordered.csv');
    writeFileSync(input, [header, ...lines.map(reorder), shortRow, truncated, ''].join('\r\n'));
    const note = `note: ${input} has its columns in another order than the usual REES46 one (${header}): the script reads them in that order\n`;

    it('--run reads it by the header\'s names, as the app does: the features of the usual file', async () => {
      const out = join(dir, 'reordered-features.csv');
      const { code, out: said, err } = await capture(['--dialect', 'duckdb', '--cut', 'strict', '--input', input, '--out', out, '--run', '--workers', '1']);
      expect([code, err]).toEqual([0, note]);
      expect(said).toMatch(/reordered\.csv → .*reordered-features\.csv: 5,065 sessions, cut strict/);
      expect(said).toContain(`check: the app's pipeline finds the same 5,065 sessions in ${input} (cut strict)`);
      const { table: app } = await readCsvFeatures(fixturePath('rees46-oct-excerpt.csv'), { cut: 'strict' });
      expect(diffFeatureTables(app, parseFeaturesCsv(readFileSync(out, 'utf8')))).toEqual([]);
    });

    it('the printed script is generateFeatureSql with the file\'s columns', async () => {
      const { code, out, err } = await capture(['--dialect', 'duckdb', '--input', input]);
      expect([code, err]).toEqual([0, note]);
      expect(out).toBe(generateFeatureSql({ dialect: 'duckdb', cut: 'faithful', input, inputColumns: ['unused_column_1', ...header.split(',').slice(1)] }));
    });
  });
});
