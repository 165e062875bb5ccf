// A CSV with a header line and no data row is refused by every command that reads events, with the
// words the app uses when it refuses the same file (workers/lib/ingestWorkspace.ts), and a failing
// exit code: not "0 sessions" and exit 0.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from '../helpers/captureCli.ts';
import { run as features } from '../../cli/commands/features.ts';
import { run as stream } from '../../cli/commands/stream.ts';
import { run as train } from '../../cli/commands/train.ts';
import { REQUIRED_COLUMNS } from '../../src/core/csv/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'intent-lab-cli-no-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = REQUIRED_COLUMNS.join(',');
const headerOnly = join(dir, 'header-only.csv');
writeFileSync(headerOnly, `${HEADER}\n`);
const refusal = 'header-only.csv has a header line but no data rows: there is nothing to load';

describe('a header-only CSV', () => {
  it('features: exit 1 and the app\'s message, with either parser', async () => {
    for (const parser of ['bytes', 'papaparse']) {
      expect(await captureCli(features, [headerOnly, '--parser', parser])).toEqual({ code: 1, out: '', err: `error: ${refusal}\n` });
    }
  });

  it('is the same without a final line break, or with blank lines after the header', async () => {
    const bare = join(dir, 'bare.csv');
    writeFileSync(bare, HEADER);
    expect(await captureCli(features, [bare])).toEqual({ code: 1, out: '', err: 'error: bare.csv has a header line but no data rows: there is nothing to load\n' });
    const blank = join(dir, 'blank.csv');
    writeFileSync(blank, `${HEADER}\r\n\r\n\n`);
    expect((await captureCli(features, [blank])).code).toBe(1);
  });

  it('stream: exit 1 and the same message', async () => {
    expect(await captureCli(stream, [headerOnly, '--quiet'])).toEqual({ code: 1, out: '', err: `error: ${refusal}\n` });
  });

  it('train: exit 1 and the same message', async () => {
    expect(await captureCli(train, [headerOnly, '--backend', 'cpu', '--quiet'])).toEqual({ code: 1, out: '', err: `error: ${refusal}\n` });
  });

  it('features on a file whose every row is rejected: the summary and the outputs (the rejections are what it has to say), then exit 1', async () => {
    const allBad = join(dir, 'all-bad-features.csv');
    writeFileSync(allBad, `${HEADER}\nnot,a,row\n`);
    const rejected = join(dir, 'all-bad-rejected.csv');
    const { code, out, err } = await captureCli(features, [allBad, '--rejected', rejected]);
    expect(code).toBe(1);
    expect(out).toMatch(/rejected rows {2}1 /);
    expect(err).toBe(`error: all-bad-features.csv has no valid rows: its one row was rejected (field_count 1 (first on line 2)), so there is nothing to load. Every rejected line with its reason: ${rejected}.\n`);
    expect(readFileSync(rejected, 'utf8')).toContain('2,field_count');
  });

  it('train on a file whose every row is rejected: exit 1, and why, not "0 sessions"', async () => {
    const allBad = join(dir, 'all-bad.csv');
    writeFileSync(allBad, `${HEADER}\nnot,a,row\n2019-10-01 00:00:00 UTC,click,1,2,,b,5,3,s\n`);
    expect(await captureCli(train, [allBad, '--backend', 'cpu', '--quiet'])).toEqual({
      code: 1,
      out: '',
      err: `error: all-bad.csv has no valid rows: all 2 rows were rejected (field_count 1 (first on line 2), unknown_event_type 1 (first on line 3)), so there is nothing to load. To list every rejected line with its reason: npm run cli -- features ${allBad} --rejected rejected.csv\n`,
    });
  });
});

describe('a missing input file or a folder', () => {
  it('is said the same way by features, train and sql --run (exit 1), not in DuckDB\'s words', async () => {
    const { run: sql } = await import('../../cli/commands/sql.ts');
    const missing = join(dir, 'nope.csv');
    const run = async (cmd: (argv: string[]) => Promise<number>, argv: string[]) => {
      try {
        return { ...(await captureCli(cmd, argv)), thrown: null };
      } catch (err) {
        return { code: 1, out: '', err: '', thrown: (err as Error).message };
      }
    };
    for (const [cmd, argv] of [
      [features, [missing]],
      [train, [missing, '--backend', 'cpu', '--quiet']],
      [sql, ['--dialect', 'duckdb', '--input', missing, '--out', join(dir, 'o.csv'), '--run']],
    ] as const) {
      expect((await run(cmd, [...argv])).thrown).toBe(`cannot read ${missing}: no such file`);
    }
    expect((await run(sql, ['--dialect', 'duckdb', '--input', dir, '--out', join(dir, 'o.csv'), '--run'])).thrown).toBe(`${dir} is a folder; give a CSV file`);
  });
});
