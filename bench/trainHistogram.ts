// Histogram kernel micro-benchmark: ns per (row, feature) update of the JS reference loop and of the
// two wasm loops (row-major, column-major), for nodes holding a decreasing share of 800K rows.
//   npx tsx bench/trainHistogram.ts [--rows 800000]
import { numberOption, parseCommandArgs } from '../cli/args.ts';
import { createWasmMemory, histogramFunctionsFor } from '../src/core/models/gbdt/histogramKernels/wasmHistogramModule.ts';
import { accumulateHistogram, packColumns } from '../src/core/models/gbdt/histogramKernels/histogramSpec.ts';
import { binRows, fitThresholds } from '../src/core/models/gbdt/binning.ts';
import { allRows } from '../src/core/models/split.ts';
import { createRng } from '../src/core/models/random.ts';
import { sessionLikeTable } from '../test/models/syntheticTable.ts';

const args = parseCommandArgs(process.argv.slice(2), { name: 'bench/trainHistogram.ts', usage: 'npx tsx bench/trainHistogram.ts [--rows 800000]', valueOptions: ['rows'], flags: [], positionals: [] });
const n = numberOption(args, 'rows', { min: 1, max: Infinity, integer: true }, 800_000);
const table = sessionLikeTable(n, 42);
const b = binRows(table.columns, allRows(n), table.columns.map((c) => fitThresholds(c, allRows(n), 255)));
const d = b.numFeatures;
const bins = b.binOffsets[d];
const memory = createWasmMemory(b.codes.length * 2 + n * 24 + bins * 48 + (1 << 16));
let p = 0;
const put = (src: Uint8Array): number => {
  const at = p;
  new Uint8Array(memory.buffer, at, src.byteLength).set(src);
  p = (p + src.byteLength + 7) & ~7;
  return at;
};
const rng = createRng(1);
const grad = Float32Array.from({ length: n }, () => rng() - 0.5);
const hess = Float32Array.from({ length: n }, () => rng() * 0.25);
const pCodes = put(b.codes);
const pColumns = put(new Uint8Array(packColumns(b.columns, n).buffer));
const pGrad = put(new Uint8Array(grad.buffer));
const pHess = put(new Uint8Array(hess.buffer));
const pOffsets = put(new Uint8Array(Int32Array.from(b.binOffsets.slice(0, d), (o) => o * 24).buffer));
const pRows = p;
p += n * 4;
const pScratch = p;
p += n * 8;
const pOut = p;
const { hist, histColumns } = histogramFunctionsFor(memory);
const js = new Float64Array(bins * 3);

function best(run: () => void): number {
  let ms = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const t = performance.now();
    run();
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
}

console.log(`${n} rows × ${d} features, ${bins} bins; ns per update (best of 5)`);
console.log('share of rows   JS loop   wasm rows   wasm columns');
for (const share of [1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01]) {
  const rows = new Int32Array(memory.buffer, pRows, n);
  let m = 0;
  for (let i = 0; i < n; i++) if (share === 1 || rng() < share) rows[m++] = i;
  const nodeRows = rows.slice(0, m);
  const out = () => new Float64Array(memory.buffer, pOut, bins * 3).fill(0);
  const tJs = best(() => accumulateHistogram(b.codes, b.rowStride, d, b.binOffsets, nodeRows, grad, hess, js.fill(0)));
  const tRows = best(() => (out(), hist(pCodes, b.rowStride, d, pOffsets, pRows, m, pGrad, pHess, pOut)));
  const tCols = best(() => (out(), histColumns(pColumns, n, d, pOffsets, pRows, m, pGrad, pHess, pOut, pScratch)));
  const ns = (ms: number) => ((ms * 1e6) / (m * d)).toFixed(2).padStart(9);
  console.log(`${(share * 100).toFixed(0).padStart(5)} %      ${ns(tJs)}   ${ns(tRows)}   ${ns(tCols)}`);
}
