// Hand-computed metric values (cross-checked with sklearn 1.2.1), including tied scores.
import { describe, expect, it } from 'vitest';
import { averagePrecision, bestF1Threshold, logLoss, metricsAt, rocAuc } from '../../src/core/models/metrics.ts';
import { rankScores } from '../../src/core/models/ranking.ts';
import { calibrationBins, downsample, prCurve, rocCurve } from '../../src/core/models/curves.ts';
import { evaluateScores } from '../../src/core/models/evaluation.ts';

const rank = (y: number[], s: number[]) => rankScores(y, s);

describe('ROC-AUC (Mann–Whitney, ties count half)', () => {
  it('sklearn docs example: 0.75', () => {
    expect(rocAuc(rank([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))).toBe(0.75);
  });
  it('one tied positive/negative pair counts 0.5: 3.5 of 4 pairs', () => {
    expect(rocAuc(rank([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]))).toBe(0.875);
  });
  it('groups of ties: 16.5 of 24 pairs', () => {
    const y = [1, 1, 0, 0, 1, 0, 1, 0, 0, 0];
    const s = [0.9, 0.7, 0.7, 0.7, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1];
    expect(rocAuc(rank(y, s))).toBe(16.5 / 24);
  });
  it('all scores equal gives 0.5, a missing class gives NaN', () => {
    expect(rocAuc(rank([0, 1, 1, 0], [3, 3, 3, 3]))).toBe(0.5);
    expect(rocAuc(rank([1, 1], [0.2, 0.3]))).toBeNaN();
  });
});

describe('average precision (step-wise, no interpolation)', () => {
  it('sklearn docs example: 0.8333', () => {
    expect(averagePrecision(rank([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))).toBeCloseTo(5 / 6, 15);
  });
  it('a tie moves precision and recall in one step', () => {
    // thresholds 0.9 (P=1, R=.5), 0.5 (P=2/3, R=1) → .5·1 + .5·2/3
    expect(averagePrecision(rank([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]))).toBeCloseTo(5 / 6, 15);
  });
  it('groups of ties: .25·(1 + .5 + .5 + 4/9)', () => {
    const y = [1, 1, 0, 0, 1, 0, 1, 0, 0, 0];
    const s = [0.9, 0.7, 0.7, 0.7, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1];
    expect(averagePrecision(rank(y, s))).toBeCloseTo(0.25 * (1 + 0.5 + 0.5 + 4 / 9), 15);
  });
});

describe('threshold metrics (positive when score ≥ threshold)', () => {
  const y = [0, 1, 0, 1];
  const s = [0.5, 0.5, 0.2, 0.9];
  it('confusion, precision, recall, F1 and weighted F1 at 0.5', () => {
    const m = metricsAt(y, s, 0.5);
    expect(m.confusion).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
    expect(m.accuracy).toBe(0.75);
    expect(m.precision).toBeCloseTo(2 / 3, 15);
    expect(m.recall).toBe(1);
    expect(m.f1).toBeCloseTo(0.8, 15);
    // class 0: F1 = 2·1/(2·1 + 0 + 1) = 2/3; weighted by support 2 and 2
    expect(m.weightedF1).toBeCloseTo((0.8 * 2 + (2 / 3) * 2) / 4, 15);
  });
  it('nothing flagged: precision and F1 are 0, not NaN', () => {
    const m = metricsAt(y, s, 0.95);
    expect(m.confusion).toEqual({ tp: 0, fp: 0, tn: 2, fn: 2 });
    expect(m.precision).toBe(0);
    expect(m.f1).toBe(0);
    expect(m.weightedF1).toBeCloseTo((0 * 2 + (2 / 3) * 2) / 4, 15);
  });
  it('F1-optimal threshold picks the score 0.5 (F1 0.8 beats 2/3 at 0.9 and at 0.2)', () => {
    const b = bestF1Threshold(rank(y, s));
    expect(b.threshold).toBe(0.5);
    expect(b.f1).toBeCloseTo(0.8, 15);
  });
  it('log loss of p=(.8 for a 1, .3 for a 0) is (−ln .8 − ln .7)/2, and clips 0 and 1', () => {
    expect(logLoss([1, 0], [0.8, 0.3])).toBeCloseTo((-Math.log(0.8) - Math.log(0.7)) / 2, 15);
    // sklearn 1.6: log_loss([1, 0], [0, 0]) = 18.021826694558577 (clipped at float64's epsilon).
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(2.220446049250313e-16), 10);
    expect(logLoss([1, 0], [0, 0])).toBeCloseTo(18.021826694558577, 9);
  });
});

describe('curves', () => {
  it('ROC points step through tie groups', () => {
    expect(rocCurve(rank([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]))).toEqual([
      { fpr: 0, tpr: 0, threshold: null },
      { fpr: 0, tpr: 0.5, threshold: 0.9 },
      { fpr: 0.5, tpr: 1, threshold: 0.5 },
      { fpr: 1, tpr: 1, threshold: 0.2 },
    ]);
  });
  it('PR points', () => {
    expect(prCurve(rank([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]))).toEqual([
      { recall: 0.5, precision: 1, threshold: 0.9 },
      { recall: 1, precision: 2 / 3, threshold: 0.5 },
      { recall: 1, precision: 0.5, threshold: 0.2 },
    ]);
  });
  it('downsampling keeps ≤ max points including both ends', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => i);
    const d = downsample(pts, 200);
    expect(d.length).toBe(200);
    expect(d[0]).toBe(0);
    expect(d[199]).toBe(999);
    expect(downsample([1, 2, 3], 200)).toEqual([1, 2, 3]);
  });
  it('calibration: 10 bins, p = 1 lands in the last bin, empty bins are null', () => {
    const bins = calibrationBins([0, 1, 0, 1], [0.05, 0.15, 0.95, 1.0]);
    expect(bins.length).toBe(10);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.1, count: 1, meanPredicted: 0.05, fractionPositive: 0 });
    expect(bins[1]).toMatchObject({ count: 1, meanPredicted: 0.15, fractionPositive: 1 });
    expect(bins[5]).toMatchObject({ count: 0, meanPredicted: null, fractionPositive: null });
    expect(bins[9].count).toBe(2);
    expect(bins[9].meanPredicted).toBeCloseTo(0.975, 15);
    expect(bins[9].fractionPositive).toBe(0.5);
  });
});

describe('evaluation report', () => {
  it('bundles the numbers above for one scored set', () => {
    const r = evaluateScores([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]);
    expect(r).toMatchObject({ n: 4, pos: 2, auc: 0.875, threshold: 0.5, accuracy: 0.75, recall: 1 });
    expect(r.prAuc).toBeCloseTo(5 / 6, 15);
    expect(r.bestF1.threshold).toBe(0.5);
  });
  it('refuses labels and scores of different lengths', () => {
    expect(() => evaluateScores([0, 1], [0.5])).toThrow(/differ in length/);
  });
});
