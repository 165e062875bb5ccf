// `npm run cli -- sql …`: prints the script, or with --run executes the DuckDB one and writes features.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from '../helpers/captureCli.ts';
import { run } from '../../cli/commands/sql.ts';
import { generateFeatureSql } from '../../src/core/sql/generateFeatureSql.ts';
import { parseFeaturesCsv } from '../../src/core/features/featuresFileImport.ts';
import { fixturePath } from '../helpers/ingestText.ts';

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
    const table = parseFeaturesCsv(readFileSync(out, 'utf8'));
    expect(table.rows).toBe(5066);
    expect([...table.label].filter((l) => l === 1).length).toBe(200);
  });

  it('refuses --run for Spark, and unknown choices', async () => {
    expect((await capture(['--dialect', 'spark', '--input', 'a.csv', '--out', 'b.csv', '--run'])).code).toBe(2);
    await expect(run(['--dialect', 'oracle'])).rejects.toThrow(/--dialect must be one of spark\|duckdb/);
  });
});
