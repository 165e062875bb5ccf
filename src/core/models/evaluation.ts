// One evaluation report for a set of scored rows: everything the UI and the CLI show for a test part.
import { averagePrecision, bestF1Threshold, logLoss, metricsAt, rocAuc, type Confusion, type ThresholdMetrics } from './metrics.ts';
import { calibrationBins, prCurve, rocCurve, type CalibrationBin, type PrPoint, type RocPoint } from './curves.ts';
import { rankScores } from './ranking.ts';

export interface EvaluationReport {
  readonly n: number;
  readonly pos: number;
  readonly auc: number;
  /** Average precision (sklearn's step-wise PR-AUC). */
  readonly prAuc: number;
  readonly logLoss: number;
  readonly threshold: number;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly weightedF1: number;
  readonly confusion: Confusion;
  /** The F1-optimal threshold on these same rows (an optimistic figure, shown next to the fixed one). */
  readonly bestF1: ThresholdMetrics;
  readonly roc: RocPoint[];
  readonly pr: PrPoint[];
  readonly calibration: CalibrationBin[];
}

export function evaluateScores(label: ArrayLike<number>, prob: ArrayLike<number>, threshold = 0.5): EvaluationReport {
  const ranking = rankScores(label, prob);
  const at = metricsAt(label, prob, threshold);
  return {
    n: label.length,
    pos: ranking.positives,
    auc: rocAuc(ranking),
    prAuc: averagePrecision(ranking),
    logLoss: logLoss(label, prob),
    threshold,
    accuracy: at.accuracy,
    precision: at.precision,
    recall: at.recall,
    f1: at.f1,
    weightedF1: at.weightedF1,
    confusion: at.confusion,
    bestF1: bestF1Threshold(ranking),
    roc: rocCurve(ranking),
    pr: prCurve(ranking),
    calibration: calibrationBins(label, prob),
  };
}
