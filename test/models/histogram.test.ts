// One spec for the histogram op on every backend available in node: the wasm function, the cpu and
// wasm tfjs kernels and the composite of stock ops all equal a naive per-(row, feature) reference.
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/models/backend.ts';
import { binRows, fitThresholds } from '../../src/core/models/gbdt/binning.ts';
import { HistogramBuilder, type HistogramPath } from '../../src/core/models/gbdt/histogram.ts';
import { createWasmMemory, histogramFunctionsFor } from '../../src/core/models/gbdt/histogramKernels/wasmHistogramModule.ts';
import { wasmHistogramImplementation, wasmHistogramLayout } from '../../src/core/models/gbdt/histogramKernels/wasmKernel.ts';
import { accumulateHistogram, packColumns } from '../../src/core/models/gbdt/histogramKernels/histogramSpec.ts';
import { allRows } from '../../src/core/models/split.ts';
import { createRng, shuffleInPlace } from '../../src/core/models/random.ts';
import { sessionLikeTable } from './syntheticTable.ts';

const table = sessionLikeTable(3000, 11);
const thresholds = table.columns.map((c) => fitThresholds(c, allRows(table.rows), 255, 1));
const binned = binRows(table.columns, allRows(table.rows), thresholds);
const rng = createRng(5);
const grad = Float32Array.from({ length: table.rows }, () => rng() * 2 - 1);
const hess = Float32Array.from({ length: table.rows }, () => rng() * 0.25);
// An unsorted subset, like a tree node's rows after partitioning.
const nodeRows = shuffleInPlace(allRows(table.rows), createRng(9)).slice(0, 1234);

/** The definition, written as plainly as possible: one (row, feature) at a time. */
function naiveHistogram(rows: Int32Array): Float64Array {
  const out = new Float64Array(binned.binOffsets[binned.numFeatures] * 3);
  for (const r of rows) {
    for (let f = 0; f < binned.numFeatures; f++) {
      const bin = binned.binOffsets[f] + binned.codes[r * binned.rowStride + f];
      out[bin * 3] += grad[r];
      out[bin * 3 + 1] += hess[r];
      out[bin * 3 + 2] += 1;
    }
  }
  return out;
}

function expectClose(got: Float64Array, want: Float64Array, tol: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (d > worst) [worst, at] = [d, i];
  }
  expect(worst, `largest difference at bin ${Math.floor(at / 3)} component ${at % 3}: got ${got[at]}, want ${want[at]}`).toBeLessThanOrEqual(tol);
}

describe('histogram reference', () => {
  it('accumulateHistogram equals the naive definition exactly', () => {
    const got = new Float64Array(binned.binOffsets[binned.numFeatures] * 3);
    accumulateHistogram(binned.codes, binned.rowStride, binned.numFeatures, binned.binOffsets, nodeRows, grad, hess, got);
    expect(got).toEqual(naiveHistogram(nodeRows));
  });

  it('the hand-assembled wasm functions (row- and column-major) give bit-identical sums', () => {
    const bins = binned.binOffsets[binned.numFeatures];
    const memory = createWasmMemory(binned.codes.length * 2 + table.rows * 20 + bins * 24 + 4096);
    let p = 0;
    const put = <T extends Int32Array | Float32Array | Uint8Array>(src: T): number => {
      const at = p;
      new Uint8Array(memory.buffer, at, src.byteLength).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
      p = (p + src.byteLength + 7) & ~7;
      return at;
    };
    const codes = put(binned.codes);
    const rows = put(nodeRows);
    const g = put(grad);
    const h = put(hess);
    const offsets = put(Int32Array.from(binned.binOffsets.slice(0, -1), (o) => o * 24));
    const columns = put(new Uint8Array(packColumns(binned.columns, table.rows).buffer));
    const out = p;
    const scratch = out + bins * 24;
    const fns = histogramFunctionsFor(memory);
    fns.hist(codes, binned.rowStride, binned.numFeatures, offsets, rows, nodeRows.length, g, h, out);
    expect(new Float64Array(memory.buffer, out, bins * 3)).toEqual(naiveHistogram(nodeRows));
    new Float64Array(memory.buffer, out, bins * 3).fill(0);
    fns.histColumns(columns, table.rows, binned.numFeatures, offsets, rows, nodeRows.length, g, h, out, scratch);
    expect(new Float64Array(memory.buffer, out, bins * 3)).toEqual(naiveHistogram(nodeRows));
  });
});

const cases: [string, 'cpu' | 'wasm', HistogramPath][] = [
  ['cpu kernel', 'cpu', 'kernel'],
  ['wasm kernel', 'wasm', 'kernel'],
  ['composite of stock ops on cpu', 'cpu', 'composite'],
  ['composite of stock ops on wasm', 'wasm', 'composite'],
];

describe.each(cases)('HistogramBuilder: %s', (_name, backend, path) => {
  it('equals the naive histogram (float32 output) for a node and for an empty node', async () => {
    const rt = await initBackend([backend]);
    expect(rt.backend).toBe(backend);
    const builder = new HistogramBuilder(rt.tf, binned, path);
    expect(builder.path).toBe(path);
    if (backend === 'wasm') expect(wasmHistogramImplementation(rt.tf.backend())).toBe('wasm-function');
    builder.setGradients(grad, hess);
    const want = naiveHistogram(nodeRows);
    // Kernels round their float64 sums to float32 once; stock ops accumulate in float32.
    expectClose(await builder.build(nodeRows), want, path === 'kernel' ? 0 + Math.max(...want.map(Math.abs)) * 2 ** -24 : 1e-3);
    expect(await builder.build(new Int32Array(0))).toEqual(new Float64Array(want.length));
    // A node holding 5 % of the rows: the wasm kernel switches to its column-major loop for it.
    const sparse = nodeRows.slice(0, 150).sort();
    if (backend === 'wasm' && path === 'kernel') expect(wasmHistogramLayout(sparse.length, table.rows, true)).toBe('columns');
    const wantSparse = naiveHistogram(sparse);
    expectClose(await builder.build(sparse), wantSparse, path === 'kernel' ? Math.max(...wantSparse.map(Math.abs)) * 2 ** -24 : 1e-3);
    builder.dispose();
  });
});

describe('wasm kernel layout choice', () => {
  it('column-major for nodes holding 1.5–20 % of the rows, row-major otherwise or without columns', () => {
    expect(wasmHistogramLayout(1000, 1000, true)).toBe('rows');
    expect(wasmHistogramLayout(199, 1000, true)).toBe('columns');
    expect(wasmHistogramLayout(15, 1000, true)).toBe('columns');
    expect(wasmHistogramLayout(14, 1000, true)).toBe('rows');
    expect(wasmHistogramLayout(100, 1000, false)).toBe('rows');
  });
});
