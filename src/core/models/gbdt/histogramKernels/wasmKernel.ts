// Histogram kernel for tfjs's wasm backend: tensors live in the wasm heap, so the kernel views them
// there (like tfjs-backend-wasm's own Fill kernel, a JS loop over the heap) and writes its output into
// a heap tensor. Views are made per call: the heap's ArrayBuffer is replaced whenever memory grows.
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { accumulateHistogram, histogramInputs, HISTOGRAM_KERNEL_NAME, totalBins, type HistogramAttrs } from './histogramSpec.ts';

/** The part of tfjs-backend-wasm's BackendWasm this kernel uses. */
interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

function size(t: TensorInfo): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

export function histogramWasmKernel(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const attrs = args.attrs as unknown as HistogramAttrs;
  const { codes, rows, grad, hess } = histogramInputs(args.inputs);
  const output = backend.makeOutput([totalBins(attrs), 3], 'float32');
  const heap = backend.wasm.HEAPU8.buffer;
  const at = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
  const acc = new Float64Array(totalBins(attrs) * 3);
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
  new Float32Array(heap, at(output), acc.length).set(acc);
  return output;
}

export const histogramWasmConfig: KernelConfig = {
  kernelName: HISTOGRAM_KERNEL_NAME,
  backendName: 'wasm',
  kernelFunc: histogramWasmKernel as unknown as KernelConfig['kernelFunc'],
};
