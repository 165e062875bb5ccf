// Online logistic regression: SGD on the log loss over mini-batches of labelled sessions, on features
// standardized by running statistics. Gradients accumulate example by example (no batch buffer), and
// the step is taken when `batchSize` examples are in, with the weights fixed within a batch.
import { RunningStandardizer } from './runningStandardizer.ts';
import { checkParams, sigmoid, type LinearModelParams } from './linearModel.ts';

export interface OnlineLogisticOptions {
  /** Examples per SGD step (the original project's stream used 100). */
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the weights (not the bias), per step. */
  l2: number;
  /**
   * Standardized values are clipped to ±zClip. Early in a replay the statistics rest on a few dozen
   * sessions, and one long session (duration 10⁵ s) standardizes to z ≈ 50: unclipped, that single
   * example moves every weight by learningRate × 50.
   */
  zClip: number;
  /** Start from a batch model's standardization and weights instead of zeros. */
  warmStart?: LinearModelParams | null;
  /** How many examples the warm start's mean/std count as before the stream's own examples move them. */
  warmStartWeight: number;
}

export const DEFAULT_ONLINE_LOGISTIC: OnlineLogisticOptions = {
  batchSize: 100,
  learningRate: 0.5,
  l2: 1e-4,
  zClip: 8,
  warmStart: null,
  warmStartWeight: 1000,
};

export interface Contribution {
  readonly feature: string;
  /** weight × standardized value: how far this feature moves the log-odds. */
  readonly contribution: number;
}

export class OnlineLogistic {
  readonly names: readonly string[];
  readonly options: OnlineLogisticOptions;
  readonly scaler: RunningStandardizer;
  readonly weights: Float64Array;
  bias = 0;
  examplesLearned = 0;
  batchesApplied = 0;
  private readonly z: Float64Array;
  private readonly grad: Float64Array;
  private gradBias = 0;
  private pending = 0;

  constructor(names: readonly string[], options: Partial<OnlineLogisticOptions> = {}) {
    this.names = names;
    this.options = { ...DEFAULT_ONLINE_LOGISTIC, ...options };
    if (!(this.options.batchSize >= 1)) throw new Error(`batch size must be at least 1, got ${this.options.batchSize}`);
    const d = names.length;
    this.scaler = new RunningStandardizer(d);
    this.weights = new Float64Array(d);
    this.z = new Float64Array(d);
    this.grad = new Float64Array(d);
    if (this.options.warmStart) this.warmStart(this.options.warmStart);
  }

  /** Probability of a purchase for a raw feature vector, with the current model. */
  predict(x: Float64Array): number {
    // One fused pass (standardize, clip, dot): this runs on every event of the replay.
    const inv = this.scaler.inverseStd();
    const mean = this.scaler.mean;
    const w = this.weights;
    const c = this.options.zClip;
    let s = this.bias;
    for (let j = 0; j < w.length; j++) {
      const v = (x[j] - mean[j]) * inv[j];
      s += w[j] * (v > c ? c : v < -c ? -c : v);
    }
    return sigmoid(s);
  }

  /** Learns one labelled example; takes an SGD step when the mini-batch is full. */
  learn(x: Float64Array, label: 0 | 1): void {
    this.scaler.update(x);
    this.standardize(x);
    const err = sigmoid(this.logit()) - label;
    const d = this.weights.length;
    for (let j = 0; j < d; j++) this.grad[j] += err * this.z[j];
    this.gradBias += err;
    this.examplesLearned++;
    if (++this.pending === this.options.batchSize) this.step();
  }

  /** The k features that move this vector's log-odds most (by |weight × standardized value|). */
  explain(x: Float64Array, k = 3): Contribution[] {
    this.standardize(x);
    // Selection of the k largest without sorting or allocating all d contributions: this runs for
    // every alert and every purchase, thousands per second at full speed.
    const top: number[] = [];
    for (let j = 0; j < this.weights.length; j++) {
      const size = Math.abs(this.weights[j] * this.z[j]);
      if (top.length === k && !(size > Math.abs(this.weights[top[k - 1]] * this.z[top[k - 1]]))) continue;
      let i = top.length < k ? top.length : k - 1;
      top[i] = j;
      while (i > 0 && Math.abs(this.weights[top[i - 1]] * this.z[top[i - 1]]) < size) {
        top[i] = top[i - 1];
        top[i - 1] = j;
        i--;
      }
    }
    return top.map((j) => ({ feature: this.names[j], contribution: this.weights[j] * this.z[j] }));
  }

  /** The current model in the exchange format. */
  params(): LinearModelParams {
    const d = this.names.length;
    return {
      names: this.names,
      mean: Array.from(this.scaler.mean),
      std: Array.from({ length: d }, (_, j) => this.scaler.std(j)),
      weights: Array.from(this.weights),
      bias: this.bias,
    };
  }

  private step(): void {
    const { learningRate: lr, l2 } = this.options;
    const n = this.pending;
    for (let j = 0; j < this.weights.length; j++) {
      this.weights[j] -= lr * (this.grad[j] / n + l2 * this.weights[j]);
      this.grad[j] = 0;
    }
    this.bias -= (lr * this.gradBias) / n;
    this.gradBias = 0;
    this.pending = 0;
    this.batchesApplied++;
  }

  private standardize(x: Float64Array): void {
    this.scaler.transform(x, this.z);
    const c = this.options.zClip;
    for (let j = 0; j < this.z.length; j++) {
      const v = this.z[j];
      this.z[j] = v > c ? c : v < -c ? -c : v;
    }
  }

  private logit(): number {
    let s = this.bias;
    for (let j = 0; j < this.weights.length; j++) s += this.weights[j] * this.z[j];
    return s;
  }

  private warmStart(p: LinearModelParams): void {
    checkParams(p);
    const d = this.names.length;
    const mean = new Float64Array(d);
    const std = new Float64Array(d).fill(1);
    for (let j = 0; j < d; j++) {
      const i = p.names.indexOf(this.names[j]);
      if (i < 0) continue; // a stream feature the batch model lacks starts at weight 0
      mean[j] = p.mean[i];
      std[j] = p.std[i] > 0 ? p.std[i] : 1;
      this.weights[j] = p.weights[i];
    }
    this.bias = p.bias;
    this.scaler.seed(mean, std, this.options.warmStartWeight);
  }
}
