// `npm run cli -- stream …`: rows the parser refused are said, with their reasons, not replayed silently.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from '../helpers/captureCli.ts';
import { run } from '../../cli/commands/stream.ts';
import { fixturePath } from '../helpers/ingestText.ts';

const dir = mkdtempSync(join(tmpdir(), 'intent-lab-cli-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli stream', () => {
  it('counts the rejected rows by reason in its summary and its JSON, and replays the valid ones', async () => {
    const json = join(dir, 'stream.json');
    const { code, out } = await captureCli(run, [fixturePath('e2e-some-bad-rows.csv'), '--json', json]);
    expect(code).toBe(0);
    expect(out).toMatch(/e2e-some-bad-rows\.csv: 8 events replayed/);
    expect(out).toContain('rejected rows       4 not replayed (field_count 1, unknown_event_type 1, bad_price 1, empty_session 1;');
    const summary = JSON.parse(readFileSync(json, 'utf8'));
    expect(summary.rejected).toEqual({ total: 4, byReason: { field_count: 1, unknown_event_type: 1, bad_price: 1, empty_session: 1 } });
    expect(summary.events).toBe(8);
  });

  it('says 0 for a clean file', async () => {
    const { out } = await captureCli(run, [fixturePath('e2e-rees46-oct-head8000.csv'), '--quiet']);
    expect(out).toBe('');
    const json = join(dir, 'clean.json');
    await captureCli(run, [fixturePath('e2e-rees46-oct-head8000.csv'), '--quiet', '--json', json]);
    expect(JSON.parse(readFileSync(json, 'utf8')).rejected).toEqual({ total: 0, byReason: {} });
  });
});
