// Backend selection in node: webgpu and webgl are skipped with a reason, wasm and cpu initialise, and
// the report names the backend that really runs.
import { describe, expect, it } from 'vitest';
import { backendCandidates, initBackend, setWasmAssetPaths } from '../../src/core/models/backend.ts';

describe('backendCandidates', () => {
  it('starts at the preferred backend and falls through the rest of the order', () => {
    expect(backendCandidates()).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(backendCandidates('webgl')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendCandidates('cpu')).toEqual(['cpu']);
    expect(backendCandidates(['wasm', 'cpu'])).toEqual(['wasm', 'cpu']);
  });
});

describe('initBackend in node', () => {
  it('skips webgpu and webgl (no navigator.gpu, no canvas) and lands on wasm, saying why', async () => {
    // node: a file path prefix of the package's dist folder works (so does a file:// URL).
    setWasmAssetPaths(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).href);
    const rt = await initBackend();
    expect(rt.backend).toBe('wasm');
    expect(rt.tf.getBackend()).toBe('wasm');
    expect(rt.attempts.map((a) => [a.backend, a.ok])).toEqual([
      ['webgpu', false],
      ['webgl', false],
      ['wasm', true],
    ]);
    expect(rt.attempts[0].reason).toMatch(/navigator\.gpu/);
    expect(rt.tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
  });

  it('switches to cpu when asked', async () => {
    const rt = await initBackend('cpu');
    expect(rt.backend).toBe('cpu');
    expect(rt.tf.getBackend()).toBe('cpu');
  });
});
