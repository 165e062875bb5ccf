// Scoring many rows with a GBDT model, a chunk of rows at a time:
// 1. bin the chunk with the model's thresholds (one-byte codes; code ≤ bin ⇔ x ≤ threshold, NaN → 0,
//    so the path is the one raw values take);
// 2. walk each tree for all rows of the chunk together, a fixed number of steps (the tree's depth),
//    branch-free: children are laid out in pairs, so next = firstChild + (code > bin), and a leaf
//    points at itself with bin 255 so extra steps stay put. Rows are independent, so the CPU overlaps
//    their memory loads; walking one row to its leaf with a branch per split measured 140–240 ns per
//    tree and row (a mispredicted branch and a dependent load per level), this ~10× less.
import type { FeatureColumn } from '../../features/featureTable.ts';
import type { GbdtModel } from './gbdt.ts';
import type { Tree } from './tree.ts';
import { binOf } from './binning.ts';

const CHUNK_ROWS = 2048;

interface FlatTree {
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly firstChild: Int32Array;
  readonly value: Float64Array;
  readonly depth: number;
}

/** Breadth-first re-layout with sibling pairs adjacent; leaves loop to themselves. */
function flattenTree(t: Tree): FlatTree {
  const n = t.feature.length;
  const feature = new Int32Array(n);
  const bin = new Int32Array(n);
  const firstChild = new Int32Array(n);
  const value = new Float64Array(n);
  const queue: { old: number; depth: number }[] = [{ old: 0, depth: 0 }];
  let next = 1;
  let depth = 0;
  for (let k = 0; k < queue.length; k++) {
    const { old, depth: d } = queue[k];
    depth = Math.max(depth, d);
    value[k] = t.value[old];
    if (t.feature[old] < 0) {
      feature[k] = 0;
      bin[k] = 255;
      firstChild[k] = k;
    } else {
      feature[k] = t.feature[old];
      bin[k] = t.bin[old];
      firstChild[k] = next;
      next += 2;
      queue.push({ old: t.left[old], depth: d + 1 }, { old: t.right[old], depth: d + 1 });
    }
  }
  return { feature, bin, firstChild, value, depth };
}

const flattened = new WeakMap<GbdtModel, FlatTree[]>();

function flatForest(model: GbdtModel): FlatTree[] {
  let forest = flattened.get(model);
  if (!forest) {
    forest = model.trees.map(flattenTree);
    flattened.set(model, forest);
  }
  return forest;
}

/** Log-odds of rows (indices into `columns`, which follow model.featureNames) into `out`. */
export function gbdtLogOdds(model: GbdtModel, columns: readonly FeatureColumn[], rows: ArrayLike<number>, out: Float64Array): void {
  const forest = flatForest(model);
  const d = columns.length;
  const thresholds = model.thresholds.map((t) => Float64Array.from(t));
  const size = Math.min(CHUNK_ROWS, rows.length);
  const codes = new Uint8Array(size * d);
  const node = new Int32Array(size);
  const sum = new Float64Array(size);
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const m = Math.min(CHUNK_ROWS, rows.length - start);
    for (let f = 0; f < d; f++) {
      const col = columns[f];
      const thr = thresholds[f];
      for (let i = 0; i < m; i++) codes[i * d + f] = binOf(thr, col[rows[start + i]]);
    }
    sum.fill(model.baseline);
    for (const t of forest) {
      const { feature, bin, firstChild, value } = t;
      node.fill(0);
      for (let step = 0; step < t.depth; step++) {
        for (let i = 0; i < m; i++) {
          const k = node[i];
          node[i] = firstChild[k] + (codes[i * d + feature[k]] > bin[k] ? 1 : 0);
        }
      }
      for (let i = 0; i < m; i++) sum[i] += value[node[i]];
    }
    out.set(sum.subarray(0, m), start);
  }
}
