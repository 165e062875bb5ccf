// Running feature standardization for the online model: Welford's update of mean and variance per
// feature, over every labelled example as it is learned. Never frozen on a first batch: the first
// minutes of a replay (night traffic, few carts) look nothing like the afternoon, and statistics fixed
// on them would mis-scale every later example.

export class RunningStandardizer {
  readonly dims: number;
  /** Examples seen, including a warm start's pseudo-count. */
  count = 0;
  readonly mean: Float64Array;
  /** Sum of squared deviations (Welford's M2). */
  private readonly m2: Float64Array;
  /** 1/std per feature, refreshed on the first transform after an update: scoring runs on every event,
   * updates only on labels, and 17 square roots per event were ~10 % of the replay. */
  private readonly invStd: Float64Array;
  private stale = true;

  constructor(dims: number) {
    this.dims = dims;
    this.mean = new Float64Array(dims);
    this.m2 = new Float64Array(dims);
    this.invStd = new Float64Array(dims);
  }

  /** Starts from known statistics, weighted as `pseudoCount` examples. */
  seed(mean: ArrayLike<number>, std: ArrayLike<number>, pseudoCount: number): void {
    this.count = pseudoCount;
    for (let j = 0; j < this.dims; j++) {
      this.mean[j] = mean[j];
      this.m2[j] = std[j] * std[j] * pseudoCount;
    }
    this.stale = true;
  }

  update(x: Float64Array): void {
    const n = ++this.count;
    for (let j = 0; j < this.dims; j++) {
      const d = x[j] - this.mean[j];
      this.mean[j] += d / n;
      this.m2[j] += d * (x[j] - this.mean[j]);
    }
    this.stale = true;
  }

  /** Population standard deviation of feature j; 1 while it is undefined or zero (a constant feature). */
  std(j: number): number {
    if (this.count < 2) return 1;
    const s = Math.sqrt(this.m2[j] / this.count);
    return s > 0 ? s : 1;
  }

  /** Writes (x − mean) / std into `out`. */
  transform(x: Float64Array, out: Float64Array): void {
    const inv = this.inverseStd();
    for (let j = 0; j < this.dims; j++) out[j] = (x[j] - this.mean[j]) * inv[j];
  }

  /** 1/std per feature (read-only view, valid until the next update). */
  inverseStd(): Float64Array {
    if (this.stale) {
      for (let j = 0; j < this.dims; j++) this.invStd[j] = 1 / this.std(j);
      this.stale = false;
    }
    return this.invStd;
  }
}
