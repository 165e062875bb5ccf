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

/**
 * Reads a logistic model from JSON: either an Intent Lab model file (`{format: "intent-lab-model",
 * model: {kind: "logistic", featureNames, mean, std, coefficients, intercept}}`, what the Train view
 * saves) or the plain `{names, mean, std, weights, bias}` of LinearModelParams. Read by shape, so the
 * stream does not load the batch trainer's modules (or tfjs) to use its output.
 */
export function linearModelFromJson(json: unknown): LinearModelParams {
  const fail = (why: string): never => {
    throw new Error(`not a usable logistic model: ${why}`);
  };
  if (!isRecord(json)) return fail('expected a JSON object');
  const m = isRecord(json.model) ? json.model : json;
  if (m.kind !== undefined && m.kind !== 'logistic') {
    return fail(`it is a ${String(m.kind)} model; the stream can only warm-start from, and score, a logistic model (standardization + weights)`);
  }
  const names = m.featureNames ?? m.names;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) return fail('feature names must be a non-empty list of strings');
  const list = (v: unknown, what: string): number[] => {
    if (!Array.isArray(v) || v.length !== names.length || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      return fail(`${what} must be ${names.length} finite numbers, one per feature`);
    }
    return v as number[];
  };
  const bias = m.intercept ?? m.bias;
  if (typeof bias !== 'number' || !Number.isFinite(bias)) return fail('the intercept (bias) must be a finite number');
  return { names: names as string[], mean: list(m.mean, 'mean'), std: list(m.std, 'std'), weights: list(m.coefficients ?? m.weights, 'the coefficients (weights)'), bias };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
