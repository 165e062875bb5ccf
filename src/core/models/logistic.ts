// L2-regularised logistic regression on standardised features, fitted by Newton's method (IRLS) with
// a backtracking line search: one step() = one full pass = one "epoch" of the live curve. Newton
// needs no learning rate, reaches sklearn's lbfgs optimum in ~10 steps, and has no random order, so
// a seed only enters through the split. The O(n·d²) part (gradient and Hessian, Xᵀ·diag(s)·X) runs
// on the tfjs backend as matMuls; the (d+1)² system is solved in float64 here.
import type { FeatureColumn } from '../features/featureTable.ts';
import type { Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from './backend.ts';
import { selectColumns, TrainingError, type RoundReport, type StepTrainer, type TrainingSet } from './training.ts';

export interface LogisticParams {
  /** λ in mean weighted log loss + λ/2·‖w‖² (intercept not penalised); sklearn's C = 1 / (λ · Σweights). */
  readonly l2: number;
  readonly maxIterations: number;
  /** Stop after this many steps without a validation-loss improvement larger than `tolerance`; 0 turns it off. */
  readonly earlyStoppingRounds: number;
  readonly tolerance: number;
}

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = { l2: 1e-4, maxIterations: 30, earlyStoppingRounds: 2, tolerance: 1e-7 };

export interface LogisticModel {
  readonly kind: 'logistic';
  readonly featureNames: readonly string[];
  /** Standardisation fitted on the fitting rows only: z = (x − mean) / std. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Coefficients on standardised features (comparable with each other) and the intercept. */
  readonly coefficients: readonly number[];
  readonly intercept: number;
  readonly params: LogisticParams;
}

export function fitStandardization(columns: readonly FeatureColumn[], rows: Int32Array): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  for (const col of columns) {
    let s = 0;
    for (let i = 0; i < rows.length; i++) s += col[rows[i]];
    const m = rows.length ? s / rows.length : 0;
    let v = 0;
    for (let i = 0; i < rows.length; i++) v += (col[rows[i]] - m) ** 2;
    const sd = rows.length ? Math.sqrt(v / rows.length) : 0;
    mean.push(m);
    // A constant column carries no signal; std 1 keeps it at 0 instead of dividing by zero.
    std.push(sd > 0 && Number.isFinite(sd) ? sd : 1);
  }
  return { mean, std };
}

/** Row-major standardised design matrix with a trailing column of ones for the intercept. */
function designMatrix(columns: readonly FeatureColumn[], rows: Int32Array, mean: number[], std: number[]): Float32Array {
  const d1 = columns.length + 1;
  const x = new Float32Array(rows.length * d1);
  for (let j = 0; j < columns.length; j++) {
    const col = columns[j];
    for (let i = 0; i < rows.length; i++) x[i * d1 + j] = (col[rows[i]] - mean[j]) / std[j];
  }
  for (let i = 0; i < rows.length; i++) x[i * d1 + d1 - 1] = 1;
  return x;
}

/** Weighted mean log loss of X·beta (float64). */
function meanLoss(x: Float32Array, y: Uint8Array, w: Float32Array, beta: Float64Array): number {
  const d1 = beta.length;
  let loss = 0;
  let weight = 0;
  for (let i = 0; i < y.length; i++) {
    let z = 0;
    for (let j = 0; j < d1; j++) z += x[i * d1 + j] * beta[j];
    loss += w[i] * (Math.log1p(Math.exp(-Math.abs(z))) + (z > 0 ? z : 0) - y[i] * z);
    weight += w[i];
  }
  return weight === 0 ? NaN : loss / weight;
}

function penalty(beta: Float64Array, l2: number): number {
  let s = 0;
  for (let j = 0; j < beta.length - 1; j++) s += beta[j] * beta[j];
  return 0.5 * l2 * s;
}

export class NotPositiveDefiniteError extends Error {
  override readonly name = 'NotPositiveDefiniteError';
}

/** Solve A·x = b for symmetric positive-definite A (row-major, n×n) by Cholesky. */
export function solveSpd(a: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new NotPositiveDefiniteError(`the matrix is not positive definite (pivot ${i} is ${s})`);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

interface Part {
  x: Float32Array;
  y: Uint8Array;
  w: Float32Array;
}

function part(set: TrainingSet, columns: readonly FeatureColumn[], rows: Int32Array, mean: number[], std: number[]): Part {
  const y = new Uint8Array(rows.length);
  const w = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    y[i] = set.table.label[rows[i]];
    w[i] = y[i] === 1 ? set.classWeights.pos : set.classWeights.neg;
  }
  return { x: designMatrix(columns, rows, mean, std), y, w };
}

/**
 * The Newton direction H⁻¹·g. H = Xᵀ·diag(p(1−p))·X / n + λ·I is positive definite in exact arithmetic;
 * it stops being so in float32 when the fitting rows are very few or some feature separates buyers from
 * non-buyers perfectly (p saturates at 0 or 1 and the intercept's curvature vanishes). The user cannot
 * change λ from the app, so the message says what they can change.
 */
function newtonStep(h: Float64Array, g: Float64Array, round: number): Float64Array {
  try {
    return solveSpd(h, g);
  } catch (err) {
    if (!(err instanceof NotPositiveDefiniteError)) throw err;
    throw new TrainingError(
      'training_failed',
      `Logistic regression could not be fitted on this data (its optimisation became numerically unstable at step ${round}). ` +
        'This happens when the training sessions are very few, or when some feature tells buyers from non-buyers apart perfectly. ' +
        'Load more data, or train the gradient-boosted trees, which do not have this limit.',
    );
  }
}

export function createLogisticTrainer(tf: Tf, set: TrainingSet, overrides: Partial<LogisticParams> = {}): StepTrainer<LogisticModel> {
  const params: LogisticParams = { ...DEFAULT_LOGISTIC_PARAMS, ...overrides };
  const columns = selectColumns(set.table, set.features);
  const { mean, std } = fitStandardization(columns, set.fitRows);
  const fit = part(set, columns, set.fitRows, mean, std);
  const valid = part(set, columns, set.validRows, mean, std);
  const d1 = columns.length + 1;
  const n = set.fitRows.length;
  let weightSum = 0;
  for (let i = 0; i < n; i++) weightSum += fit.w[i];
  const X = tf.tensor2d(fit.x, [n, d1]);
  const Y = tf.tensor2d(Float32Array.from(fit.y), [n, 1]);
  const W = tf.tensor2d(fit.w, [n, 1]);
  let beta = new Float64Array(d1);
  let objective = meanLoss(fit.x, fit.y, fit.w, beta) + penalty(beta, params.l2);
  let best = { beta, loss: Infinity, round: 0 };
  let round = 0;
  let done = false;

  const useBest = () => valid.y.length > 0 && params.earlyStoppingRounds > 0 && best.round > 0;

  const gradientAndHessian = async (): Promise<{ g: Float64Array; h: Float64Array }> => {
    const [gT, hT] = tf.tidy(() => {
      const b = tf.tensor2d(Float32Array.from(beta), [d1, 1]);
      const p = tf.sigmoid(tf.matMul(X, b));
      const r = tf.mul(W, tf.sub(p, Y));
      const s = tf.mul(tf.mul(W, p), tf.sub(1, p));
      return [tf.matMul(X, r, true, false), tf.matMul(tf.mul(X, s) as Tensor2D, X, true, false)];
    });
    const [gv, hv] = await Promise.all([gT.data(), hT.data()]);
    gT.dispose();
    hT.dispose();
    const g = new Float64Array(d1);
    const h = new Float64Array(d1 * d1);
    for (let j = 0; j < d1; j++) g[j] = gv[j] / weightSum + (j < d1 - 1 ? params.l2 * beta[j] : 0);
    for (let k = 0; k < d1 * d1; k++) h[k] = hv[k] / weightSum;
    for (let j = 0; j < d1; j++) h[j * d1 + j] += j < d1 - 1 ? params.l2 : 1e-12;
    return { g, h };
  };

  return {
    get done() {
      return done;
    },
    get keptRounds() {
      return useBest() ? best.round : round;
    },
    async step(): Promise<RoundReport | null> {
      if (done) return null;
      round++;
      const { g, h } = await gradientAndHessian();
      const delta = newtonStep(h, g, round);
      let slope = 0;
      for (let j = 0; j < d1; j++) slope -= g[j] * delta[j];
      // Backtracking (Armijo): Newton's full step can overshoot on nearly separable data.
      let t = 1;
      let next = beta;
      let nextObjective = objective;
      for (let tries = 0; tries < 30; tries++) {
        const candidate = beta.map((b, j) => b - t * delta[j]);
        const o = meanLoss(fit.x, fit.y, fit.w, candidate) + penalty(candidate, params.l2);
        if (o <= objective + 1e-4 * t * slope) {
          next = candidate;
          nextObjective = o;
          break;
        }
        t /= 2;
      }
      const improvement = objective - nextObjective;
      beta = next;
      objective = nextObjective;
      const trainLoss = objective - penalty(beta, params.l2);
      let validLoss: number | null = null;
      if (valid.y.length > 0) {
        validLoss = meanLoss(valid.x, valid.y, valid.w, beta);
        if (validLoss < best.loss - params.tolerance) best = { beta, loss: validLoss, round };
        if (params.earlyStoppingRounds > 0 && round - best.round >= params.earlyStoppingRounds) done = true;
      }
      if (round >= params.maxIterations || !(improvement > 1e-12 * Math.max(1, Math.abs(objective)))) done = true;
      return { round, trainLoss, validLoss };
    },
    result(): LogisticModel {
      const b = useBest() ? best.beta : beta;
      return { kind: 'logistic', featureNames: [...set.features], mean, std, coefficients: [...b.slice(0, d1 - 1)], intercept: b[d1 - 1], params };
    },
    dispose() {
      X.dispose();
      Y.dispose();
      W.dispose();
    },
  };
}
