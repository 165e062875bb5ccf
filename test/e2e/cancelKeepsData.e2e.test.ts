// Cancelling a new load keeps what was loaded before: demo data loaded, a model trained on it and a
// live replay of it paused part-way, then a larger demo started and cancelled. The first data's
// summary is back, the live region says so, its run is still current, the replay is where it was,
// and Train works without loading it again. A training started before a load goes on through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, serveDist, testIdText, type Session, type StaticServer } from './harness.ts';

let server: StaticServer;
let s: Session;

beforeAll(async () => {
  server = await serveDist();
  s = await openApp(server.url);
});

afterAll(async () => {
  await s?.close();
  await server?.close();
});

/** A fresh page with 20,000 rows of demo data loaded. */
async function openWithSmallDemo(): Promise<Session> {
  const fresh = await openApp(server.url);
  await fresh.page.getByTestId('demo-size').selectOption('20000');
  await fresh.page.getByTestId('load-demo').click();
  await fresh.page.locator('[data-testid="loaded"][data-load="1"]').waitFor({ timeout: 30_000 });
  return fresh;
}

describe('cancelling a load while data is loaded', () => {
  it('keeps the data loaded before, its summary, its runs and Train', async () => {
    const { page } = s;
    await page.getByTestId('demo-size').selectOption('20000');
    await page.getByTestId('load-demo').click();
    await page.locator('[data-testid="loaded"][data-load="1"]').waitFor({ timeout: 30_000 });
    expect(await testIdText(page, 'summary-rows')).toBe('20,000');
    const sessions = await testIdText(page, 'summary-sessions');

    // One quick model, so a run exists that the cancel must not make stale.
    await page.getByTestId('tab-train').click();
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('model-gbdt').uncheck();
    await page.getByTestId('train').click();
    await page.getByTestId('train-done').waitFor({ timeout: 60_000 });

    // A replay of the loaded data, started and paused part-way: the load and its cancel must leave it be.
    await page.getByTestId('tab-stream').click();
    await page.getByTestId('stream-status').getByText('Ready').waitFor({ timeout: 30_000 });
    await page.getByTestId('stream-start').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="stream-events"]')?.getAttribute('data-count') ?? 0) > 0, null, { timeout: 30_000 });
    await page.getByTestId('stream-pause').click();
    await page.getByTestId('stream-status').getByText('Paused').waitFor({ timeout: 5_000 });
    const replayed = await page.getByTestId('stream-events').getAttribute('data-count');
    const replaySource = await testIdText(page, 'stream-source');
    expect(replaySource).toContain('demo-20000-rows-seed-42.csv');

    // 5 M rows (~0.67 GB) beside 20 k (~3 MB): the small one stays loaded while the large one loads.
    await page.getByTestId('tab-load').click();
    await page.getByTestId('demo-size').selectOption('5000000');
    await page.getByTestId('load-demo').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.getAttribute('aria-valuenow') ?? 0) >= 1, null, { timeout: 30_000 });
    expect(await page.getByTestId('summary-rows').count()).toBe(0); // the load's progress, not the data set aside
    // Meanwhile the live stream keeps its replay (no demo data generated beside the parse).
    expect(await testIdText(page, 'stream-source')).toBe(replaySource);
    await page.getByTestId('cancel').click();
    await page.getByTestId('progress').waitFor({ state: 'detached' });
    // ...and after the cancel it is where it was paused, not reloaded from the start.
    expect(await testIdText(page, 'stream-source')).toBe(replaySource);
    expect(await page.getByTestId('stream-events').getAttribute('data-count')).toBe(replayed);
    expect(await testIdText(page, 'stream-status')).toBe('Paused.');

    const notice = 'Loading cancelled: demo-20000-rows-seed-42.csv is still loaded.';
    await page.locator('[data-testid="loaded"][data-load="1"]').waitFor({ timeout: 5_000 });
    expect(await testIdText(page, 'summary-rows')).toBe('20,000');
    expect(await testIdText(page, 'summary-sessions')).toBe(sessions);
    await page.locator('.notice', { hasText: notice }).waitFor();
    await page.waitForFunction((text) => document.querySelector('[data-testid="announcer"]')?.textContent === text, notice, { timeout: 5_000 });

    // The run trained before is still current (not "data loaded before"), and Train runs on the kept data.
    await page.getByTestId('tab-results').click();
    await page.getByTestId('metric-auc').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="runs-table"] tr.stale').count()).toBe(0);
    await page.getByTestId('tab-train').click();
    expect(await page.getByTestId('train').isEnabled()).toBe(true);
    await page.getByTestId('train').click();
    await page.getByTestId('train-done-earlier').waitFor({ timeout: 60_000 });
    expect(await testIdText(page, 'train-done-earlier')).toBe('1 earlier run of this session: every run is in Results › All runs.');
    await page.getByTestId('tab-results').click();
    await page.getByTestId('metric-auc').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="runs-table"] tbody tr').count()).toBe(2);
    expect(await page.locator('[data-testid="runs-table"] tr.stale').count()).toBe(0);
  });

  it('shows the data set aside in a live stream tab first opened during a load', async () => {
    const fresh = await openWithSmallDemo();
    try {
      const { page } = fresh;
      await page.getByTestId('demo-size').selectOption('5000000');
      await page.getByTestId('load-demo').click();
      await page.getByTestId('progress').waitFor();
      await page.getByTestId('tab-stream').click();
      await page.getByTestId('stream-source').waitFor({ timeout: 30_000 });
      expect(await testIdText(page, 'stream-source')).toContain('demo-20000-rows-seed-42.csv');
      await page.getByTestId('tab-load').click();
      await page.getByTestId('cancel').click();
      await page.getByTestId('progress').waitFor({ state: 'detached' });
      await page.getByTestId('tab-stream').click();
      expect(await testIdText(page, 'stream-source')).toContain('demo-20000-rows-seed-42.csv');
      expect(fresh.problems).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('goes on training through a load, recording the runs against the data they started on', async () => {
    const fresh = await openWithSmallDemo();
    try {
      const { page } = fresh;
      // Logistic regression, then trees slow enough (a small step, many rounds) to outlast the load.
      await page.getByTestId('tab-train').click();
      await page.getByTestId('backend-choice').selectOption('wasm');
      await page.getByTestId('gbdt-rounds').fill('2000');
      await page.getByTestId('learning-rate').fill('0.005');
      await page.getByTestId('train').click();
      await page.getByTestId('train-status').waitFor();

      await page.getByTestId('tab-load').click();
      await page.getByTestId('demo-size').selectOption('5000000');
      await page.getByTestId('load-demo').click();
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.getAttribute('aria-valuenow') ?? 0) >= 1, null, { timeout: 30_000 });
      await page.getByTestId('tab-train').click();
      // Still training, and saying on which data.
      await page.getByTestId('train-status').waitFor({ timeout: 1_000 });
      expect(await page.locator('.train .intro').textContent()).toContain('this training goes on with the data loaded before');
      await page.getByTestId('tab-load').click();
      await page.getByTestId('cancel').click();
      await page.getByTestId('progress').waitFor({ state: 'detached' });

      // The trees (model 2 of 2) started on a table of the data set aside; the logistic run is on it.
      await page.getByTestId('tab-train').click();
      await page.locator('.live h3', { hasText: '(2 of 2)' }).waitFor({ timeout: 60_000 });
      await page.getByTestId('cancel').click();
      await page.getByTestId('tab-results').click();
      await page.getByTestId('metric-auc').waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-testid="runs-table"] tbody tr').count()).toBe(1);
      expect(await page.locator('[data-testid="runs-table"] tr.stale').count()).toBe(0);
      expect(await page.locator('[data-testid="runs-table"] td.data-label').textContent()).toBe('demo-20000-rows-seed-42.csv');
      expect(fresh.problems).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('made no request outside 127.0.0.1 and no CSP violation', () => {
    expect(s.foreign).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});
