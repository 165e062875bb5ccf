// A logistic model as plain numbers: standardize each feature, then a weighted sum and a sigmoid. This
// is the exchange format for warm-starting the online model and for scoring a frozen batch model on
// the stream without tfjs (the stream worker stays light).

export interface LinearModelParams {
  /** Feature names, in the order of mean/std/weights. */
  readonly names: readonly string[];
  readonly mean: ArrayLike<number>;
  readonly std: ArrayLike<number>;
  readonly weights: ArrayLike<number>;
  readonly bias: number;
}

/** Scores a feature vector given in `featureNames` order. */
export type FeatureScorer = (features: Float64Array) => number;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * A scorer for `params` over vectors laid out in `featureNames` order. Every model feature must be
 * among `featureNames` (a model trained on a feature the stream does not compute cannot be scored);
 * stream features the model lacks are ignored.
 */
export function linearScorer(params: LinearModelParams, featureNames: readonly string[]): FeatureScorer {
  checkParams(params);
  const d = params.names.length;
  const column = new Int32Array(d);
  for (let j = 0; j < d; j++) {
    const c = featureNames.indexOf(params.names[j]);
    if (c < 0) throw new Error(`the model uses feature "${params.names[j]}", which the stream does not compute (it has ${featureNames.join(', ')})`);
    column[j] = c;
  }
  const mean = Float64Array.from(params.mean);
  const scale = Float64Array.from(params.std, (s) => (s > 0 ? 1 / s : 1));
  const w = Float64Array.from(params.weights);
  const b = params.bias;
  return (x) => {
    let z = b;
    for (let j = 0; j < d; j++) z += w[j] * (x[column[j]] - mean[j]) * scale[j];
    return sigmoid(z);
  };
}

export function checkParams(p: LinearModelParams): void {
  const d = p.names.length;
  if (p.mean.length !== d || p.std.length !== d || p.weights.length !== d) {
    throw new Error(`model parameters disagree in length: ${d} names, ${p.mean.length} means, ${p.std.length} stds, ${p.weights.length} weights`);
  }
  if (!Number.isFinite(p.bias)) throw new Error(`model bias is not a finite number (${p.bias})`);
}
