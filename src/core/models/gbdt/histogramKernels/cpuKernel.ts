// Histogram kernel for tfjs's cpu backend: tensors there are plain typed arrays, so the kernel reads
// them in place and runs the reference loop.
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { bytesOf, histogramInputs, histogramOnCpu, HISTOGRAM_KERNEL_NAME, totalBins, type HistogramAttrs } from './histogramSpec.ts';

/** The part of tfjs-backend-cpu's MathBackendCPU this kernel uses. */
interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

function values<T>(backend: CpuBackendLike, t: TensorInfo): T {
  return backend.data.get(t.dataId).values as T;
}

export function histogramCpuKernel(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const attrs = args.attrs as unknown as HistogramAttrs;
  const { codes, rows, grad, hess } = histogramInputs(args.inputs);
  const out = histogramOnCpu(
    bytesOf(values<Int32Array>(backend, codes)),
    values<Int32Array>(backend, rows),
    values<Float32Array>(backend, grad),
    values<Float32Array>(backend, hess),
    attrs,
  );
  return backend.makeTensorInfo([totalBins(attrs), 3], 'float32', out);
}

export const histogramCpuConfig: KernelConfig = {
  kernelName: HISTOGRAM_KERNEL_NAME,
  backendName: 'cpu',
  kernelFunc: histogramCpuKernel as unknown as KernelConfig['kernelFunc'],
};
