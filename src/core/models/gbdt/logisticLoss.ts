// Logistic loss, gradients and hessians of raw scores (log-odds), the per-round O(rows) pass of
// boosting. Weights are per class, so the loss splits into per-class sums.
//
// Two costs dominated this loop in V8: exp and log (≈ 50 ns per row on 800K rows). So:
// - the caller keeps E = e^{−z} per row and multiplies it by e^{−v} when a tree adds v to z (one exp
//   per leaf, not per row; the product drifts by ~1e-14 relative over hundreds of trees);
// - Σ log(1 + e^{−|z|}) is taken as the log of running products, one log per 512 rows: each factor is
//   in (1, 2], so a block's product stays below 2^512 and its rounding (~512 ulp) is negligible.
// Per row then: a = e^{−|z|} (E, or 1/E when z < 0), d = 1 + a, p = (z ≥ 0 ? 1 : a) / d,
// loss = log d + max(z, 0) − y·z.
import type { ClassWeights } from '../split.ts';

const BLOCK = 512;

export interface LossSums {
  /** Weighted mean log loss. */
  readonly loss: number;
  /** Σ gradient and Σ hessian (the root node's totals, summed as the float32 values stored); 0 without gradients. */
  readonly gradSum: number;
  readonly hessSum: number;
}

/** raw: log-odds z; expNegRaw: e^{−z} for the same rows. */
export function logisticLoss(raw: Float64Array, expNegRaw: Float64Array, y: Uint8Array, weights: ClassWeights, grad?: Float32Array, hess?: Float32Array): LossSums {
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
    const a = z >= 0 ? expNegRaw[i] : 1 / expNegRaw[i];
    const d = 1 + a;
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
      const p = (z >= 0 ? 1 : a) / d;
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
