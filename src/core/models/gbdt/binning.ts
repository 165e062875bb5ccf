// Quantile binning, done once before boosting: every feature becomes a one-byte code, so histograms
// are small arrays and a split is "code ≤ bin". Thresholds follow sklearn's
// HistGradientBoostingClassifier: midpoints between distinct values when there are few, else
// midpoint-method percentiles of a ≤ 200K-row sample.
import type { FeatureColumn } from '../../features/featureTable.ts';
import { createRng, randomBelow } from '../random.ts';
import { rowStrideFor } from './histogramKernels/histogramSpec.ts';

/** At most 256 bins, so a code fits a byte. */
export const MAX_BINS = 256;
export const DEFAULT_MAX_BINS = 255;
const BINNING_SUBSAMPLE = 200_000;

/** Rows used to fit thresholds: all of them, or a seeded sample without replacement (one sample for all features). */
export function binningSample(rows: Int32Array, seed: number, max: number = BINNING_SUBSAMPLE): Int32Array {
  return sampleRows(rows, max, seed);
}

function sampleRows(rows: Int32Array, max: number, seed: number): Int32Array {
  if (rows.length <= max) return rows;
  const pool = Int32Array.from(rows);
  const rng = createRng(seed);
  for (let i = 0; i < max; i++) {
    const j = i + randomBelow(rng, pool.length - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.subarray(0, max);
}

/** numpy.percentile(values, p, method='midpoint') on sorted values. */
function percentileMidpoint(sorted: Float64Array, p: number): number {
  const index = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  return lo === hi ? sorted[lo] : (sorted[lo] + sorted[hi]) / 2;
}

/**
 * Ascending split thresholds for one column: a value x gets code = number of thresholds < x, so
 * code ≤ b ⇔ x ≤ thresholds[b]. NaN (none expected in session features) gets code 0, like −∞.
 */
export function fitThresholds(column: FeatureColumn, rows: Int32Array, maxBins: number = DEFAULT_MAX_BINS, seed = 0): number[] {
  if (!(maxBins >= 2 && maxBins <= MAX_BINS)) throw new Error(`maxBins must be in [2, ${MAX_BINS}], got ${maxBins}`);
  const sample = sampleRows(rows, BINNING_SUBSAMPLE, seed); // a no-op when rows is already a binningSample
  const values = new Float64Array(sample.length);
  let n = 0;
  for (let i = 0; i < sample.length; i++) {
    const v = column[sample[i]];
    // ±Infinity would make an infinite midpoint, which JSON cannot hold; such values land in an end bin.
    if (Number.isFinite(v)) values[n++] = v;
  }
  const sorted = values.subarray(0, n).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  if (distinct.length <= maxBins) {
    const mids: number[] = [];
    for (let i = 1; i < distinct.length; i++) mids.push((distinct[i - 1] + distinct[i]) / 2);
    return mids;
  }
  const out: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const t = percentileMidpoint(sorted, (100 * k) / maxBins);
    if (out.length === 0 || t !== out[out.length - 1]) out.push(t);
  }
  return out;
}

/** Code of one value: the number of thresholds strictly below it (0 for NaN). */
export function binOf(thresholds: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (thresholds[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A row-major matrix of bin codes for a set of rows (row i of the matrix is rows[i] of the table). */
export interface BinnedRows {
  readonly codes: Uint8Array;
  readonly nRows: number;
  readonly numFeatures: number;
  /** Bytes per row (features padded to a multiple of 4, the int32 packing the kernels read). */
  readonly rowStride: number;
  /** Bins per feature: thresholds + 1. */
  readonly binCounts: readonly number[];
  /** Feature f owns histogram bins [binOffsets[f], binOffsets[f + 1]). */
  readonly binOffsets: readonly number[];
  /**
   * The same codes column by column. Partitioning a node reads one feature for scattered rows: from
   * an 800 KB column that stays in cache, instead of one cache line per row of the row-major matrix.
   */
  readonly columns: readonly Uint8Array[];
}

export function binRows(columns: readonly FeatureColumn[], rows: Int32Array, thresholds: readonly (readonly number[])[]): BinnedRows {
  const numFeatures = columns.length;
  const rowStride = rowStrideFor(numFeatures);
  const codes = new Uint8Array(rows.length * rowStride);
  const binCounts = thresholds.map((t) => t.length + 1);
  const binOffsets = [0];
  for (const c of binCounts) binOffsets.push(binOffsets[binOffsets.length - 1] + c);
  const byColumn: Uint8Array[] = [];
  for (let f = 0; f < numFeatures; f++) {
    const col = columns[f];
    const thr = Float64Array.from(thresholds[f]);
    const out = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const code = binOf(thr, col[rows[i]]);
      out[i] = code;
      codes[i * rowStride + f] = code;
    }
    byColumn.push(out);
  }
  return { codes, nRows: rows.length, numFeatures, rowStride, binCounts, binOffsets, columns: byColumn };
}
