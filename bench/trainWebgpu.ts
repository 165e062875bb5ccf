// WebGPU check outside the browser: the WGSL histogram kernel against the reference, and GBDT trees on
// webgpu against cpu, through Dawn (npm `webgpu`, not a dependency of the app) on SwiftShader:
//
//   apt-get install -y libvulkan1 && npm install --prefix /tmp/wgpu webgpu@0.6.2
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx tsx bench/trainWebgpu.ts [/tmp/wgpu/node_modules/webgpu/index.js] [rows]
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { initBackend } from '../src/core/models/backend.ts';
import { binRows, fitThresholds } from '../src/core/models/gbdt/binning.ts';
import { createGbdtTrainer } from '../src/core/models/gbdt/gbdt.ts';
import { HistogramBuilder } from '../src/core/models/gbdt/histogram.ts';
import { histogramOnCpu } from '../src/core/models/gbdt/histogramKernels/histogramSpec.ts';
import { predictProba } from '../src/core/models/model.ts';
import { rocAuc } from '../src/core/models/metrics.ts';
import { rankScores } from '../src/core/models/ranking.ts';
import { createRng, shuffleInPlace } from '../src/core/models/random.ts';
import { allRows, stratifiedSplit, UNIT_WEIGHTS } from '../src/core/models/split.ts';
import { runTrainer } from '../src/core/models/training.ts';
import { sessionLikeTable } from '../test/models/syntheticTable.ts';

const modulePath = process.argv[2] ?? '/tmp/wgpu/node_modules/webgpu/index.js';
const rows = Number(process.argv[3] ?? 20000);
const webgpu = (await import(pathToFileURL(modulePath).href)) as { create(args: string[]): unknown; globals: Record<string, unknown> };
Object.assign(globalThis, webgpu.globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: webgpu.create([]) }, configurable: true });

const gpu = await initBackend(['webgpu']);
console.log('backend', gpu.backend, JSON.stringify(gpu.attempts));
const table = sessionLikeTable(rows, 3);
const thresholds = table.columns.map((c) => fitThresholds(c, allRows(table.rows), 255, 1));
const binned = binRows(table.columns, allRows(table.rows), thresholds);
const rng = createRng(1);
const grad = Float32Array.from({ length: table.rows }, () => rng() * 2 - 1);
const hess = Float32Array.from({ length: table.rows }, () => rng() * 0.25);
const node = shuffleInPlace(allRows(table.rows), createRng(2)).slice(0, Math.floor(table.rows * 0.6)).sort();
const builder = new HistogramBuilder(gpu.tf, binned);
builder.setGradients(grad, hess);
const got = await builder.build(node);
const want = histogramOnCpu(binned.codes, node, grad, hess, { numFeatures: binned.numFeatures, rowStride: binned.rowStride, binOffsets: binned.binOffsets });
let worst = 0;
let scale = 0;
for (let i = 0; i < want.length; i++) {
  worst = Math.max(worst, Math.abs(got[i] - want[i]));
  scale = Math.max(scale, Math.abs(want[i]));
}
let countsExact = true;
for (let i = 2; i < want.length; i += 3) if (got[i] !== want[i]) countsExact = false;
console.log(`histogram on webgpu (${builder.path}): max |Δ| ${worst.toExponential(2)} (largest value ${scale.toFixed(1)}), counts exact: ${countsExact}`);
builder.dispose();

const split = stratifiedSplit(table.label, allRows(table.rows), 0.2, 4);
const inner = stratifiedSplit(table.label, split.train, 0.1, 5);
const set = { table, features: table.names, fitRows: inner.train, validRows: inner.test, classWeights: UNIT_WEIGHTS, seed: 4 };
const params = { maxRounds: 30, earlyStoppingRounds: 0 };
let t = performance.now();
const onGpu = await runTrainer(createGbdtTrainer(gpu.tf, set, params));
const gpuSeconds = (performance.now() - t) / 1000;
const cpu = await initBackend(['cpu']);
t = performance.now();
const onCpu = await runTrainer(createGbdtTrainer(cpu.tf, set, params));
const cpuSeconds = (performance.now() - t) / 1000;
let sameTrees = 0;
onCpu.model.trees.forEach((tree, i) => {
  const other = onGpu.model.trees[i];
  if (JSON.stringify(tree.feature) === JSON.stringify(other.feature) && JSON.stringify(tree.bin) === JSON.stringify(other.bin)) sameTrees++;
});
const y = Uint8Array.from(split.test, (r) => table.label[r]);
const auc = (m: typeof onCpu.model) => rocAuc(rankScores(y, predictProba(m, table, split.test)));
console.log(`GBDT ${params.maxRounds} trees: identical structure in ${sameTrees}/${onCpu.model.trees.length}; test AUC webgpu ${auc(onGpu.model).toFixed(5)} vs cpu ${auc(onCpu.model).toFixed(5)}; ${gpuSeconds.toFixed(1)} s vs ${cpuSeconds.toFixed(1)} s`);
process.exit(0);
