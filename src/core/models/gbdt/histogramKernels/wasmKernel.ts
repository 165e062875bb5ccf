// Histogram kernel for tfjs's wasm backend. Tensors live in the wasm heap; the loop runs as our own
// small wasm function that imports that heap (wasmHistogramModule.ts), so nothing is copied. If the
// heap cannot be imported (a threaded build shares its memory), the same loop runs in JS over views
// of the heap, like tfjs-backend-wasm's own Fill kernel. Views are made per call: the heap's
// ArrayBuffer is replaced whenever memory grows.
//
// Layout by node density (measured on 800K × 17 with bench/trainHistogram.ts): a dense
// node streams row-major codes at ~2 ns per update; a node holding 2–20 % of the rows touches three
// cache lines per row (codes, grad, hess) and row-major costs 8–15 ns, while one 800 KB code column
// at a time stays cached and costs 4–8 ns; below ~1.5 % every column access misses and row-major wins
// again. Both loops add in row order, so the sums are bit-identical whichever runs.
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { accumulateHistogram, histogramInputs, HISTOGRAM_KERNEL_NAME, totalBins, type HistogramAttrs } from './histogramSpec.ts';
import { histogramFunctionsFor, isWasmMemory, type HistogramFunctions, type WasmMemoryLike } from './wasmHistogramModule.ts';

/** The part of tfjs-backend-wasm's BackendWasm this kernel uses. */
interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array; asm?: { memory?: WasmMemoryLike }; _malloc(bytes: number): number; _free(ptr: number): void };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

/** Which loop runs for m of n rows (exported for tests). */
export function wasmHistogramLayout(m: number, n: number, hasColumns: boolean): 'rows' | 'columns' {
  return hasColumns && m >= 0.015 * n && m < 0.2 * n ? 'columns' : 'rows';
}

function size(t: TensorInfo): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

function wasmHistogram(backend: WasmBackendLike): HistogramFunctions | null {
  const memory = backend.wasm.asm?.memory;
  if (!isWasmMemory(memory)) return null;
  try {
    return histogramFunctionsFor(memory);
  } catch {
    return null;
  }
}

/** Which loop the wasm kernel runs on this backend: our wasm function in tfjs's heap, or the JS fallback. */
export function wasmHistogramImplementation(backend: unknown): 'wasm-function' | 'js-loop' {
  return wasmHistogram(backend as WasmBackendLike) ? 'wasm-function' : 'js-loop';
}

export function histogramWasmKernel(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const attrs = args.attrs as unknown as HistogramAttrs;
  const { codes, rows, grad, hess, codesByColumn } = histogramInputs(args.inputs);
  const bins = totalBins(attrs);
  const output = backend.makeOutput([bins, 3], 'float32');
  const at = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
  const fns = wasmHistogram(backend);
  let acc: Float64Array;
  if (fns) {
    const m = size(rows);
    const n = size(grad);
    const layout = wasmHistogramLayout(m, n, codesByColumn !== undefined);
    const accBytes = bins * 24;
    const offsetBytes = Math.ceil(attrs.numFeatures / 2) * 8;
    const scratch = backend.wasm._malloc(accBytes + offsetBytes + (layout === 'columns' ? m * 8 : 0)) >>> 0;
    try {
      // malloc may grow memory: take views only after it.
      const heap = backend.wasm.HEAPU8.buffer;
      new Float64Array(heap, scratch, bins * 3).fill(0);
      const offsets = new Int32Array(heap, scratch + accBytes, attrs.numFeatures);
      for (let f = 0; f < attrs.numFeatures; f++) offsets[f] = attrs.binOffsets[f] * 24;
      if (layout === 'columns' && codesByColumn) {
        fns.histColumns(at(codesByColumn), n, attrs.numFeatures, scratch + accBytes, at(rows), m, at(grad), at(hess), scratch, scratch + accBytes + offsetBytes);
      } else {
        fns.hist(at(codes), attrs.rowStride, attrs.numFeatures, scratch + accBytes, at(rows), m, at(grad), at(hess), scratch);
      }
      acc = new Float64Array(backend.wasm.HEAPU8.buffer, scratch, bins * 3).slice();
    } finally {
      backend.wasm._free(scratch);
    }
  } else {
    const heap = backend.wasm.HEAPU8.buffer;
    acc = new Float64Array(bins * 3);
    accumulateHistogram(
      new Uint8Array(heap, at(codes), size(codes) * 4),
      attrs.rowStride,
      attrs.numFeatures,
      attrs.binOffsets,
      new Int32Array(heap, at(rows), size(rows)),
      new Float32Array(heap, at(grad), size(grad)),
      new Float32Array(heap, at(hess), size(hess)),
      acc,
    );
  }
  new Float32Array(backend.wasm.HEAPU8.buffer, at(output), bins * 3).set(acc);
  return output;
}

export const histogramWasmConfig: KernelConfig = {
  kernelName: HISTOGRAM_KERNEL_NAME,
  backendName: 'wasm',
  kernelFunc: histogramWasmKernel as unknown as KernelConfig['kernelFunc'],
};
