// The walk over distinct score thresholds that ROC-AUC, average precision, the curves and the
// F1-optimal threshold all share. Scores are split by class and each half sorted natively
// (Float64Array.prototype.sort is numeric and ~10× faster than sorting an index array with a
// comparator on 1M rows), then merged from the highest score down.

export interface ThresholdStep {
  /** Rows with score ≥ threshold are predicted positive. */
  readonly threshold: number;
  /** Cumulative true / false positives at this threshold. */
  readonly tp: number;
  readonly fp: number;
}

export interface ScoreRanking {
  readonly positives: number;
  readonly negatives: number;
  /** One step per distinct score, thresholds strictly decreasing; ties move tp and fp together. */
  readonly steps: ThresholdStep[];
}

export function assertAligned(label: ArrayLike<number>, score: ArrayLike<number>): void {
  if (label.length !== score.length) throw new Error(`labels (${label.length}) and scores (${score.length}) differ in length`);
}

export function rankScores(label: ArrayLike<number>, score: ArrayLike<number>): ScoreRanking {
  assertAligned(label, score);
  let positives = 0;
  for (let i = 0; i < label.length; i++) if (label[i] === 1) positives++;
  const negatives = label.length - positives;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < label.length; i++) {
    const s = score[i];
    if (Number.isNaN(s)) throw new Error(`score at row ${i} is NaN`);
    if (label[i] === 1) pos[p++] = s;
    else neg[q++] = s;
  }
  pos.sort();
  neg.sort();
  const steps: ThresholdStep[] = [];
  let i = positives - 1;
  let j = negatives - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const threshold = Math.max(i >= 0 ? pos[i] : -Infinity, j >= 0 ? neg[j] : -Infinity);
    while (i >= 0 && pos[i] === threshold) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === threshold) {
      fp++;
      j--;
    }
    steps.push({ threshold, tp, fp });
  }
  return { positives, negatives, steps };
}
