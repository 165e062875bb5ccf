// Binning and single trees on tiny data, against values derived by hand.
import { describe, expect, it } from 'vitest';
import { binOf, binRows, fitThresholds } from '../../src/core/models/gbdt/binning.ts';
import { findBestSplit } from '../../src/core/models/gbdt/splitFinder.ts';
import { growTree, partitionRows, type TreeParams } from '../../src/core/models/gbdt/tree.ts';
import { accumulateHistogram } from '../../src/core/models/gbdt/histogramKernels/histogramSpec.ts';
import { allRows } from '../../src/core/models/split.ts';

describe('binning', () => {
  it('few distinct values: thresholds are the midpoints between them', () => {
    const col = Float64Array.from([3, 1, 2, 2, 10, 1]);
    expect(fitThresholds(col, allRows(6), 255)).toEqual([1.5, 2.5, 6.5]);
  });
  it('many values: midpoint-method percentiles (numpy), one per 1/maxBins', () => {
    const col = Float64Array.from({ length: 11 }, (_, i) => i * 10); // 0, 10, …, 100
    // maxBins 4 → percentiles 25, 50, 75 of 11 sorted values: indices 2.5, 5, 7.5 → 25, 50, 75
    expect(fitThresholds(col, allRows(11), 4)).toEqual([25, 50, 75]);
  });
  it('code = number of thresholds below the value; x equal to a threshold goes low; NaN is 0', () => {
    const t = [1.5, 2.5, 6.5];
    expect([0, 1.5, 1.6, 2.5, 7, 1e9, NaN].map((x) => binOf(t, x))).toEqual([0, 0, 1, 1, 3, 3, 0]);
  });
  it('infinite values do not produce infinite thresholds', () => {
    expect(fitThresholds(Float64Array.from([1, 2, Infinity]), allRows(3), 255)).toEqual([1.5]);
  });
  it('binRows packs row-major codes with rows padded to 4 bytes and per-feature bin offsets', () => {
    const cols = [Float64Array.from([1, 2, 3]), Float64Array.from([5, 5, 6])];
    const b = binRows(cols, Int32Array.from([2, 0]), [[1.5, 2.5], [5.5]]);
    expect(b.rowStride).toBe(4);
    expect([...b.codes]).toEqual([2, 1, 0, 0, 0, 0, 0, 0]);
    expect(b.binCounts).toEqual([3, 2]);
    expect(b.binOffsets).toEqual([0, 3, 5]);
    expect(b.columns.map((c) => [...c])).toEqual([[2, 0], [1, 0]]);
  });
});

describe('partitionRows', () => {
  it('is stable: codes ≤ bin first, each side in its original order', () => {
    const b = binRows([Float64Array.from([0, 5, 1, 6, 2, 7])], allRows(6), [[0.5, 1.5, 2.5, 5.5, 6.5]]);
    const order = Int32Array.from([5, 4, 3, 2, 1, 0]);
    const mid = partitionRows(b, order, new Int32Array(6), 0, 6, 0, 2);
    expect(mid).toBe(3);
    expect([...order]).toEqual([4, 2, 0, 5, 3, 1]);
  });
});

const params: TreeParams = { l2: 1, minChildWeight: 1e-3, minSamplesLeaf: 1, minGainToSplit: 0, maxLeaves: 2, maxDepth: null, learningRate: 0.1 };

/** Rows 0..5: x = 1..6, label 1 from x = 4 on; a weaker second feature (x2 separates 2 of 6). */
function tinyProblem() {
  const cols = [Float64Array.from([1, 2, 3, 4, 5, 6]), Float64Array.from([0, 0, 1, 1, 1, 1])];
  const thresholds = cols.map((c) => fitThresholds(c, allRows(6), 255));
  const binned = binRows(cols, allRows(6), thresholds);
  // Gradients at p = 0.5: g = p − y = ±0.5, h = p(1 − p) = 0.25.
  const y = [0, 0, 0, 1, 1, 1];
  const grad = Float32Array.from(y, (v) => 0.5 - v);
  const hess = new Float32Array(6).fill(0.25);
  const histogram = async (rows: Int32Array) => {
    const out = new Float64Array(binned.binOffsets[2] * 3);
    accumulateHistogram(binned.codes, binned.rowStride, 2, binned.binOffsets, rows, grad, hess, out);
    return out;
  };
  return { cols, thresholds, binned, histogram };
}

describe('a single tree, derived by hand', () => {
  it('splits x at 3.5 with gain ½(1.5²/1.75 + 1.5²/1.75) and leaf values ∓0.1·1.5/1.75', async () => {
    const { thresholds, binned, histogram } = tinyProblem();
    const order = allRows(6);
    const { tree, leaves } = await growTree({ binned, thresholds, order, scratch: new Int32Array(6), rootTotals: { grad: 0, hess: 1.5, count: 6 }, histogram }, params);
    expect(tree.feature).toEqual([0, -1, -1]);
    expect(tree.threshold[0]).toBe(3.5);
    expect(tree.bin[0]).toBe(2);
    expect(tree.gain[0]).toBeCloseTo(0.5 * (2.25 / 1.75 + 2.25 / 1.75), 12);
    expect(tree.value[0]).toBe(0);
    expect(tree.value[1]).toBeCloseTo(-0.1 * (1.5 / 1.75), 12);
    expect(tree.value[2]).toBeCloseTo(0.1 * (1.5 / 1.75), 12);
    expect(tree.count).toEqual([6, 3, 3]);
    expect(leaves).toEqual([{ node: 1, start: 0, end: 3 }, { node: 2, start: 3, end: 6 }]);
    expect([...order]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('the second feature is the runner-up: gain ½(1²/1.5 + 1²/2) on its own, less than the first', async () => {
    const { binned, histogram } = tinyProblem();
    const hist = await histogram(allRows(6));
    const totals = { grad: 0, hess: 1.5, count: 6 };
    const best = findBestSplit(hist, binned.binOffsets, totals, params);
    // Feature 1 alone (its slice of the histogram): x2 = 0 holds rows 0, 1 (G = 1, H = 0.5), the rest G = −1, H = 1.
    const second = findBestSplit(hist.subarray(binned.binOffsets[1] * 3), [0, binned.binCounts[1]], totals, params);
    expect(second?.gain).toBeCloseTo(0.5 * (1 / 1.5 + 1 / 2), 12);
    expect(best?.feature).toBe(0);
    expect(best?.gain).toBeGreaterThan(second?.gain ?? Infinity);
  });

  it('minSamplesLeaf 4 forbids every split of 6 rows', async () => {
    const { thresholds, binned, histogram } = tinyProblem();
    const { tree } = await growTree({ binned, thresholds, order: allRows(6), scratch: new Int32Array(6), rootTotals: { grad: 0, hess: 1.5, count: 6 }, histogram }, { ...params, minSamplesLeaf: 4 });
    expect(tree.feature).toEqual([-1]);
  });

  it('maxLeaves 3 splits the better child next (a pure child has nothing to gain)', async () => {
    const { thresholds, binned, histogram } = tinyProblem();
    const { tree } = await growTree({ binned, thresholds, order: allRows(6), scratch: new Int32Array(6), rootTotals: { grad: 0, hess: 1.5, count: 6 }, histogram }, { ...params, maxLeaves: 3 });
    // Both children are pure (all g equal), so any further split has zero gain and is refused.
    expect(tree.feature).toEqual([0, -1, -1]);
  });
});
