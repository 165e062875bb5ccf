// Chart data: ROC and precision–recall points (downsampled, charts do not need 200K points) and a
// reliability diagram. The full-resolution numbers (AUC, AP) come from metrics.ts, not from these.
import { assertAligned, type ScoreRanking } from './ranking.ts';

export const MAX_CURVE_POINTS = 200;

export interface RocPoint {
  readonly fpr: number;
  readonly tpr: number;
  /** Score threshold of this point; null for the (0, 0) start where nothing is flagged. */
  readonly threshold: number | null;
}

export interface PrPoint {
  readonly recall: number;
  readonly precision: number;
  readonly threshold: number;
}

export interface CalibrationBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** null when the bin is empty. */
  readonly meanPredicted: number | null;
  readonly fractionPositive: number | null;
}

/** Keep at most `max` points, always the first and the last, evenly spaced by index in between. */
export function downsample<T>(points: readonly T[], max: number = MAX_CURVE_POINTS): T[] {
  if (points.length <= max) return points.slice();
  if (max < 2) throw new Error(`cannot downsample to fewer than 2 points (asked ${max})`);
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(points[Math.round(k * step)]);
  return out;
}

export function rocCurve(ranking: ScoreRanking, max: number = MAX_CURVE_POINTS): RocPoint[] {
  const { positives: p, negatives: n } = ranking;
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: null }];
  for (const s of ranking.steps) points.push({ fpr: n === 0 ? 0 : s.fp / n, tpr: p === 0 ? 0 : s.tp / p, threshold: s.threshold });
  return downsample(points, max);
}

/** Precision–recall points, one per distinct threshold from the highest score down. */
export function prCurve(ranking: ScoreRanking, max: number = MAX_CURVE_POINTS): PrPoint[] {
  const p = ranking.positives;
  const points = ranking.steps.map((s) => ({ recall: p === 0 ? 0 : s.tp / p, precision: s.tp / (s.tp + s.fp), threshold: s.threshold }));
  return downsample(points, max);
}

/** Reliability diagram over equal-width probability bins; a probability of exactly 1 falls in the last bin. */
export function calibrationBins(label: ArrayLike<number>, prob: ArrayLike<number>, bins = 10): CalibrationBin[] {
  assertAligned(label, prob);
  const count = new Float64Array(bins);
  const sumProb = new Float64Array(bins);
  const sumPos = new Float64Array(bins);
  for (let i = 0; i < label.length; i++) {
    const b = Math.min(Math.max(Math.floor(prob[i] * bins), 0), bins - 1);
    count[b]++;
    sumProb[b] += prob[i];
    sumPos[b] += label[i];
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    out.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      count: count[b],
      meanPredicted: count[b] === 0 ? null : sumProb[b] / count[b],
      fractionPositive: count[b] === 0 ? null : sumPos[b] / count[b],
    });
  }
  return out;
}
