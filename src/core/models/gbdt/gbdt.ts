// Gradient-boosted trees for the purchase label (logistic loss), trained step-wise: one tree per
// step() so a worker can stream the loss curve and cancel between trees. Gradients, the partition of
// rows and split finding run in JS (exact and identical on every backend); the histograms, the only
// O(rows × features) work, run on the tfjs backend through HistogramBuilder.
import type { FeatureColumn } from '../../features/featureTable.ts';
import type { Tf } from '../backend.ts';
import { deriveSeed } from '../random.ts';
import { selectColumns, TrainingError, type RoundReport, type StepTrainer, type TrainingSet } from '../training.ts';
import { binningSample, binRows, DEFAULT_MAX_BINS, fitThresholds, type BinnedRows } from './binning.ts';
import { HistogramBuilder, type HistogramPath } from './histogram.ts';
import { logisticLoss } from './logisticLoss.ts';
import { growTree, leafOfBinned, type Tree } from './tree.ts';

export interface GbdtParams {
  readonly learningRate: number;
  /** Trees at most (sklearn's max_iter). */
  readonly maxRounds: number;
  readonly maxLeaves: number;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly minChildWeight: number;
  readonly l2: number;
  readonly minGainToSplit: number;
  readonly maxBins: number;
  /** Stop after this many trees without a validation-loss improvement larger than `tolerance`; 0 turns it off. */
  readonly earlyStoppingRounds: number;
  readonly tolerance: number;
}

/**
 * sklearn HistGradientBoostingClassifier's defaults (learning rate, leaves, leaf size, bins, early
 * stopping after 10 rounds without gain), except the number of trees: 200 at most where sklearn stops
 * at 100 (max_iter). Compare with `max_iter=200`: an audit on 5M generated rows found AUC 0.9883 here,
 * 0.9884 with sklearn at 200 trees, 0.9841 at its default 100 (faithful cut, where more trees still help).
 */
export const DEFAULT_GBDT_PARAMS: GbdtParams = {
  learningRate: 0.1,
  maxRounds: 200,
  maxLeaves: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  minChildWeight: 1e-3,
  l2: 0,
  minGainToSplit: 0,
  maxBins: DEFAULT_MAX_BINS,
  earlyStoppingRounds: 10,
  tolerance: 1e-7,
};

export interface GbdtModel {
  readonly kind: 'gbdt';
  readonly featureNames: readonly string[];
  /** Log-odds every prediction starts from (the weighted purchase rate of the fitting rows). */
  readonly baseline: number;
  /** Per feature, the ascending bin thresholds the trees' bins refer to. */
  readonly thresholds: readonly (readonly number[])[];
  readonly trees: readonly Tree[];
  readonly params: GbdtParams;
}

interface RowsData {
  binned: BinnedRows;
  y: Uint8Array;
  /** Log-odds so far, and e^{−log-odds} kept alongside (see logisticLoss.ts). */
  raw: Float64Array;
  expNegRaw: Float64Array;
}

function rowsData(columns: readonly FeatureColumn[], set: TrainingSet, rows: Int32Array, thresholds: number[][], baseline: number): RowsData {
  const y = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) y[i] = set.table.label[rows[i]];
  return { binned: binRows(columns, rows, thresholds), y, raw: new Float64Array(rows.length).fill(baseline), expNegRaw: new Float64Array(rows.length).fill(Math.exp(-baseline)) };
}

export interface GbdtTrainer extends StepTrainer<GbdtModel> {
  /** Which histogram implementation runs: our kernel for this backend, or stock tfjs ops. */
  readonly histogramPath: HistogramPath;
}

export function createGbdtTrainer(tf: Tf, set: TrainingSet, overrides: Partial<GbdtParams> = {}, forcePath?: HistogramPath): GbdtTrainer {
  const params: GbdtParams = { ...DEFAULT_GBDT_PARAMS, ...overrides };
  const columns = selectColumns(set.table, set.features);
  const sample = binningSample(set.fitRows, deriveSeed(set.seed, 'bins'));
  const thresholds = columns.map((c) => fitThresholds(c, sample, params.maxBins));
  let wPos = 0;
  let wAll = 0;
  for (let i = 0; i < set.fitRows.length; i++) {
    const pos = set.table.label[set.fitRows[i]] === 1;
    const wi = pos ? set.classWeights.pos : set.classWeights.neg;
    wAll += wi;
    if (pos) wPos += wi;
  }
  if (wPos === 0 || wPos === wAll) {
    throw new TrainingError('not_enough_data', `The trees' fitting rows hold only one class (${wPos === 0 ? 'no buyers' : 'no non-buyers'}); a purchase model needs buyers and non-buyers. Load more data.`);
  }
  const baseline = Math.log(wPos / (wAll - wPos));
  const fit = rowsData(columns, set, set.fitRows, thresholds, baseline);
  const valid = rowsData(columns, set, set.validRows, thresholds, baseline);
  const builder = new HistogramBuilder(tf, fit.binned, forcePath);
  const identity = new Int32Array(fit.binned.nRows).map((_, i) => i);
  const order = new Int32Array(fit.binned.nRows);
  const scratch = new Int32Array(fit.binned.nRows);
  const trees: Tree[] = [];
  let grad = new Float32Array(fit.binned.nRows);
  let hess = new Float32Array(fit.binned.nRows);
  let sums = logisticLoss(fit.raw, fit.expNegRaw, fit.y, set.classWeights, grad, hess);
  let bestLoss = Infinity;
  let bestRound = 0;
  let done = false;
  const model = (): GbdtModel => ({ kind: 'gbdt', featureNames: [...set.features], baseline, thresholds, trees: trees.slice(0, bestRound || trees.length), params });

  return {
    histogramPath: builder.path,
    get done() {
      return done;
    },
    get keptRounds() {
      return bestRound || trees.length;
    },
    async step(): Promise<RoundReport | null> {
      if (done) return null;
      const round = trees.length + 1;
      builder.setGradients(grad, hess);
      order.set(identity);
      const { tree, leaves } = await growTree(
        { binned: fit.binned, thresholds, order, scratch, rootTotals: { grad: sums.gradSum, hess: sums.hessSum, count: order.length }, histogram: (rows) => builder.build(rows) },
        params,
      );
      trees.push(tree);
      for (const leaf of leaves) {
        const v = tree.value[leaf.node];
        const factor = Math.exp(-v);
        for (let i = leaf.start; i < leaf.end; i++) {
          const r = order[i];
          fit.raw[r] += v;
          fit.expNegRaw[r] *= factor;
        }
      }
      // Fresh arrays: the cpu backend keeps a reference to the previous round's (now disposed) tensors' data.
      grad = new Float32Array(grad.length);
      hess = new Float32Array(hess.length);
      sums = logisticLoss(fit.raw, fit.expNegRaw, fit.y, set.classWeights, grad, hess);
      const trainLoss = sums.loss;
      let validLoss: number | null = null;
      if (valid.binned.nRows > 0) {
        const factors = tree.value.map((v) => Math.exp(-v));
        for (let i = 0; i < valid.binned.nRows; i++) {
          const leaf = leafOfBinned(tree, valid.binned, i);
          valid.raw[i] += tree.value[leaf];
          valid.expNegRaw[i] *= factors[leaf];
        }
        validLoss = logisticLoss(valid.raw, valid.expNegRaw, valid.y, set.classWeights).loss;
        if (validLoss < bestLoss - params.tolerance) {
          bestLoss = validLoss;
          bestRound = round;
        }
        if (params.earlyStoppingRounds > 0 && round - bestRound >= params.earlyStoppingRounds) done = true;
      }
      if (round >= params.maxRounds || tree.feature.length === 1) done = true;
      if (params.earlyStoppingRounds === 0) bestRound = 0;
      return { round, trainLoss, validLoss, leaves: leaves.length };
    },
    result: model,
    dispose() {
      builder.dispose();
    },
  };
}
