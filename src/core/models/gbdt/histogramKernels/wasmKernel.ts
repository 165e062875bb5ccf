// Histogram kernel for tfjs's wasm backend. Tensors live in the wasm heap; the loop runs as our own
// small wasm function that imports that heap (wasmHistogramModule.ts), so nothing is copied. If the
// heap cannot be imported (a threaded build shares its memory), the same loop runs in JS over views
// of the heap, like tfjs-backend-wasm's own Fill kernel. Views are made per call: the heap's
// ArrayBuffer is replaced whenever memory grows.
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { accumulateHistogram, histogramInputs, HISTOGRAM_KERNEL_NAME, totalBins, type HistogramAttrs } from './histogramSpec.ts';
import { histogramFunctionFor, isWasmMemory, type HistogramFn, type WasmMemoryLike } from './wasmHistogramModule.ts';

/** The part of tfjs-backend-wasm's BackendWasm this kernel uses. */
interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array; asm?: { memory?: WasmMemoryLike }; _malloc(bytes: number): number; _free(ptr: number): void };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

function size(t: TensorInfo): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

function wasmHistogram(backend: WasmBackendLike): HistogramFn | null {
  const memory = backend.wasm.asm?.memory;
  if (!isWasmMemory(memory)) return null;
  try {
    return histogramFunctionFor(memory);
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
  const { codes, rows, grad, hess } = histogramInputs(args.inputs);
  const bins = totalBins(attrs);
  const output = backend.makeOutput([bins, 3], 'float32');
  const at = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
  const hist = wasmHistogram(backend);
  let acc: Float64Array;
  if (hist) {
    const accBytes = bins * 24;
    const scratch = backend.wasm._malloc(accBytes + attrs.numFeatures * 4) >>> 0;
    try {
      // malloc may grow memory: take views only after it.
      const heap = backend.wasm.HEAPU8.buffer;
      new Float64Array(heap, scratch, bins * 3).fill(0);
      const offsets = new Int32Array(heap, scratch + accBytes, attrs.numFeatures);
      for (let f = 0; f < attrs.numFeatures; f++) offsets[f] = attrs.binOffsets[f] * 24;
      hist(at(codes), attrs.rowStride, attrs.numFeatures, scratch + accBytes, at(rows), size(rows), at(grad), at(hess), scratch);
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
