// Best split of one node from its histogram: scan each feature's bins left to right, the left child
// takes codes ≤ b. Second-order gain as in XGBoost/LightGBM; near-ties go to the lower feature index
// and the lower bin, so the result is a pure function of the histogram and robust to float noise.

export interface SplitParams {
  /** L2 penalty λ on leaf values: a leaf's value is −G / (H + λ). */
  readonly l2: number;
  /** Minimum hessian sum in each child. */
  readonly minChildWeight: number;
  /** Minimum rows in each child. */
  readonly minSamplesLeaf: number;
  /** A split must gain strictly more than this. */
  readonly minGainToSplit: number;
}

export interface NodeTotals {
  readonly grad: number;
  readonly hess: number;
  readonly count: number;
}

export interface SplitCandidate {
  readonly feature: number;
  /** Rows with code ≤ bin go left. */
  readonly bin: number;
  readonly gain: number;
  readonly left: NodeTotals;
  readonly right: NodeTotals;
}

/** Loss reduction score of a node with these sums: G² / (H + λ). */
function score(grad: number, hess: number, l2: number): number {
  return (grad * grad) / (hess + l2);
}

export function leafValue(t: NodeTotals, l2: number): number {
  const den = t.hess + l2;
  // + 0 turns −0 (from G = 0) into 0, so saved trees do not carry negative zeros.
  return den > 0 ? -t.grad / den + 0 : 0;
}

/**
 * Gains this close count as a tie, broken towards the lower feature (then the lower bin). Session
 * features often hold the same partition twice (cart_count ≤ 0 is carts_per_view ≤ 0), whose gains
 * differ only by float rounding; backends that sum histograms in another order (float32 on the GPU)
 * would otherwise pick either one, and grow different trees from the same data.
 */
export function tieTolerance(bestGain: number): number {
  return 1e-4 * Math.abs(bestGain) + 1e-12;
}

/** hist: (Σgrad, Σhess, count) per bin, bins of feature f at [binOffsets[f], binOffsets[f+1]). */
export function findBestSplit(hist: Float64Array, binOffsets: readonly number[], totals: NodeTotals, params: SplitParams): SplitCandidate | null {
  const { l2, minChildWeight, minSamplesLeaf, minGainToSplit } = params;
  const parentScore = score(totals.grad, totals.hess, l2);
  const numFeatures = binOffsets.length - 1;
  const perFeature: (SplitCandidate | null)[] = [];
  let bestGain = -Infinity;
  for (let f = 0; f < numFeatures; f++) {
    let gl = 0;
    let hl = 0;
    let cl = 0;
    let best: SplitCandidate | null = null;
    const first = binOffsets[f];
    const last = binOffsets[f + 1] - 1;
    for (let o = first; o < last; o++) {
      gl += hist[o * 3];
      hl += hist[o * 3 + 1];
      cl += hist[o * 3 + 2];
      const cr = totals.count - cl;
      if (cl < minSamplesLeaf || hl < minChildWeight) continue;
      if (cr < minSamplesLeaf) break;
      const hr = totals.hess - hl;
      if (hr < minChildWeight) continue;
      const gr = totals.grad - gl;
      const gain = 0.5 * (score(gl, hl, l2) + score(gr, hr, l2) - parentScore);
      if (gain > minGainToSplit && (best === null || gain > best.gain + tieTolerance(best.gain))) {
        best = { feature: f, bin: o - first, gain, left: { grad: gl, hess: hl, count: cl }, right: { grad: gr, hess: hr, count: cr } };
      }
    }
    perFeature.push(best);
    if (best && best.gain > bestGain) bestGain = best.gain;
  }
  return perFeature.find((c) => c !== null && c.gain >= bestGain - tieTolerance(bestGain)) ?? null;
}
