// Growing one regression tree on gradients, leaf-wise (best-first, like LightGBM and sklearn's
// HistGradientBoosting): always split the leaf with the largest gain until maxLeaves. Rows are
// indices into the binned matrix, kept in one buffer that each split partitions in place, so a node
// is a range [start, end). Only the smaller child's histogram is built; the larger one is the
// parent's minus it, which at least halves the histogram work below the root.
import type { BinnedRows } from './binning.ts';
import { findBestSplit, leafValue, tieTolerance, type NodeTotals, type SplitCandidate, type SplitParams } from './splitFinder.ts';

export interface TreeParams extends SplitParams {
  readonly maxLeaves: number;
  /** null: no depth limit (maxLeaves bounds the tree). */
  readonly maxDepth: number | null;
  readonly learningRate: number;
}

/** A tree as parallel arrays (JSON-ready); node 0 is the root, feature −1 marks a leaf. */
export interface Tree {
  readonly feature: number[];
  /** Split on codes: code ≤ bin goes left. */
  readonly bin: number[];
  /** The same split on raw values: x ≤ threshold (or x is NaN) goes left. */
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  /** −learningRate · G / (H + λ) of the node: the prediction at a leaf, the path-attribution base inside. */
  readonly value: number[];
  readonly gain: number[];
  /** Hessian sum (the "cover") and row count of the node. */
  readonly hess: number[];
  readonly count: number[];
}

/** A finished leaf and the rows it holds, order[start, end). */
export interface LeafRange {
  readonly node: number;
  readonly start: number;
  readonly end: number;
}

export interface GrowInput {
  readonly binned: BinnedRows;
  readonly thresholds: readonly (readonly number[])[];
  /** Row indices 0..nRows−1 in any order; partitioned in place. */
  readonly order: Int32Array;
  /** Scratch space of the same length. */
  readonly scratch: Int32Array;
  readonly rootTotals: NodeTotals;
  /** Histogram of a set of rows, Float64 (Σgrad, Σhess, count) per bin. */
  readonly histogram: (rows: Int32Array) => Promise<Float64Array>;
}

interface OpenLeaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  totals: NodeTotals;
  hist: Float64Array | null;
  split: SplitCandidate | null;
}

function emptyTree(): Tree {
  return { feature: [], bin: [], threshold: [], left: [], right: [], value: [], gain: [], hess: [], count: [] };
}

function addNode(tree: Tree, totals: NodeTotals, params: TreeParams): number {
  tree.feature.push(-1);
  tree.bin.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(params.learningRate * leafValue(totals, params.l2));
  tree.gain.push(0);
  tree.hess.push(totals.hess);
  tree.count.push(totals.count);
  return tree.feature.length - 1;
}

/** Stable partition of order[start, end): codes ≤ bin first. Returns the first index of the right part. */
export function partitionRows(binned: BinnedRows, order: Int32Array, scratch: Int32Array, start: number, end: number, feature: number, bin: number): number {
  const codes = binned.columns[feature];
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = order[i];
    if (codes[row] <= bin) order[l++] = row;
    else scratch[r++] = row;
  }
  order.set(scratch.subarray(0, r), l);
  return l;
}

function subtract(parent: Float64Array, child: Float64Array): Float64Array {
  const out = new Float64Array(parent.length);
  for (let i = 0; i < out.length; i++) out[i] = parent[i] - child[i];
  return out;
}

export async function growTree(input: GrowInput, params: TreeParams): Promise<{ tree: Tree; leaves: LeafRange[] }> {
  const { binned, thresholds, order, scratch } = input;
  const tree = emptyTree();
  const canSplit = (leaf: OpenLeaf) => (params.maxDepth === null || leaf.depth < params.maxDepth) && leaf.totals.count >= 2 * params.minSamplesLeaf;
  const evaluate = (leaf: OpenLeaf) => {
    leaf.split = leaf.hist && canSplit(leaf) ? findBestSplit(leaf.hist, binned.binOffsets, leaf.totals, params) : null;
    if (!leaf.split) leaf.hist = null;
  };

  const root: OpenLeaf = { node: addNode(tree, input.rootTotals, params), start: 0, end: order.length, depth: 0, totals: input.rootTotals, hist: null, split: null };
  if (canSplit(root)) root.hist = await input.histogram(order);
  evaluate(root);
  const open: OpenLeaf[] = [root];
  let leafCount = 1;
  while (leafCount < params.maxLeaves) {
    // The leaf with the largest gain; near-ties go to the lowest node id (see tieTolerance).
    let maxGain = -Infinity;
    for (const leaf of open) if (leaf.split && leaf.split.gain > maxGain) maxGain = leaf.split.gain;
    let pick = -1;
    for (let i = 0; i < open.length; i++) {
      const s = open[i].split;
      if (s && s.gain >= maxGain - tieTolerance(maxGain) && (pick < 0 || open[i].node < open[pick].node)) pick = i;
    }
    if (pick < 0) break;
    const parent = open[pick];
    const split = parent.split as SplitCandidate;
    const mid = partitionRows(binned, order, scratch, parent.start, parent.end, split.feature, split.bin);
    const n = parent.node;
    tree.feature[n] = split.feature;
    tree.bin[n] = split.bin;
    tree.threshold[n] = thresholds[split.feature][split.bin];
    tree.gain[n] = split.gain;
    const left: OpenLeaf = { node: addNode(tree, split.left, params), start: parent.start, end: mid, depth: parent.depth + 1, totals: split.left, hist: null, split: null };
    const right: OpenLeaf = { node: addNode(tree, split.right, params), start: mid, end: parent.end, depth: parent.depth + 1, totals: split.right, hist: null, split: null };
    tree.left[n] = left.node;
    tree.right[n] = right.node;
    const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    // The last split allowed: its children stay leaves, so their histograms would never be read.
    const lastSplit = leafCount + 1 >= params.maxLeaves;
    if (!lastSplit && (canSplit(small) || canSplit(large))) {
      small.hist = await input.histogram(order.subarray(small.start, small.end));
      large.hist = subtract(parent.hist as Float64Array, small.hist);
    }
    parent.hist = null;
    evaluate(left);
    evaluate(right);
    open.splice(pick, 1, left, right);
    leafCount++;
  }
  const leaves = open.map((l) => ({ node: l.node, start: l.start, end: l.end })).sort((a, b) => a.node - b.node);
  return { tree, leaves };
}

/** The leaf that row i of a binned matrix reaches (training and validation use codes). */
export function leafOfBinned(tree: Tree, binned: BinnedRows, i: number): number {
  const base = i * binned.rowStride;
  let node = 0;
  while (tree.feature[node] >= 0) node = binned.codes[base + tree.feature[node]] > tree.bin[node] ? tree.right[node] : tree.left[node];
  return node;
}
