// The WebGPU path on SwiftShader (a software adapter, 20–50× slower than wasm, so tiny settings):
// both models train on webgpu, the UI says so, and the results match the wasm backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, openApp, screenshot, serveDist, testIdText, WEBGPU_FLAGS, type Session, type StaticServer } from './harness.ts';

let server: StaticServer;
let s: Session;

beforeAll(async () => {
  server = await serveDist();
  s = await openApp(server.url, WEBGPU_FLAGS);
  await s.page.getByTestId('file-input').setInputFiles(fixture('e2e-rees46-oct-head8000.csv'));
  await s.page.getByTestId('summary-rows').waitFor();
  await s.page.getByTestId('tab-train').click();
  await s.page.getByTestId('gbdt-rounds').fill('8');
});

afterAll(async () => {
  await s?.close();
  await server?.close();
});

/** Trains one model on one backend; returns the natural-rate test AUC shown in Results. */
async function trainOn(backend: string, model: 'logistic' | 'gbdt'): Promise<{ backend: string; auc: number }> {
  const { page } = s;
  await page.getByTestId('tab-train').click();
  await page.getByTestId('backend-choice').selectOption(backend);
  await page.getByTestId('model-logistic').setChecked(model === 'logistic');
  await page.getByTestId('model-gbdt').setChecked(model === 'gbdt');
  const before = await page.getByTestId('tab-results').textContent();
  await page.getByTestId('train').click();
  await page.waitForFunction((b) => document.querySelector('[data-testid="tab-results"]')?.textContent !== b, before, { timeout: 150_000 });
  const ran = await testIdText(page, 'backend');
  await page.getByTestId('tab-results').click();
  const auc = Number(await testIdText(page, 'metric-auc'));
  return { backend: ran, auc };
}

describe('WebGPU on SwiftShader', () => {
  it('trains logistic regression on webgpu with the same AUC as on wasm', async () => {
    const gpu = await trainOn('webgpu', 'logistic');
    expect(gpu.backend).toBe('webgpu');
    const wasm = await trainOn('wasm', 'logistic');
    expect(wasm.backend).toBe('wasm');
    expect(Math.abs(gpu.auc - wasm.auc)).toBeLessThanOrEqual(0.002);
  });

  it('trains GBDT (8 trees) on webgpu with the same AUC as on wasm', async () => {
    const gpu = await trainOn('webgpu', 'gbdt');
    expect(gpu.backend).toBe('webgpu');
    await screenshot(s.page, '08-results-webgpu');
    const wasm = await trainOn('wasm', 'gbdt');
    expect(Math.abs(gpu.auc - wasm.auc)).toBeLessThanOrEqual(0.002);
  });

  it('cancels a GBDT run between trees, and trains again afterwards', async () => {
    const { page } = s;
    await page.getByTestId('tab-train').click();
    await page.getByTestId('backend-choice').selectOption('webgpu');
    await page.getByTestId('gbdt-rounds').fill('500');
    await page.getByTestId('train').click();
    // Wait for a few trees (the live loss curve has points), then cancel.
    await page.waitForFunction(() => Number(/tree (\d+) of at most 500/.exec(document.querySelector('[data-testid="train-status"]')?.textContent ?? '')?.[1] ?? 0) >= 3, null, { timeout: 60_000 });
    await page.getByTestId('cancel').click();
    await page.getByText('Training cancelled.').waitFor();
    expect(await page.getByTestId('train').isEnabled()).toBe(true);
    await page.getByTestId('gbdt-rounds').fill('3');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('train').click();
    await page.getByTestId('train-done').waitFor({ timeout: 60_000 });
  });

  it('made no request outside 127.0.0.1 and no CSP violation', () => {
    expect(s.foreign).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});
