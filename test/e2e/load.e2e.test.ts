// Load path in a real Chromium: a fixture file through `file-input`, summary numbers, Explore,
// the error path, rejected rows, cancel mid-load (the data loaded before stays) and load again. No
// request may leave 127.0.0.1.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCsvChunks } from '../../src/core/generate/generateCsv.ts';
import { computeSessionFeatures } from '../../src/core/features/sessionFeatures.ts';
import { featuresCsvByteChunks } from '../../src/core/features/featuresCsv.ts';
import { ingestBytes } from '../helpers/ingestText.ts';
import { fixture, loadFile, openApp, screenshot, serveDist, takeLongTasks, testIdText, type Session, type StaticServer } from './harness.ts';

let server: StaticServer;
let s: Session;
let tmp: string;
/** ~80 MB: above the 64 MB at which the ingest worker parses with a pool of range workers. */
const BIG_ROWS = 600_000;
let bigCsv: string;

beforeAll(async () => {
  server = await serveDist();
  s = await openApp(server.url);
  tmp = mkdtempSync(join(tmpdir(), 'intent-lab-e2e-data-'));
  bigCsv = join(tmp, 'generated-600k.csv');
  writeFileSync(bigCsv, '');
  for (const chunk of generateCsvChunks({ rows: BIG_ROWS, seed: 7 }, 50_000)) appendFileSync(bigCsv, chunk);
});

afterAll(async () => {
  await s?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('loading data', () => {
  it('loads the real-excerpt fixture and shows its summary numbers', async () => {
    const { page } = s;
    await page.getByTestId('file-input').setInputFiles(fixture('e2e-rees46-oct-head8000.csv'));
    await page.getByTestId('summary-rows').waitFor({ timeout: 30_000 });
    expect({
      rows: await testIdText(page, 'summary-rows'),
      sessions: await testIdText(page, 'summary-sessions'),
      conversion: await testIdText(page, 'summary-conversion'),
    }).toEqual({ rows: '8,000', sessions: '2,669', conversion: '0.0322' });
    // The end of the load is said once in the app's live region (the progress card is not one).
    await page.getByTestId('announcer').getByText('Loaded e2e-rees46-oct-head8000.csv: 8,000 valid events, 0 rejected rows.').waitFor();
    await screenshot(page, '01-load');
  });

  it('shows the Explore view computed from the data', async () => {
    const { page } = s;
    await takeLongTasks(page);
    await page.getByTestId('tab-explore').click();
    await page.locator('canvas').nth(5).waitFor();
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(6);
    await page.waitForTimeout(1000);
    const opening = await takeLongTasks(page);
    console.log(`main-thread tasks over 50 ms opening Explore (6 charts): ${opening.length ? opening.join(', ') + ' ms' : 'none'}`);
    await screenshot(page, '02-explore');
    await page.getByTestId('tab-load').click();
  });

  it('replays the loaded events in the live stream without reading the file again', async () => {
    const { page } = s;
    await page.getByTestId('tab-stream').click();
    await page.getByTestId('stream-view').getByText('(8,000 events, as loaded)').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('stream-status').getByText('Ready').waitFor({ timeout: 30_000 });
    await page.getByTestId('stream-speed').selectOption('max');
    // By keyboard: Start disables itself, and focus goes to a control standing in for it, not <body>.
    await page.getByTestId('stream-start').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('stream-status').getByText('Finished').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-busy-focus') === true, undefined, { timeout: 5_000 });
    expect(await testIdText(page, 'stream-events')).toBe('8,000');
    expect(await page.getByTestId('stream-events').getAttribute('data-count')).toBe('8000');
    await page.getByTestId('tab-load').click();
  });

  it('moves between sections with the arrow keys', async () => {
    const { page } = s;
    await page.getByTestId('tab-load').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('tab-explore').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-explore');
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    expect(await page.getByTestId('tab-load').getAttribute('aria-selected')).toBe('true');
    // Keyboard focus is visible: the focused element matches :focus-visible and draws an outline.
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as Element;
      return { visible: el.matches(':focus-visible'), outline: getComputedStyle(el).outlineStyle };
    });
    expect(focus).toEqual({ visible: true, outline: 'solid' });
  });

  it('explains a file that is not REES46, naming the columns it found', async () => {
    const { page } = s;
    await page.getByTestId('file-input').setInputFiles(fixture('e2e-wrong-schema.csv'));
    const alert = page.getByTestId('error');
    await alert.waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('not the REES46 schema');
    expect(text).toContain('order_id');
    // A wrong pick does not cost the data already loaded (the excerpt, loaded above).
    expect(text).toContain('the data loaded before (e2e-rees46-oct-head8000.csv) is kept');
    expect(await testIdText(page, 'summary-rows')).toBe('8,000');
    // CSV text is rendered as text: the "<b>" in the file must not become markup.
    expect(await page.locator('[data-testid="error"] b').count()).toBe(0);
    await screenshot(page, '03-error');
    // Dismissing it from the keyboard does not drop focus to <body>: it goes to the section's heading.
    await alert.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await alert.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2' && document.activeElement.closest('#panel-load') !== null, null, { timeout: 5000 });
  });

  it('lists rejected rows by reason with line numbers', async () => {
    const { page } = s;
    await loadFile(page, fixture('e2e-some-bad-rows.csv'));
    expect(await testIdText(page, 'summary-rows')).toBe('8');
    expect(await page.getByTestId('error').count()).toBe(0);
    const rejected = (await page.getByTestId('rejected').textContent()) ?? '';
    expect(rejected).toContain('4 rejected rows');
    expect(rejected).toContain('price is empty, negative or not a finite number');
    const download = page.waitForEvent('download');
    await page.getByTestId('rejected-download').click();
    const file = await (await download).path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file, 'utf8')).toContain('6,unknown_event_type');
  });

  it('refuses a file whose rows are all rejected, and offers its rejected rows', async () => {
    const { page } = s;
    const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n';
    const buffer = Buffer.from(`${header}2019-10-01 00:00:00 UTC,click,1,2,,b,5,3,s\n2019-10-01 25:00:00 UTC,view,1,2,,b,5,3,s\n`);
    await page.getByTestId('file-input').setInputFiles({ name: 'all-bad.csv', mimeType: 'text/csv', buffer });
    const alert = page.getByTestId('error');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('all-bad.csv has no valid rows: all 2 rows were rejected');
    expect(text).not.toContain('npm run cli');
    expect(await testIdText(page, 'summary-rows')).toBe('8'); // the file loaded before stays
    const download = page.waitForEvent('download');
    await page.getByTestId('error-download').click();
    expect((await download).suggestedFilename()).toBe('all-bad-rejected-rows.csv');
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(await (await download).path(), 'utf8').split('\n');
    expect(lines[0]).toBe('# rejected rows of all-bad.csv: 2 in total');
    expect(lines).toContain('2,unknown_event_type');
    expect(lines).toContain('3,bad_time');
    await alert.getByRole('button', { name: 'Dismiss this message' }).click();
  });

  it('cancels a long demo generation mid-way, keeping the file loaded before, and then loads again', async () => {
    const { page } = s;
    const loadedBefore = await page.getByTestId('loaded').getAttribute('data-load');
    await page.getByTestId('demo-size').selectOption('5000000');
    await page.getByTestId('load-demo').click();
    const bar = page.getByTestId('progress');
    await bar.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.getAttribute('aria-valuenow') ?? 0) >= 1, null, { timeout: 30_000 });
    await screenshot(page, '04-progress');
    await page.keyboard.press('Escape'); // Escape cancels as the Cancel button does (the 80 MB test clicks it)
    await bar.waitFor({ state: 'detached' });
    // The file loaded before (8 valid rows) is back, as it was: the same load, not a new one.
    await page.locator(`[data-testid="loaded"][data-load="${loadedBefore}"]`).waitFor({ timeout: 5_000 });
    expect(await testIdText(page, 'summary-rows')).toBe('8');
    await page.locator('.notice', { hasText: 'Loading cancelled: e2e-some-bad-rows.csv is still loaded.' }).waitFor({ timeout: 5_000 });
    await loadFile(page, fixture('e2e-rees46-oct-head8000.csv'));
    expect(await testIdText(page, 'summary-sessions')).toBe('2,669');
  });

  it('parses an 80 MB file with the range-worker pool, and cancels that too', async () => {
    const { page } = s;
    await takeLongTasks(page);
    const t0 = Date.now();
    await loadFile(page, bigCsv);
    console.log(`80 MB file parsed and featurised in ${((Date.now() - t0) / 1000).toFixed(1)} s (wall, including the file hand-over)`);
    const long = await takeLongTasks(page);
    console.log(`main-thread tasks over 50 ms during that load: ${long.length ? long.join(', ') + ' ms' : 'none'}`);
    expect(await testIdText(page, 'summary-rows')).toBe(BIG_ROWS.toLocaleString('en-US'));
    // Where the time went: the summary's details name each stage, a merge included (two or more ranges).
    const sec = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-sec'));
    await page.getByTestId('timing-insights').waitFor({ state: 'attached' });
    const stages = { parse: await sec('timing-parse'), merge: await sec('timing-merge'), features: await sec('timing-features'), insights: await sec('timing-insights') };
    console.log(`stages: ${JSON.stringify(stages)}`);
    expect(stages.parse).toBeGreaterThan(stages.merge);
    expect(stages.merge).toBeGreaterThan(0);
    expect(stages.features).toBeGreaterThan(0);
    expect(stages.insights).toBeGreaterThan(0);
    // The range workers' merge (parts freed on the spot with ArrayBuffer.transfer in Chromium) gives
    // byte for byte the features.csv one reader gives in node.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download features.csv, faithful cut' }).click()]);
    const fromApp = readFileSync(await download.path());
    const serial = ingestBytes(new Uint8Array(readFileSync(bigCsv)));
    const { table } = computeSessionFeatures(serial.events, serial.dict.sessions, { cut: 'faithful' });
    expect(fromApp.equals(Buffer.concat([...featuresCsvByteChunks(table)]))).toBe(true);

    await page.getByTestId('file-input').setInputFiles(bigCsv);
    await page.getByTestId('progress').waitFor();
    // A file dropped while the load runs is not taken, and the page says so.
    await page.locator('.zone').evaluate((zone) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['event_time\n'], 'dropped.csv', { type: 'text/csv' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    // Set on the next frame (cleared first, so a second drop is said again): waited for, not read at once.
    const note = 'dropped.csv was not loaded: a load is running. Cancel it (Esc) or wait for it, then drop the file again.';
    await page.waitForFunction((text) => document.querySelector('[data-testid="drop-busy"]')?.textContent === text, note, { timeout: 5_000 });
    await page.getByTestId('cancel').click();
    await page.getByTestId('progress').waitFor({ state: 'detached' });
    // The 80 MB file loaded first is still loaded (80 MB beside 80 MB is well under the limit).
    await page.locator('.notice', { hasText: 'Loading cancelled: generated-600k.csv is still loaded.' }).waitFor({ timeout: 5_000 });
    expect(await testIdText(page, 'summary-rows')).toBe(BIG_ROWS.toLocaleString('en-US'));
    await loadFile(page, fixture('e2e-rees46-oct-head8000.csv'));
    expect(await testIdText(page, 'summary-rows')).toBe('8,000');
  });

  it('loads demo data in a worker, from the keyboard, and gives focus back to the button', async () => {
    const { page } = s;
    await page.getByTestId('demo-size').selectOption('200000');
    await page.getByTestId('load-demo').focus();
    await page.keyboard.press('Enter');
    // While the button is disabled its Cancel stands in for it; Enter pressed again at once (a double
    // press) must not cancel the load it just started.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'cancel', null, { timeout: 5000 });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="summary-rows"]').waitFor({ timeout: 60_000 });
    expect(await testIdText(page, 'summary-rows')).toBe('200,000');
    expect(await page.locator('.notice', { hasText: 'cancelled' }).count()).toBe(0);
    // The button was disabled while loading (focus fell to <body>); focus comes back to it.
    await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'load-demo', null, { timeout: 5000 });
  });

  it('works offline on a re-visit (service worker)', async () => {
    const { page, context } = s;
    // Active means installed, and install finishes only once every file of the build is cached.
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      for (let i = 0; i < 100 && reg.active?.state !== 'activated'; i++) await new Promise((r) => setTimeout(r, 100));
    });
    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByTestId('file-input').setInputFiles(fixture('e2e-rees46-oct-head8000.csv'));
      await page.getByTestId('summary-rows').waitFor();
      expect(await testIdText(page, 'summary-sessions')).toBe('2,669');
    } finally {
      await context.setOffline(false);
    }
  });

  it('asks before loading a file that may not fit in the memory the device reports', async () => {
    const { page, context } = s;
    // A device that reports 0.25 GB: even the 1 MB excerpt (0.35 GB estimated) is too much.
    await context.addInitScript('Object.defineProperty(navigator, "deviceMemory", { get: () => 0.25 })');
    await page.reload();
    await page.getByTestId('file-input').setInputFiles(fixture('e2e-rees46-oct-head8000.csv'));
    const ask = page.getByTestId('too-large');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('e2e-rees46-oct-head8000.csv is 1 MB: loading it needs about 350 MB of memory in this tab, and this device reports 0.25 GB');
    expect(await page.getByTestId('summary-rows').count()).toBe(0);
    await page.getByRole('button', { name: 'Load it anyway' }).click();
    await page.getByTestId('summary-rows').waitFor();
    expect(await testIdText(page, 'summary-rows')).toBe('8,000');
    expect(await ask.count()).toBe(0);
  });

  it('made no request outside 127.0.0.1 and no CSP violation', () => {
    expect(s.foreign).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});
