// Logistic loss, gradients and hessians of raw scores (log-odds), the per-round O(rows) pass of
// boosting. Weights are per class, so the loss splits into per-class sums.
//
// Per row: e = exp(−|z|), d = 1 + e; loss = log d + max(z, 0) − y·z (exact where log p underflows);
// p = (z ≥ 0 ? 1 : e) / d. The log is the expensive part (log1p cost 37 % of this loop in V8), so
// Σ log d is taken as log of running products, one log per 512 rows: d ∈ (1, 2], so a block's product
// stays below 2^512 and its rounding error (~512 ulp) is far below the loss's own precision.
import type { ClassWeights } from '../split.ts';

const BLOCK = 512;

export interface LossSums {
  /** Weighted mean log loss. */
  readonly loss: number;
  /** Σ gradient and Σ hessian (the root node's totals); 0 when gradients were not asked for. */
  readonly gradSum: number;
  readonly hessSum: number;
}

export function logisticLoss(raw: Float64Array, y: Uint8Array, weights: ClassWeights, grad?: Float32Array, hess?: Float32Array): LossSums {
  const { pos: wPos, neg: wNeg } = weights;
  let prodPos = 1;
  let prodNeg = 1;
  let logPos = 0;
  let logNeg = 0;
  let linear = 0;
  let nPos = 0;
  let gradSum = 0;
  let hessSum = 0;
  const withGradients = grad !== undefined && hess !== undefined;
  let untilLog = BLOCK;
  for (let i = 0; i < raw.length; i++) {
    const z = raw[i];
    const e = Math.exp(-Math.abs(z));
    const d = 1 + e;
    const zPlus = z > 0 ? z : 0;
    const positive = y[i] === 1;
    if (positive) {
      prodPos *= d;
      linear += wPos * (zPlus - z);
      nPos++;
    } else {
      prodNeg *= d;
      linear += wNeg * zPlus;
    }
    if (--untilLog === 0) {
      logPos += Math.log(prodPos);
      logNeg += Math.log(prodNeg);
      prodPos = 1;
      prodNeg = 1;
      untilLog = BLOCK;
    }
    if (withGradients) {
      const p = (z >= 0 ? 1 : e) / d;
      const w = positive ? wPos : wNeg;
      const g = w * (positive ? p - 1 : p);
      const h = w * p * (1 - p);
      grad[i] = g;
      hess[i] = h;
      gradSum += Math.fround(g);
      hessSum += Math.fround(h);
    }
  }
  logPos += Math.log(prodPos);
  logNeg += Math.log(prodNeg);
  const totalWeight = wPos * nPos + wNeg * (raw.length - nPos);
  return { loss: totalWeight === 0 ? NaN : (wPos * logPos + wNeg * logNeg + linear) / totalWeight, gradSum, hessSum };
}
