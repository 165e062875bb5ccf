// Training in a real Chromium on the wasm backend: both models on the real excerpt, metrics on
// screen, the threshold slider, early prediction, "why this score", exports, a walkthrough step.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, openApp, screenshot, serveDist, takeLongTasks, testIdText, type Session, type StaticServer } from './harness.ts';

let server: StaticServer;
let s: Session;

beforeAll(async () => {
  server = await serveDist();
  s = await openApp(server.url);
  await s.page.getByTestId('file-input').setInputFiles(fixture('e2e-rees46-oct-head8000.csv'));
  await s.page.getByTestId('summary-rows').waitFor();
});

afterAll(async () => {
  await s?.close();
  await server?.close();
});

const METRIC = /^(0\.\d{4}|1\.0000)$/;

describe('training on wasm', () => {
  it('trains logistic regression and GBDT and shows their metrics', async () => {
    const { page } = s;
    await page.getByTestId('tab-train').click();
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('gbdt-rounds').fill('60');
    await takeLongTasks(page);
    const t0 = Date.now();
    await page.getByTestId('train').click();
    // A test-id wait, not getByText: Playwright's text matching runs on the page's main thread and
    // would itself show up as long tasks.
    await page.getByTestId('train-done').waitFor({ timeout: 120_000 });
    const long = await takeLongTasks(page);
    console.log(`main-thread tasks over 50 ms during training: ${long.length ? long.join(', ') + ' ms' : 'none'}`);
    console.log(`both models trained on the 8,000-row excerpt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(await testIdText(page, 'backend')).toBe('wasm');
    expect(await testIdText(page, 'announcer')).toMatch(/^Run \d+ done: gradient-boosted trees, ROC-AUC 0\.\d{4} on the natural-rate test part\.$/);
    await screenshot(page, '05-train');

    await takeLongTasks(page);
    await page.getByTestId('tab-results').click();
    await page.getByTestId('metric-auc').waitFor();
    await page.waitForTimeout(1000);
    const opening = await takeLongTasks(page);
    console.log(`main-thread tasks over 50 ms opening Results (6 charts): ${opening.length ? opening.join(', ') + ' ms' : 'none'}`);
    const auc = await testIdText(page, 'metric-auc');
    const f1 = await testIdText(page, 'metric-f1');
    expect(auc).toMatch(METRIC);
    expect(f1).toMatch(METRIC);
    expect(Number(auc)).toBeGreaterThan(0.5);
    const rows = await page.getByTestId('runs-table').locator('tbody tr').allTextContents();
    expect(rows.map((r) => (r.includes('gbdt') ? 'gbdt' : r.includes('logistic') ? 'logistic' : '?'))).toEqual(['logistic', 'gbdt']);
    expect(rows.every((r) => r.includes('wasm'))).toBe(true);
  });

  it('moves the threshold, computes the early-prediction curve and explains a session', async () => {
    const { page } = s;
    const confusion = page.getByTestId('confusion');
    await confusion.getByText('true positives').waitFor();
    const before = await confusion.locator('table').textContent();
    await page.getByTestId('threshold').fill('0.9');
    await page.waitForFunction((b) => document.querySelector('[data-testid="confusion"] table')?.textContent !== b, before);

    await page.getByTestId('early-compute').click();
    await page.getByText('AUC after the first k events').waitFor({ timeout: 60_000 });
    await page.getByText('Recompute').waitFor({ timeout: 60_000 });

    await page.locator('.chip').first().click();
    const result = page.getByTestId('lookup-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('predicted purchase probability');
    await page.waitForTimeout(300);
    await screenshot(page, '06-results');
  });

  it('exports the model file, the metrics and the scores', async () => {
    const { page } = s;
    const [model] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
    const file = JSON.parse(readFileSync(await model.path(), 'utf8'));
    expect(file.format).toBe('intent-lab-model');
    expect(file.model.kind).toBe('gbdt');
    const [metrics] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-metrics').click()]);
    const m = JSON.parse(readFileSync(await metrics.path(), 'utf8'));
    expect(m.test.natural.auc.toFixed(4)).toBe(await testIdText(page, 'metric-auc'));
    // Per-session scores: the test part's rows and buyers are the metrics' own.
    const [scores] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-scores').click()]);
    const [header, ...lines] = readFileSync(await scores.path(), 'utf8').trimEnd().split('\n');
    expect(header).toBe('user_session,label,part,in_balanced_test,score');
    const test = lines.map((l) => l.split(',')).filter((f) => f[2] === 'test');
    expect(test.length).toBe(m.test.natural.sessions);
    expect(test.filter((f) => f[1] === '1').length).toBe(m.test.natural.buyers);

    // Load the saved model back and score it on the loaded data: a new run in Results.
    await page.getByTestId('tab-train').click();
    await page.getByTestId('saved-model-input').setInputFiles({ name: 'saved.model.json', mimeType: 'application/json', buffer: readFileSync(await model.path()) });
    await page.getByTestId('runs-table').getByText('saved model', { exact: true }).waitFor();
    expect(await testIdText(page, 'metric-auc')).toMatch(METRIC);
    // On the cut the file says it was trained on, said so, and announced; its scores can be saved too.
    await page.locator('p.note', { hasText: `Scored on the ${file.metadata.cut} cut, the cut its file says it was trained on` }).waitFor({ timeout: 5_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="announcer"]')?.textContent?.startsWith('Scored saved.model.json on all '), null, { timeout: 5_000 });
    const [savedScores] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-scores').click()]);
    const savedLines = readFileSync(await savedScores.path(), 'utf8').trimEnd().split('\n').slice(1);
    expect(savedLines.length).toBe(lines.length);
    expect(savedLines.every((l) => l.split(',')[2] === 'test')).toBe(true);
  });

  it('runs a walkthrough step and shows the measured difference', async () => {
    const { page } = s;
    await page.getByTestId('tab-walkthrough').click();
    await page.getByTestId('walkthrough-run').click();
    await page.getByTestId('walkthrough-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('walkthrough-result').textContent()).toContain('B − A');
    await screenshot(page, '07-walkthrough');
  });

  it('runs the imbalance and model-choice steps too', async () => {
    const { page } = s;
    for (const step of [2, 3]) {
      await page.getByRole('button', { name: 'Next →' }).click();
      await page.getByTestId('walkthrough-run').click();
      await page.getByTestId('walkthrough-result').waitFor({ timeout: 120_000 });
      expect(await page.locator('ol.stepper .dot').nth(step - 1).textContent()).toBe('✓');
    }
  });

  it('shows Results and Explore in the dark theme', async () => {
    const { page } = s;
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByTestId('tab-results').click();
    await page.getByTestId('metric-auc').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, '09-results-dark');
    await page.getByTestId('tab-explore').click();
    await page.waitForTimeout(300);
    await screenshot(page, '10-explore-dark');
    await page.getByTestId('theme-toggle').click();
  });

  it('shows the live-stream and beyond-one-machine sections when they exist', async () => {
    const { page } = s;
    for (const [tab, shot] of [['stream', '11-stream'], ['beyond', '12-beyond']] as const) {
      const button = page.getByTestId(`tab-${tab}`);
      if ((await button.count()) === 0) continue;
      await button.click();
      await page.waitForTimeout(2500);
      await screenshot(page, shot);
    }
  });

  it('round-trips features.csv: download it, load it back as a features file, train on it', async () => {
    const { page } = s;
    await page.getByTestId('tab-load').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download features.csv, faithful cut' }).click()]);
    const featuresCsv = await download.path();
    expect(readFileSync(featuresCsv, 'utf8').split('\n', 1)[0]).toMatch(/^user_session,label,view_count,cart_count,session_duration,avg_price,max_price,unique_items,/);
    await page.getByTestId('file-input').setInputFiles({ name: 'features.csv', mimeType: 'text/csv', buffer: readFileSync(featuresCsv) });
    await page.getByText('A features file: training and evaluation work as usual').waitFor();
    expect(await testIdText(page, 'summary-sessions')).toBe('2,669');
    expect(await testIdText(page, 'summary-conversion')).toBe('0.0322');
    await page.getByTestId('tab-train').click();
    await page.getByTestId('model-gbdt').setChecked(false);
    await page.getByTestId('model-logistic').setChecked(true);
    await page.getByTestId('train').click();
    await page.getByTestId('train-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('train-done').textContent()).toContain('features file');
  });

  it('made no request outside 127.0.0.1 and no CSP violation', () => {
    expect(s.foreign).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});
