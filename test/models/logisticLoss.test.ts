// The boosting loss pass against the textbook formulas, row by row.
import { describe, expect, it } from 'vitest';
import { logisticLoss } from '../../src/core/models/gbdt/logisticLoss.ts';
import { createRng } from '../../src/core/models/random.ts';

describe('logisticLoss', () => {
  const rng = createRng(3);
  const n = 3000; // several 512-row blocks and a partial one
  const raw = Float64Array.from({ length: n }, () => (rng() - 0.5) * 40); // includes |z| up to 20
  const y = Uint8Array.from({ length: n }, () => (rng() < 0.3 ? 1 : 0));
  const weights = { neg: 0.7, pos: 2.5 };

  it('equals Σ w·(−y·log p − (1−y)·log(1−p)) / Σ w, with exact gradients and hessians', () => {
    const grad = new Float32Array(n);
    const hess = new Float32Array(n);
    const got = logisticLoss(raw, raw.map((z) => Math.exp(-z)), y, weights, grad, hess);
    let loss = 0;
    let wSum = 0;
    let gSum = 0;
    let hSum = 0;
    for (let i = 0; i < n; i++) {
      const w = y[i] ? weights.pos : weights.neg;
      const p = 1 / (1 + Math.exp(-raw[i]));
      loss += w * (Math.log1p(Math.exp(-Math.abs(raw[i]))) + Math.max(raw[i], 0) - y[i] * raw[i]);
      wSum += w;
      expect(grad[i]).toBeCloseTo(w * (p - y[i]), 6);
      expect(hess[i]).toBeCloseTo(w * p * (1 - p), 6);
      gSum += grad[i];
      hSum += hess[i];
    }
    expect(got.loss).toBeCloseTo(loss / wSum, 12);
    expect(got.gradSum).toBeCloseTo(gSum, 9);
    expect(got.hessSum).toBeCloseTo(hSum, 9);
  });

  it('saturated scores (|z| up to 800, e^{−z} = ∞ or 0) give finite losses and gradients in [−w, w]', () => {
    const z = Float64Array.from([800, -800, 800, -800]);
    const grad = new Float32Array(4);
    const hess = new Float32Array(4);
    const got = logisticLoss(z, z.map((v) => Math.exp(-v)), Uint8Array.from([1, 0, 0, 1]), { neg: 1, pos: 1 }, grad, hess);
    expect(got.loss).toBeCloseTo((0 + 0 + 800 + 800) / 4, 9);
    expect([...grad]).toEqual([0, 0, 1, -1]);
    expect([...hess]).toEqual([0, 0, 0, 0]);
  });

  it('at z = 0 the loss is ln 2 whatever the labels', () => {
    expect(logisticLoss(new Float64Array(5), new Float64Array(5).fill(1), Uint8Array.from([1, 0, 1, 0, 0]), { neg: 1, pos: 3 }).loss).toBeCloseTo(Math.LN2, 15);
  });
});
