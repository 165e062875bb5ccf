// `npm run cli -- features …`: the printed summary, and --rejected writing every rejected line with its reason.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
