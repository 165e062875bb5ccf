// `npm run cli -- features …`: the printed summary, and --rejected writing every rejected line with its reason.
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from '../helpers/captureCli.ts';
import { run } from '../../cli/commands/features.ts';
import { fixturePath } from '../helpers/ingestText.ts';

const dir = mkdtempSync(join(tmpdir(), 'intent-lab-cli-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const capture = (argv: string[]) => captureCli(run, argv);

describe('cli features', () => {
  it('--out - writes the features to standard output and the summary to stderr', async () => {
    const { code, out, err } = await capture([fixturePath('e2e-some-bad-rows.csv'), '--workers', '1', '--out', '-']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^user_session,label,view_count,/);
    expect(lines).toHaveLength(1 + 7);
    expect(err).toMatch(/feature rows {3}7, label 1: 1 → standard output/);
  });

  it('refuses outputs that would overwrite the input or each other, before reading anything', async () => {
    const input = fixturePath('e2e-some-bad-rows.csv');
    const same = await capture([input, '--out', input]);
    expect(same.code).toBe(2);
    expect(same.err).toContain(`--out ${input} is the input file: it would be overwritten; give another file name`);
    const twice = join(dir, 'x.json');
    const clash = await capture([input, '--summary', twice, '--rejected', twice]);
    expect(clash.code).toBe(2);
    expect(clash.err).toContain(`--rejected ${twice} is also --summary: one would overwrite the other; give another file name`);
    expect((await capture([input, '--summary', '-'])).err).toContain('--summary -: only --out can go to standard output; give a file name');
    // Another name for the input (a link to it) is the input all the same; /dev/null is no file to overwrite.
    const link = join(dir, 'link.csv');
    symlinkSync(input, link);
    expect((await capture([link, '--out', input])).code).toBe(2);
    expect((await capture([input, '--out', '/dev/null', '--rejected', '/dev/null', '--quiet'])).code).toBe(0);
  });

  it('--rejected writes every rejected line with its reason; the summary points to it', async () => {
    const rejected = join(dir, 'rejected.csv');
    const { code, out } = await capture([fixturePath('e2e-some-bad-rows.csv'), '--workers', '1', '--rejected', rejected]);
    expect(code).toBe(0);
    expect(out).toMatch(/rejected rows {2}4 {2}→ .*rejected\.csv, every line with its reason/);
    expect(out).toMatch(/feature rows {3}7, label 1: 1/);
    const report = readFileSync(rejected, 'utf8').split('\n');
    expect(report[0]).toBe('# rejected rows of e2e-some-bad-rows.csv: 4 in total');
    const at = report.indexOf('line,reason');
    expect(report.slice(at + 1, at + 6)).toEqual(['4,bad_price', '6,unknown_event_type', '8,field_count', '10,empty_session', '']);
  });

  it('without --rejected, says how to get the full list; a clean file says nothing of it', async () => {
    expect((await capture([fixturePath('e2e-some-bad-rows.csv'), '--workers', '1'])).out).toMatch(/\(every line with its reason: --rejected FILE\)/);
    expect((await capture([fixturePath('e2e-rees46-oct-head8000.csv'), '--workers', '1'])).out).not.toMatch(/--rejected/);
  });

  it('says up front when an output folder is missing or a folder is given as a file', async () => {
    const input = fixturePath('e2e-some-bad-rows.csv');
    await expect(capture([input, '--out', join(dir, 'no-such-folder', 'f.csv')])).rejects.toThrow(`--out ${join(dir, 'no-such-folder', 'f.csv')}: the folder ${join(dir, 'no-such-folder')} does not exist`);
    await expect(capture([input, '--summary', dir])).rejects.toThrow(`--summary ${dir} is a folder; give a file name`);
    await expect(capture([dir])).rejects.toThrow(`${dir} is a folder; give a CSV file`);
  });

  it('papaparse reports the bytes it read', async () => {
    const { out } = await capture([fixturePath('rees46-oct-excerpt.csv'), '--parser', 'papaparse']);
    expect(out).toMatch(/^rees46-oct-excerpt\.csv: 2,344,707 bytes, 17,436 lines/);
  });
});
