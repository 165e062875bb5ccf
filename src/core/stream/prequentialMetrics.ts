// Prequential (test-then-train) evaluation: the caller scores each labelled example with the model as
// it stands, adds (probability, label) here, and only then lets the model learn from it. Two views:
// the last `window` labels (exact, recomputed from a ring buffer on read) and everything since the
// start (running sums; AUC from score histograms so memory stays fixed on a month of labels).
import { logLoss, rocAuc } from '../models/metrics.ts';
import { rankScores } from '../models/ranking.ts';

export interface ClassifierMetrics {
  /** Labelled examples counted. */
  readonly n: number;
  readonly positives: number;
  /** Share of examples where (probability ≥ threshold) equals the label; NaN when n = 0. */
  readonly accuracy: number;
  /** ROC-AUC, ties counted half; NaN until both classes are present. */
  readonly auc: number;
  /** Mean binary cross-entropy, probabilities clipped to [1e-15, 1 − 1e-15]; NaN when n = 0. */
  readonly logLoss: number;
}

const EPS = 1e-15;
/**
 * Since-start AUC bins the log-odds over [−16, 16] in steps of 1/256 (8,192 bins, 128 KB); scores of
 * different classes that share a bin count as ties. It equals the exact AUC whenever no positive and
 * negative fall within 1/256 of each other in log-odds (≈ 0.0002 in probability near p = 0.05).
 */
const LOGIT_RANGE = 16;
const BINS_PER_UNIT = 256;
const BINS = 2 * LOGIT_RANGE * BINS_PER_UNIT;

export class PrequentialMetrics {
  readonly window: number;
  readonly threshold: number;
  private n = 0;
  private positives = 0;
  private correct = 0;
  private sumLogLoss = 0;
  private readonly posBins = new Float64Array(BINS);
  private readonly negBins = new Float64Array(BINS);
  private readonly ringProb: Float64Array;
  private readonly ringLabel: Uint8Array;
  private ringNext = 0;
  private ringSize = 0;

  constructor(window = 1000, threshold = 0.5) {
    if (!(window >= 1)) throw new Error(`the rolling window must hold at least 1 label, got ${window}`);
    this.window = window;
    this.threshold = threshold;
    this.ringProb = new Float64Array(window);
    this.ringLabel = new Uint8Array(window);
  }

  add(prob: number, label: 0 | 1): void {
    this.n++;
    if (label === 1) this.positives++;
    if ((prob >= this.threshold ? 1 : 0) === label) this.correct++;
    const q = Math.min(Math.max(prob, EPS), 1 - EPS);
    this.sumLogLoss -= label === 1 ? Math.log(q) : Math.log(1 - q);
    const bin = logitBin(q);
    if (label === 1) this.posBins[bin]++;
    else this.negBins[bin]++;
    this.ringProb[this.ringNext] = prob;
    this.ringLabel[this.ringNext] = label;
    this.ringNext = (this.ringNext + 1) % this.window;
    if (this.ringSize < this.window) this.ringSize++;
  }

  sinceStart(): ClassifierMetrics {
    const n = this.n;
    return {
      n,
      positives: this.positives,
      accuracy: n === 0 ? NaN : this.correct / n,
      auc: binnedAuc(this.posBins, this.negBins, this.positives, n - this.positives),
      logLoss: n === 0 ? NaN : this.sumLogLoss / n,
    };
  }

  rolling(): ClassifierMetrics {
    const n = this.ringSize;
    const prob = this.ringProb.subarray(0, n);
    const label = this.ringLabel.subarray(0, n);
    let positives = 0;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      positives += label[i];
      if ((prob[i] >= this.threshold ? 1 : 0) === label[i]) correct++;
    }
    return {
      n,
      positives,
      accuracy: n === 0 ? NaN : correct / n,
      auc: positives === 0 || positives === n ? NaN : rocAuc(rankScores(label, prob)),
      logLoss: n === 0 ? NaN : logLoss(label, prob),
    };
  }
}

function logitBin(q: number): number {
  const z = Math.log(q / (1 - q));
  const b = Math.floor((z + LOGIT_RANGE) * BINS_PER_UNIT);
  return b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
}

/** Mann–Whitney AUC over histograms: a positive beats every negative in a lower bin, ties half. */
function binnedAuc(pos: Float64Array, neg: Float64Array, p: number, q: number): number {
  if (p === 0 || q === 0) return NaN;
  let negBelow = 0;
  let wins = 0;
  for (let b = 0; b < pos.length; b++) {
    wins += pos[b] * (negBelow + neg[b] / 2);
    negBelow += neg[b];
  }
  return wins / (p * q);
}
