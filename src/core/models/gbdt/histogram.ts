// Device-side histogram building for one boosting run. The binned matrix goes to the backend once;
// each round uploads that round's gradients and hessians; each node uploads only its row list and
// reads back a (bins × 3) histogram (~13K floats for 17 features), whatever the number of rows.
// The backend's own kernel (histogramKernels/) runs when registered, else the composite of stock ops.
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from '../backend.ts';
import type { BinnedRows } from './binning.ts';
import { compositeHistogram } from './histogramKernels/compositeHistogram.ts';
import { HISTOGRAM_KERNEL_NAME, packColumns, type HistogramAttrs } from './histogramKernels/histogramSpec.ts';
import { hasHistogramKernel, registerHistogramKernels } from './histogramKernels/registerHistogramKernels.ts';

export type HistogramPath = 'kernel' | 'composite';

export class HistogramBuilder {
  readonly path: HistogramPath;
  private readonly attrs: HistogramAttrs;
  private readonly bins: number;
  private codes: Tensor2D | null = null;
  /** wasm only: the codes column by column, for nodes with scattered rows (see wasmKernel.ts). */
  private codesByColumn: Tensor1D | null = null;
  private offsets: Tensor1D | null = null;
  private grad: Tensor1D | null = null;
  private hess: Tensor1D | null = null;
  private readonly syncRead: boolean;

  constructor(
    private readonly tf: Tf,
    binned: BinnedRows,
    forcePath?: HistogramPath,
  ) {
    registerHistogramKernels(tf);
    this.path = forcePath ?? (hasHistogramKernel(tf) ? 'kernel' : 'composite');
    this.syncRead = tf.getBackend() === 'cpu' || tf.getBackend() === 'wasm';
    this.attrs = { numFeatures: binned.numFeatures, rowStride: binned.rowStride, binOffsets: [...binned.binOffsets] };
    this.bins = binned.binOffsets[binned.numFeatures];
    if (this.path === 'kernel') {
      const words = new Int32Array(binned.codes.buffer, binned.codes.byteOffset, binned.codes.byteLength / 4);
      this.codes = tf.tensor2d(words, [binned.nRows, binned.rowStride / 4], 'int32');
      if (tf.getBackend() === 'wasm') this.codesByColumn = tf.tensor1d(packColumns(binned.columns, binned.nRows), 'int32');
    } else {
      const unpacked = new Int32Array(binned.nRows * binned.numFeatures);
      for (let r = 0; r < binned.nRows; r++) {
        for (let f = 0; f < binned.numFeatures; f++) unpacked[r * binned.numFeatures + f] = binned.codes[r * binned.rowStride + f];
      }
      this.codes = tf.tensor2d(unpacked, [binned.nRows, binned.numFeatures], 'int32');
      this.offsets = tf.tensor1d(binned.binOffsets.slice(0, binned.numFeatures), 'int32');
    }
  }

  /** Upload this round's gradients; the arrays must not be modified afterwards (the cpu backend keeps them). */
  setGradients(grad: Float32Array, hess: Float32Array): void {
    this.grad?.dispose();
    this.hess?.dispose();
    this.grad = this.tf.tensor1d(grad, 'float32');
    this.hess = this.tf.tensor1d(hess, 'float32');
  }

  /** Histogram of these rows (indices into the binned matrix) as Float64 (Σgrad, Σhess, count) per bin. */
  async build(rows: Int32Array): Promise<Float64Array> {
    const { tf } = this;
    if (!this.codes || !this.grad || !this.hess) throw new Error('HistogramBuilder: setGradients() before build(), and not after dispose()');
    const rowTensor = tf.tensor1d(rows, 'int32');
    let out: Tensor;
    try {
      out =
        this.path === 'kernel'
          ? (tf.engine().runKernel(
              HISTOGRAM_KERNEL_NAME,
              { codes: this.codes, rows: rowTensor, grad: this.grad, hess: this.hess, ...(this.codesByColumn ? { codesByColumn: this.codesByColumn } : {}) },
              { ...this.attrs, binOffsets: [...this.attrs.binOffsets] },
            ) as Tensor)
          : compositeHistogram(tf, this.codes, this.offsets as Tensor1D, rowTensor, this.grad, this.hess, this.bins);
    } finally {
      rowTensor.dispose();
    }
    // cpu and wasm read back synchronously and cheaply; only GPU backends need the async read.
    const values = (this.syncRead ? out.dataSync() : await out.data()) as Float32Array;
    out.dispose();
    return Float64Array.from(values);
  }

  dispose(): void {
    for (const t of [this.codes, this.codesByColumn, this.offsets, this.grad, this.hess]) t?.dispose();
    this.codes = this.offsets = this.grad = this.hess = null;
    this.codesByColumn = null;
  }
}
