// Classification metrics, defined as sklearn defines them so numbers can be checked against it.
// A row is predicted positive when its score is ≥ the threshold.
import { assertAligned, rankScores, type ScoreRanking } from './ranking.ts';

/**
 * ROC-AUC as the trapezoid under the ROC curve over distinct thresholds, which equals the
 * Mann–Whitney U statistic with tied scores counted as half a win. NaN when a class is absent.
 */
export function rocAuc(ranking: ScoreRanking): number {
  const { positives: p, negatives: n, steps } = ranking;
  if (p === 0 || n === 0) return NaN;
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (const s of steps) {
    area += (s.fp - prevFp) * (s.tp + prevTp);
    prevTp = s.tp;
    prevFp = s.fp;
  }
  return area / (2 * p * n);
}

/** Average precision, sklearn's step-wise sum Σ (Rₖ − Rₖ₋₁)·Pₖ over distinct thresholds (no interpolation). */
export function averagePrecision(ranking: ScoreRanking): number {
  const { positives: p, steps } = ranking;
  if (p === 0) return NaN;
  let ap = 0;
  let prevTp = 0;
  for (const s of steps) {
    ap += ((s.tp - prevTp) / p) * (s.tp / (s.tp + s.fp));
    prevTp = s.tp;
  }
  return ap;
}

/** The clip sklearn's log_loss uses since 1.5 (float64's machine epsilon; it was 1e-15 before). */
const LOG_LOSS_EPS = Number.EPSILON;

/** Mean binary cross-entropy with probabilities clipped to [ε, 1 − ε], ε = 2.22e-16 (as sklearn ≥ 1.5). */
export function logLoss(label: ArrayLike<number>, prob: ArrayLike<number>): number {
  assertAligned(label, prob);
  let sum = 0;
  for (let i = 0; i < label.length; i++) {
    const q = Math.min(Math.max(prob[i], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    sum -= label[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return label.length === 0 ? NaN : sum / label.length;
}

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export function confusionAt(label: ArrayLike<number>, score: ArrayLike<number>, threshold: number): Confusion {
  assertAligned(label, score);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < label.length; i++) {
    const predicted = score[i] >= threshold;
    if (label[i] === 1) predicted ? tp++ : fn++;
    else predicted ? fp++ : tn++;
  }
  return { tp, fp, tn, fn };
}

export interface ThresholdMetrics {
  readonly threshold: number;
  readonly confusion: Confusion;
  readonly accuracy: number;
  /** Of the rows flagged as buyers, the share that bought (0 when none are flagged, like sklearn's zero_division=0). */
  readonly precision: number;
  readonly recall: number;
  /** Binary F1 of the purchase class. */
  readonly f1: number;
  /** Mean of both classes' F1 weighted by their support: what the original project printed as "F1". */
  readonly weightedF1: number;
}

function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

function f1Of(tp: number, fp: number, fn: number): number {
  return ratio(2 * tp, 2 * tp + fp + fn);
}

export function metricsFromConfusion(c: Confusion, threshold: number): ThresholdMetrics {
  const n = c.tp + c.fp + c.tn + c.fn;
  const f1Pos = f1Of(c.tp, c.fp, c.fn);
  const f1Neg = f1Of(c.tn, c.fn, c.fp);
  const support1 = c.tp + c.fn;
  return {
    threshold,
    confusion: c,
    accuracy: ratio(c.tp + c.tn, n),
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, support1),
    f1: f1Pos,
    weightedF1: ratio(f1Pos * support1 + f1Neg * (n - support1), n),
  };
}

export function metricsAt(label: ArrayLike<number>, score: ArrayLike<number>, threshold: number): ThresholdMetrics {
  return metricsFromConfusion(confusionAt(label, score, threshold), threshold);
}

/**
 * The threshold (one of the scores) that maximises binary F1 on these rows; the highest such score
 * when several tie. Chosen on the rows it is reported on, so it is an optimistic, oracle figure.
 */
export function bestF1Threshold(ranking: ScoreRanking): ThresholdMetrics {
  const { positives: p, negatives: n } = ranking;
  let best = { tp: 0, fp: 0, threshold: Infinity };
  let bestF1 = -1;
  for (const s of ranking.steps) {
    const f1 = f1Of(s.tp, s.fp, p - s.tp);
    if (f1 > bestF1) {
      bestF1 = f1;
      best = s;
    }
  }
  return metricsFromConfusion({ tp: best.tp, fp: best.fp, fn: p - best.tp, tn: n - best.fp }, best.threshold);
}
