// Histogram kernel for tfjs's webgpu backend, in WGSL.
//
// One workgroup per (chunk of rows, feature): its 256 threads stride over the chunk and add into a
// workgroup-local histogram (fast shared-memory atomics), then flush the non-empty bins into the
// global output once. A naive "one global atomic per row and feature" kernel serialises on the few
// bins of low-cardinality features (is_night has 2), which is the common case here.
// WGSL has atomic add for integers only, so float sums use compare-exchange on the bit pattern, the
// same trick as tfjs's own bincount kernel; the order of float additions, and so the last bits of a
// sum, may vary from run to run.
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { histogramInputs, HISTOGRAM_KERNEL_NAME, totalBins, type HistogramAttrs } from './histogramSpec.ts';

const WORKGROUP = 256;
/** Rows per workgroup and feature before the grid widens; keeps the global flushes few. */
const ROWS_PER_GROUP = 4096;
const MAX_GROUPS_X = 256;

/** The part of tfjs-backend-webgpu's WebGPUBackend this kernel uses. */
interface WebGpuBackendLike {
  makeTensorInfo(shape: number[], dtype: 'float32', values?: Float32Array): TensorInfo;
  runWebGPUProgram(program: HistogramProgram, inputs: TensorInfo[], outputDtype: 'float32', uniforms?: unknown, output?: TensorInfo): TensorInfo;
}

const atomicAddF32 = (ptr: string, value: string) => `
  {
    var old = atomicLoad(${ptr});
    loop {
      let next = bitcast<i32>(bitcast<f32>(old) + ${value});
      let res = atomicCompareExchangeWeak(${ptr}, old, next);
      if (res.exchanged) { break; }
      old = res.old_value;
    }
  }`;

/** Implements tfjs-backend-webgpu's WebGPUProgram interface (structurally; it is not exported as a class). */
export class HistogramProgram {
  readonly variableNames = ['codes', 'rows', 'grad', 'hess'];
  readonly outputShape: number[];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly dispatchLayout = { x: [0], y: [1] };
  dispatch: [number, number, number];
  shaderKey: string;
  readonly atomic = true;
  private readonly offsets: readonly number[];

  constructor(attrs: HistogramAttrs, rowCount: number) {
    this.offsets = attrs.binOffsets;
    this.outputShape = [totalBins(attrs), 3];
    const groupsX = Math.min(MAX_GROUPS_X, Math.max(1, Math.ceil(rowCount / ROWS_PER_GROUP)));
    this.dispatch = [groupsX, attrs.numFeatures, 1];
    this.shaderKey = `intentLabHistogram_${attrs.binOffsets.join('_')}`;
  }

  getUserCode(): string {
    const n = this.offsets.length;
    return `
  var<private> binOffsets: array<i32, ${n}> = array<i32, ${n}>(${this.offsets.join(', ')});
  var<workgroup> localG: array<atomic<i32>, 256>;
  var<workgroup> localH: array<atomic<i32>, 256>;
  var<workgroup> localC: array<atomic<i32>, 256>;

  fn main() {
    let f = i32(workgroupId.y);
    let lid = i32(localId.x);
    atomicStore(&localG[lid], 0);
    atomicStore(&localH[lid], 0);
    atomicStore(&localC[lid], 0);
    workgroupBarrier();

    let m = uniforms.rowsShape;
    let wordsPerRow = uniforms.codesShape.y;
    let word = f / 4;
    let shift = u32((f % 4) * 8);
    let stride = i32(numWorkgroups.x) * ${WORKGROUP};
    for (var i = i32(workgroupId.x) * ${WORKGROUP} + lid; i < m; i = i + stride) {
      let r = rows[i];
      let code = i32((u32(codes[r * wordsPerRow + word]) >> shift) & 255u);
      ${atomicAddF32('&localG[code]', 'grad[r]')}
      ${atomicAddF32('&localH[code]', 'hess[r]')}
      atomicAdd(&localC[code], 1);
    }
    workgroupBarrier();

    let nb = binOffsets[f + 1] - binOffsets[f];
    if (lid < nb) {
      let c = atomicLoad(&localC[lid]);
      if (c != 0) {
        let o = (binOffsets[f] + lid) * 3;
        let g = bitcast<f32>(atomicLoad(&localG[lid]));
        let h = bitcast<f32>(atomicLoad(&localH[lid]));
        ${atomicAddF32('&result[o]', 'g')}
        ${atomicAddF32('&result[o + 1]', 'h')}
        ${atomicAddF32('&result[o + 2]', 'f32(c)')}
      }
    }
  }
`;
  }
}

export function histogramWebGpuKernel(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = args.backend as WebGpuBackendLike;
  const attrs = args.attrs as unknown as HistogramAttrs;
  const { codes, rows, grad, hess } = histogramInputs(args.inputs);
  const bins = totalBins(attrs);
  // The atomic output must start at zero: a pooled GPU buffer may hold old data.
  const output = backend.makeTensorInfo([bins, 3], 'float32', new Float32Array(bins * 3));
  if (rows.shape[0] === 0) return output;
  return backend.runWebGPUProgram(new HistogramProgram(attrs, rows.shape[0]), [codes, rows, grad, hess], 'float32', [], output);
}

export const histogramWebGpuConfig: KernelConfig = {
  kernelName: HISTOGRAM_KERNEL_NAME,
  backendName: 'webgpu',
  kernelFunc: histogramWebGpuKernel as unknown as KernelConfig['kernelFunc'],
};
