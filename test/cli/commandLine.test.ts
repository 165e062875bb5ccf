// Every command reads its command line strictly: a typo, a missing value, an extra file or a number
// out of range stops it with exit code 2 and one message naming the problem and where the options
// are listed, before any work. And every option a command documents is one it accepts.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from '../helpers/captureCli.ts';
import { fixturePath } from '../helpers/ingestText.ts';
import { sessionLikeTable } from '../models/syntheticTable.ts';
import { featuresCsvChunks } from '../../src/core/features/featuresCsv.ts';
import type { CommandSpec } from '../../cli/args.ts';
import * as features from '../../cli/commands/features.ts';
import * as generate from '../../cli/commands/generate.ts';
import * as sql from '../../cli/commands/sql.ts';
import * as stream from '../../cli/commands/stream.ts';
import * as train from '../../cli/commands/train.ts';

const dir = mkdtempSync(join(tmpdir(), 'intent-lab-cli-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS: Record<string, { commandSpec: CommandSpec; run: (argv: string[]) => Promise<number> }> = { features, generate, sql, stream, train };
const dirty = fixturePath('e2e-some-bad-rows.csv');

/** What a refused command line gives: exit code 2, nothing on stdout, these two lines on stderr. */
async function refused(command: string, argv: string[]): Promise<string> {
  const { code, out, err } = await captureCli(COMMANDS[command].run, argv);
  expect([code, out], `${command} ${argv.join(' ')}`).toEqual([2, '']);
  const [message, pointer, end] = err.split('\n');
  expect([pointer, end]).toEqual([`Run "npm run cli -- ${command} --help" for the options.`, '']);
  return message;
}

describe('each command declares exactly the options its --help documents', () => {
  for (const [name, { commandSpec }] of Object.entries(COMMANDS)) {
    it(name, async () => {
      expect(commandSpec.name).toBe(name);
      const documented = new Set([...commandSpec.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]));
      expect([...documented].sort()).toEqual([...commandSpec.valueOptions, ...commandSpec.flags].sort());
      const { code, out } = await captureCli(COMMANDS[name].run, ['--help']);
      expect([code, out]).toEqual([0, `${commandSpec.usage}\n`]);
    });
  }
});

describe('unknown options, missing values and extra arguments: exit 2, nothing done', () => {
  it('features: the audit cases', async () => {
    expect(await refused('features', [dirty, '--cuts', 'strict'])).toBe('error: --cuts: unknown option (did you mean --cut?)');
    const out = join(dir, 'never.csv');
    expect(await refused('features', [dirty, '--summary', out, '--out'])).toBe('error: --out needs a value');
    expect(await refused('features', [dirty, dirty])).toBe(`error: unexpected argument "${dirty}": features takes one file name (FILE.csv)`);
    expect(await refused('features', [dirty, '--quiet=no'])).toBe('error: --quiet takes no value, got "no"');
    expect(await refused('features', ['--quiet'])).toBe('error: features needs FILE.csv');
    expect(existsSync(out)).toBe(false);
  });

  it('train: a misspelt --model is not a GBDT run', async () => {
    expect(await refused('train', [dirty, '--modle', 'logistic'])).toBe('error: --modle: unknown option (did you mean --model?)');
    expect(await refused('train', [dirty, '--backend', 'tpu'])).toBe('error: --backend must be one of webgpu|webgl|wasm|cpu, got "tpu"');
    expect(await refused('train', [dirty, '--model', 'forest'])).toBe('error: --model must be one of gbdt|logistic, got "forest"');
  });

  it('stream, generate, sql', async () => {
    expect(await refused('stream', [dirty, '--timeout', '5'])).toBe('error: --timeout: unknown option (did you mean --timeout-min?)');
    expect(await refused('stream', [dirty, '--speed', '10'])).toBe(
      "error: --speed: the command line replays as fast as possible (--speed max); real-time speeds are in the app's Live stream tab",
    );
    expect(await refused('generate', ['--rowz', '10'])).toBe('error: --rowz: unknown option (did you mean --rows?)');
    expect(await refused('generate', ['out.csv'])).toBe('error: unexpected argument "out.csv": generate takes no file name');
    expect(await refused('sql', ['x.csv'])).toBe('error: unexpected argument "x.csv": sql takes no file name; the input file goes after --input');
    expect(await refused('sql', ['--dialect', 'duckdb', '--input'])).toBe('error: --input needs a value');
    expect(await refused('sql', ['--dialect', 'duckdb', '--workers', '2'])).toBe('error: --workers applies only with --run');
    expect(await refused('sql', ['--dialect', 'duckdb', '--no-check'])).toBe('error: --no-check applies only with --run');
  });
});

describe('numeric options out of range: exit 2, naming option, value and range', () => {
  it('train', async () => {
    expect(await refused('train', [dirty, '--rounds', '0'])).toBe('error: --rounds must be a whole number from 1 to 2000, got "0"');
    expect(await refused('train', [dirty, '--rounds', '2001'])).toBe('error: --rounds must be a whole number from 1 to 2000, got "2001"');
    expect(await refused('train', [dirty, '--seed', '-1'])).toBe('error: --seed must be a whole number from 0 to 4294967295, got "-1"');
    expect(await refused('train', [dirty, '--seed', '4294967296'])).toBe('error: --seed must be a whole number from 0 to 4294967295, got "4294967296"');
    expect(await refused('train', [dirty, '--threshold', '1.5'])).toBe('error: --threshold must be a number from 0 to 1, got "1.5"');
    expect(await refused('train', [dirty, '--threshold', 'high'])).toBe('error: --threshold must be a number from 0 to 1, got "high"');
    expect(await refused('train', [dirty, '--early-k', '1,0,3'])).toBe('error: --early-k takes "default" or a list like 1,2,3,5,10, each k a whole number of at least 1; got "0" in "1,0,3"');
  });

  it('stream', async () => {
    expect(await refused('stream', [dirty, '--batch', '0'])).toBe('error: --batch must be a whole number from 1 to 100000, got "0"');
    expect(await refused('stream', [dirty, '--timeout-min', '0'])).toBe('error: --timeout-min must be a number above 0 and at most 1440, got "0"');
    expect(await refused('stream', [dirty, '--lr', '-0.5'])).toBe('error: --lr must be a number above 0 and at most 10, got "-0.5"');
    expect(await refused('stream', [dirty, '--window', '0'])).toBe('error: --window must be a whole number from 1 to 1000000, got "0"');
  });

  it('features, sql, generate', async () => {
    expect(await refused('features', [dirty, '--workers', '0'])).toBe('error: --workers must be a whole number from 1 to 256, got "0"');
    expect(await refused('sql', ['--dialect', 'duckdb', '--input', dirty, '--out', join(dir, 'f.csv'), '--run', '--workers', '1.5'])).toBe(
      'error: --workers must be a whole number from 1 to 256, got "1.5"',
    );
    expect(await refused('generate', ['--rows', '-1'])).toBe('error: --rows must be a whole number of at least 0, got "-1"');
    expect(await refused('generate', ['--seed', 'abc'])).toBe('error: --seed must be any number, got "abc"');
  });
});

describe('the documented options still work', () => {
  it('features: every option at once, values spaced or after =', async () => {
    const [out, summary, rejected] = ['f.csv', 's.json', 'r.csv'].map((f) => join(dir, f));
    const { code, out: said } = await captureCli(features.run, [dirty, '--cut', 'strict', '--out', out, `--summary=${summary}`, '--rejected', rejected, '--workers', '1', '--parser', 'papaparse', '--quiet']);
    expect([code, said]).toEqual([0, '']);
    expect(JSON.parse(readFileSync(summary, 'utf8'))).toMatchObject({ cut: 'strict', rows: 8 });
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^user_session,label,view_count,/);
    expect(readFileSync(rejected, 'utf8').split('\n')[0]).toBe('# rejected rows of e2e-some-bad-rows.csv: 4 in total');
  });

  it('generate: --seed takes a negative number', async () => {
    const out = join(dir, 'g.csv');
    const { code } = await captureCli(generate.run, ['--rows', '5', '--seed', '-3', '--out', out, '--removals']);
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n').length).toBe(6);
  });

  it('train: --rounds N trains at most N steps, --threshold sets the decision threshold', async () => {
    const csv = join(dir, 'features-in.csv');
    writeFileSync(csv, [...featuresCsvChunks(sessionLikeTable(800, 4, true))].join(''));
    const json = join(dir, 'train.json');
    const { code } = await captureCli(train.run, [csv, '--model', 'logistic', '--backend', 'cpu', '--rounds', '2', '--threshold', '0.25', '--balance', 'weights', '--seed', '7', '--json', json, '--quiet']);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect([report.model, report.balance, report.seed, report.train.rounds, report.test.natural.threshold]).toEqual(['logistic', 'weights', 7, 2, 0.25]);
  });
});

describe('features: records joined across lines by a stray quote', () => {
  it('are named in the summary with their lines', async () => {
    const csv = join(dir, 'swallow.csv');
    const row = (i: number, brand = 'acme') => `2019-10-01 10:00:0${i} UTC,view,${i},5,,${brand},1.5,7,S${i}`;
    writeFileSync(csv, `${['event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session', row(1), row(2, '"gerat'), row(3), row(5, '"transcend'), row(6)].join('\n')}\n`);
    const { code, out } = await captureCli(features.run, [csv]);
    expect(code).toBe(0);
    expect(out).toContain('  valid events   3  (view 3,');
    expect(out).toContain('  joined lines   1 record spans several lines (3 lines in all: lines 3–5): a quote opened');
  });
});
