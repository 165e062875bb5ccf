// Regression: with the automatic choice, a software GPU (SwiftShader on a machine without a GPU) was
// picked before wasm and trained GBDT ~15× slower (200k demo rows: 74 s on software WebGL vs 5 s on
// wasm). Auto now skips software adapters with a reason; naming the backend still uses them.
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/models/backend.ts';

const g = globalThis as { navigator?: unknown };
const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

function fakeGpu(info: Record<string, unknown>, isFallbackAdapter = false) {
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: { gpu: { requestAdapter: async () => ({ isFallbackAdapter, info }) } },
  });
}

afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'navigator', original);
  else delete g.navigator;
});

describe('automatic backend choice skips software GPUs', () => {
  it('skips a SwiftShader WebGPU adapter and says why', async () => {
    fakeGpu({ vendor: 'google', architecture: 'swiftshader', description: '' });
    const rt = await initBackend(undefined);
    expect(rt.attempts[0].backend).toBe('webgpu');
    expect(rt.attempts[0].ok).toBe(false);
    expect(rt.attempts[0].reason).toMatch(/software renderer \(google swiftshader\)/);
    expect(['wasm', 'cpu']).toContain(rt.backend);
  });

  it('skips a fallback adapter even without a telling name', async () => {
    fakeGpu({ vendor: 'acme' }, true);
    const rt = await initBackend(undefined);
    expect(rt.attempts[0].reason).toMatch(/software renderer \(acme\)/);
  });
});
