// The GBDT histogram op, shared by every backend's kernel: for the rows of one tree node, sum the
// gradient, the hessian and the row count per (feature, bin).
//
// Inputs (tfjs has no uint8 dtype, so bin codes travel packed, four to an int32):
//   codes  int32 [nRows, rowStride / 4]  row-major bin codes, one byte per feature, rows padded to 4 bytes
//   rows   int32 [m]                     the node's row numbers
//   grad   float32 [nRows], hess float32 [nRows]
//   codesByColumn (optional) int32 [ceil(numFeatures · nRows / 4)]  the same codes column by column;
//          a kernel may use it for nodes whose rows are scattered (see wasmKernel.ts)
// Attributes: numFeatures, rowStride (bytes per row), binOffsets (numFeatures + 1 ints: feature f owns
// output bins [binOffsets[f], binOffsets[f+1]), so features with few distinct values take little room).
// Output: float32 [binOffsets[numFeatures], 3] = (Σ grad, Σ hess, count) per bin.

export const HISTOGRAM_KERNEL_NAME = 'IntentLabGbdtHistogram';

export interface HistogramAttrs {
  readonly numFeatures: number;
  readonly rowStride: number;
  readonly binOffsets: readonly number[];
}

/** Bytes per packed row: features rounded up to whole int32 words. */
export function rowStrideFor(numFeatures: number): number {
  return Math.max(4, Math.ceil(numFeatures / 4) * 4);
}

export function totalBins(attrs: HistogramAttrs): number {
  return attrs.binOffsets[attrs.numFeatures];
}

/**
 * The reference loop every cpu-side kernel runs: accumulates into `out` (Float64, length
 * totalBins × 3). Row-major codes measured fastest in V8: one row's codes share a cache line, and
 * per-feature passes over column-major codes were 1.5–2× slower on 800K × 17 (bench/trainHistogram.ts).
 */
export function accumulateHistogram(
  codes: Uint8Array,
  rowStride: number,
  numFeatures: number,
  binOffsets: ArrayLike<number>,
  rows: Int32Array,
  grad: Float32Array,
  hess: Float32Array,
  out: Float64Array,
): void {
  const offsets = Int32Array.from(binOffsets);
  const m = rows.length;
  for (let i = 0; i < m; i++) {
    const r = rows[i];
    const base = r * rowStride;
    const g = grad[r];
    const h = hess[r];
    for (let f = 0; f < numFeatures; f++) {
      const o = (offsets[f] + codes[base + f]) * 3;
      out[o] += g;
      out[o + 1] += h;
      out[o + 2] += 1;
    }
  }
}

/** The op's output as float32, which is what every backend returns. */
export function histogramOnCpu(
  codes: Uint8Array,
  rows: Int32Array,
  grad: Float32Array,
  hess: Float32Array,
  attrs: HistogramAttrs,
): Float32Array {
  const acc = new Float64Array(totalBins(attrs) * 3);
  accumulateHistogram(codes, attrs.rowStride, attrs.numFeatures, attrs.binOffsets, rows, grad, hess, acc);
  return Float32Array.from(acc);
}

/** View the bytes of an int32 array (the packed codes) without copying. */
export function bytesOf(words: Int32Array): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

export interface HistogramInputs<T> {
  readonly codes: T;
  readonly rows: T;
  readonly grad: T;
  readonly hess: T;
  readonly codesByColumn?: T;
}

/** The named inputs of a kernel call, checked once for every backend. */
export function histogramInputs<T>(inputs: Partial<Record<string, T>>): HistogramInputs<T> {
  const { codes, rows, grad, hess, codesByColumn } = inputs;
  if (!codes || !rows || !grad || !hess) throw new Error(`${HISTOGRAM_KERNEL_NAME} needs inputs codes, rows, grad and hess`);
  return { codes, rows, grad, hess, ...(codesByColumn ? { codesByColumn } : {}) };
}

/** Column-major codes packed into int32 words (the optional codesByColumn input). */
export function packColumns(columns: readonly Uint8Array[], nRows: number): Int32Array {
  const bytes = new Uint8Array(Math.ceil((columns.length * nRows) / 4) * 4);
  columns.forEach((c, f) => bytes.set(c, f * nRows));
  return new Int32Array(bytes.buffer);
}
