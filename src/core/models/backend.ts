// Choosing the TensorFlow.js backend. tfjs is imported lazily (only the model worker pays for it),
// and every attempt is checked: `tf.setBackend('webgpu')` answers false, without throwing, when there
// is no adapter, and tfjs would then silently run on another backend. So we walk
// webgpu → webgl → wasm → cpu ourselves, keep the reason each one was skipped, and report the one
// that actually ran.
import type * as TfNamespace from '@tensorflow/tfjs';

export type Tf = typeof TfNamespace;
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function isBackendName(s: string): s is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(s);
}

/** The three binaries tfjs-backend-wasm may fetch, by the names it asks for. */
export const WASM_BINARY_NAMES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
export type WasmBinaryName = (typeof WASM_BINARY_NAMES)[number];

/**
 * Where the wasm binaries live: a folder prefix ending in '/' (node: a file path or file:// URL of
 * node_modules/@tensorflow/tfjs-backend-wasm/dist/, both work) or one URL per binary (the app: Vite
 * `?url` imports, so the site works offline from its own origin). The threaded binary is never
 * fetched (threads are off, see below); when it is not given, the SIMD URL stands in for it, because
 * tfjs refuses a map that lacks any of the three names.
 */
export type WasmPaths = string | { readonly 'tfjs-backend-wasm.wasm': string; readonly 'tfjs-backend-wasm-simd.wasm': string; readonly 'tfjs-backend-wasm-threaded-simd.wasm'?: string };

let wasmPaths: WasmPaths | null = null;

/** Call before the first initBackend that may pick wasm; later calls are ignored by tfjs. */
export function setWasmAssetPaths(paths: WasmPaths): void {
  wasmPaths = paths;
}

let tfPromise: Promise<Tf> | null = null;

/** The tfjs namespace, imported on first use. */
export function loadTf(): Promise<Tf> {
  tfPromise ??= import('@tensorflow/tfjs').then((tf) => {
    // PROD silences the "install tfjs-node" banner and per-op debug checks; we report the backend ourselves.
    tf.env().set('PROD', true);
    return tf;
  });
  return tfPromise;
}

export interface BackendAttempt {
  readonly backend: BackendName;
  readonly ok: boolean;
  /** Why it was skipped or failed, in words for the UI. */
  readonly reason?: string;
}

export interface TfRuntime {
  readonly tf: Tf;
  /** The backend that is active now (tf.getBackend()), never a guess. */
  readonly backend: BackendName;
  readonly attempts: readonly BackendAttempt[];
}

/** What this environment can try, so obviously missing backends are skipped without tfjs warnings. */
function precheck(name: BackendName): string | null {
  const g = globalThis as { navigator?: { gpu?: unknown }; OffscreenCanvas?: unknown; document?: unknown };
  if (name === 'webgpu' && !g.navigator?.gpu) return 'navigator.gpu is not available (no WebGPU in this browser or runtime)';
  if (name === 'webgl' && g.OffscreenCanvas === undefined && g.document === undefined) return 'no canvas to create a WebGL context on';
  return null;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software/i;

/** A reason to skip WebGPU when its adapter is a software fallback, else null. */
async function softwareWebGpu(): Promise<string | null> {
  type AdapterInfo = { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean };
  type Adapter = { isFallbackAdapter?: boolean; info?: AdapterInfo };
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<Adapter | null> } } }).navigator?.gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'no WebGPU adapter (navigator.gpu.requestAdapter() returned null)';
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description, info.device].filter(Boolean).join(' ');
    if (adapter.isFallbackAdapter || info.isFallbackAdapter || SOFTWARE_RENDERER.test(name)) {
      return `the WebGPU adapter is a software renderer (${name || 'fallback adapter'}), slower than wasm; choose WebGPU explicitly to use it anyway`;
    }
  } catch {
    return null; // let tfjs try and report its own error
  }
  return null;
}

/** A reason to skip WebGL when its renderer is software, else null. */
function softwareWebGl(tf: Tf): string | null {
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: { getExtension(n: string): { UNMASKED_RENDERER_WEBGL: number } | null; getParameter(p: number): unknown } } }).gpgpu?.gl;
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = ext && gl ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : '';
    if (SOFTWARE_RENDERER.test(renderer)) return `WebGL runs on a software renderer (${renderer}), slower than wasm; choose WebGL explicitly to use it anyway`;
  } catch {
    // no renderer information: keep WebGL
  }
  return null;
}

async function registerBackendModule(tf: Tf, name: BackendName): Promise<void> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Threaded wasm needs SharedArrayBuffer (cross-origin isolation, which GitHub Pages cannot give):
    // force the single-threaded SIMD binary everywhere so results and timings do not depend on headers.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (typeof wasmPaths === 'string') wasm.setWasmPaths(wasmPaths);
    else if (wasmPaths !== null) {
      const simd = wasmPaths['tfjs-backend-wasm-simd.wasm'];
      wasm.setWasmPaths({ ...wasmPaths, 'tfjs-backend-wasm-threaded-simd.wasm': wasmPaths['tfjs-backend-wasm-threaded-simd.wasm'] ?? simd });
    }
  }
}

/** The candidates tried for a preference: the named backend, then the ones after it in BACKEND_ORDER. */
export function backendCandidates(preferred?: BackendName | readonly BackendName[]): BackendName[] {
  if (preferred === undefined) return [...BACKEND_ORDER];
  if (typeof preferred !== 'string') return [...preferred];
  return BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(preferred));
}

/**
 * Activate the first backend that really initialises. `preferred` names where to start (the rest of
 * the order follows) or gives an explicit list.
 */
export async function initBackend(preferred?: BackendName | readonly BackendName[]): Promise<TfRuntime> {
  const tf = await loadTf();
  const attempts: BackendAttempt[] = [];
  for (const name of backendCandidates(preferred)) {
    const skip = precheck(name);
    if (skip !== null) {
      attempts.push({ backend: name, ok: false, reason: skip });
      continue;
    }
    try {
      // Automatic choice only: a software GPU (SwiftShader, llvmpipe — what a machine without a GPU
      // gets) is a CPU emulating one, measured 20–70× slower than wasm for GBDT; naming the backend
      // explicitly still uses it.
      const software = preferred === undefined && name === 'webgpu' ? await softwareWebGpu() : null;
      if (software !== null) {
        attempts.push({ backend: name, ok: false, reason: software });
        continue;
      }
      await registerBackendModule(tf, name);
      const ok = await tf.setBackend(name);
      const softwareGl = ok && preferred === undefined && name === 'webgl' ? softwareWebGl(tf) : null;
      if (softwareGl !== null) {
        attempts.push({ backend: name, ok: false, reason: softwareGl });
        continue;
      }
      if (ok && tf.getBackend() === name) {
        attempts.push({ backend: name, ok: true });
        return { tf, backend: name, attempts };
      }
      attempts.push({ backend: name, ok: false, reason: 'tf.setBackend returned false (the backend failed to initialise)' });
    } catch (err) {
      attempts.push({ backend: name, ok: false, reason: err instanceof Error ? err.message : String((err as { message?: unknown })?.message ?? err) });
    }
  }
  const tried = attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ');
  throw new Error(`no TensorFlow.js backend could be initialised (${tried})`);
}
