// One place that registers the histogram kernel for every backend that has one. Guarded with
// tf.getKernel because registering the same kernel twice throws (hot reload, a second model run).
import type { Tf } from '../../backend.ts';
import { histogramCpuConfig } from './cpuKernel.ts';
import { histogramWasmConfig } from './wasmKernel.ts';
import { histogramWebGpuConfig } from './webgpuKernel.ts';
import { HISTOGRAM_KERNEL_NAME } from './histogramSpec.ts';

const CONFIGS = [histogramCpuConfig, histogramWasmConfig, histogramWebGpuConfig];

export function registerHistogramKernels(tf: Tf): void {
  for (const config of CONFIGS) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
}

/** Whether the active backend runs our kernel (else the composite of stock ops is used). */
export function hasHistogramKernel(tf: Tf, backend: string = tf.getBackend()): boolean {
  return tf.getKernel(HISTOGRAM_KERNEL_NAME, backend) !== undefined;
}
