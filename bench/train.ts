// Training benchmark: time and test AUC of both models per backend, and (with --sklearn) the same
// split through sklearn's HistGradientBoostingClassifier and LogisticRegression, single-threaded.
//
//   npx tsx bench/train.ts [--rows 1000000 | --csv FILE] [--backends cpu,wasm] [--models gbdt,logistic]
//                          [--rounds 200] [--seed 42] [--sklearn] [--python /usr/bin/python3] [--out /tmp/intent-lab-bench]
//
// Same protocol on both sides: stratified 80/20 split at the natural purchase rate, no balancing, no
// early stopping (200 trees, sklearn's defaults: lr 0.1, 31 leaves, min 20 rows per leaf, 255 bins,
// no L2); logistic with sklearn's C = 1 (our λ = 1 / n_fit) on standardised features.
// Both wall-clock and CPU seconds are printed: on a shared machine CPU time is the fairer comparison.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { numberOption, parseCommandArgs, stringOption, type CommandSpec } from '../cli/args.ts';
import type { NumberRange } from '../cli/numberRange.ts';
import { readCsvFeatures } from '../cli/readCsvFeatures.ts';
import { detectInput } from '../cli/commands/train.ts';
import { FeaturesCsvReader } from '../src/core/features/featuresFileImport.ts';
import type { FeatureTable } from '../src/core/features/featureTable.ts';
import { initBackend, setWasmAssetPaths, type BackendName } from '../src/core/models/backend.ts';
import { createGbdtTrainer } from '../src/core/models/gbdt/gbdt.ts';
import { createLogisticTrainer } from '../src/core/models/logistic.ts';
import { predictProba, type TrainedModel } from '../src/core/models/model.ts';
import { averagePrecision, rocAuc } from '../src/core/models/metrics.ts';
import { rankScores } from '../src/core/models/ranking.ts';
import { allRows, countPositives, stratifiedSplit, UNIT_WEIGHTS } from '../src/core/models/split.ts';
import { runTrainer, type StepTrainer, type TrainingSet } from '../src/core/models/training.ts';
import { sessionLikeTable } from '../test/models/syntheticTable.ts';
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';

const SKLEARN_SCRIPT = `
import json, sys, time, numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import roc_auc_score, average_precision_score
out, rounds, models = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(',')
tr = np.loadtxt(out + '/train.csv', delimiter=',', skiprows=1)
te = np.loadtxt(out + '/test.csv', delimiter=',', skiprows=1)
res = {}
for name in models:
    if name == 'gbdt':
        m = HistGradientBoostingClassifier(max_iter=rounds, early_stopping=False, random_state=0)
    else:
        m = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    t = time.perf_counter(); c = time.process_time(); m.fit(tr[:, 1:], tr[:, 0])
    s = time.perf_counter() - t; cs = time.process_time() - c
    p = m.predict_proba(te[:, 1:])[:, 1]
    res[name] = {'seconds': s, 'cpuSeconds': cs, 'auc': roc_auc_score(te[:, 0], p), 'ap': average_precision_score(te[:, 0], p)}
print(json.dumps(res))
`;

async function loadTable(path: string): Promise<FeatureTable> {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(4096);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  if (detectInput(buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0]) === 'raw') return (await readCsvFeatures(path, { cut: 'strict' })).table;
  const reader = new FeaturesCsvReader();
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 4 << 20 })) reader.push(chunk as string);
  return reader.finish();
}

async function exportRows(path: string, table: FeatureTable, rows: Int32Array): Promise<void> {
  const out = createWriteStream(path);
  out.write(`label,${table.names.join(',')}\n`);
  let buf = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    buf += String(table.label[r]);
    for (const c of table.columns) buf += `,${c[r]}`;
    buf += '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
}

function scores(model: TrainedModel, table: FeatureTable, rows: Int32Array): { auc: number; ap: number } {
  const y = Uint8Array.from(rows, (r) => table.label[r]);
  const ranking = rankScores(y, predictProba(model, table, rows));
  return { auc: rocAuc(ranking), ap: averagePrecision(ranking) };
}

async function main(): Promise<void> {
  const spec: CommandSpec = {
    name: 'bench/train.ts',
    usage: 'npx tsx bench/train.ts [--rows N | --csv features.csv] [--seed S] [--rounds R] [--backends cpu,wasm] [--models gbdt,logistic] [--out DIR] [--sklearn] [--python PATH]',
    valueOptions: ['rows', 'csv', 'seed', 'rounds', 'backends', 'models', 'out', 'python'],
    flags: ['sklearn'],
    positionals: [],
  };
  const COUNT: NumberRange = { min: 0, max: Infinity, integer: true };
  const args = parseCommandArgs(process.argv.slice(2), spec);
  const seed = numberOption(args, 'seed', COUNT, 42);
  const rounds = numberOption(args, 'rounds', COUNT, 200);
  const backends = stringOption(args, 'backends', 'cpu,wasm').split(',') as BackendName[];
  const models = stringOption(args, 'models', 'gbdt,logistic').split(',') as ('gbdt' | 'logistic')[];
  const outDir = stringOption(args, 'out', '/tmp/intent-lab-bench');
  mkdirSync(outDir, { recursive: true });
  const csv = stringOption(args, 'csv');
  const t0 = performance.now();
  const table = csv ? await loadTable(csv) : sessionLikeTable(numberOption(args, 'rows', COUNT, 1_000_000), seed);
  const split = stratifiedSplit(table.label, allRows(table.rows), 0.2, seed);
  console.log(
    `data: ${csv ?? `synthetic sessionLikeTable(${table.rows}, ${seed})`}: ${table.rows.toLocaleString('en-US')} rows × ${table.names.length} features, ` +
      `${((100 * countPositives(table.label, allRows(table.rows))) / table.rows).toFixed(2)} % positive; train ${split.train.length}, test ${split.test.length} (${((performance.now() - t0) / 1000).toFixed(1)} s to load)`,
  );
  const set: TrainingSet = { table, features: table.names, fitRows: split.train, validRows: new Int32Array(0), classWeights: UNIT_WEIGHTS, seed };
  setWasmAssetPaths(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).href);
  const results: Record<string, unknown>[] = [];
  for (const backend of backends) {
    const rt = await initBackend([backend]);
    for (const model of models) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const trainer: StepTrainer<TrainedModel> =
        model === 'gbdt'
          ? createGbdtTrainer(rt.tf, set, { maxRounds: rounds, earlyStoppingRounds: 0 })
          : createLogisticTrainer(rt.tf, set, { l2: 1 / split.train.length, earlyStoppingRounds: 0, maxIterations: 50 });
      const setup = (performance.now() - start) / 1000;
      const out = await runTrainer(trainer);
      const seconds = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const s = scores(out.model, table, split.test);
      const row = { side: 'intent-lab', model, backend: rt.backend, seconds: +seconds.toFixed(2), cpuSeconds: +cpuSeconds.toFixed(2), setupSeconds: +setup.toFixed(2), steps: out.curve.length, auc: +s.auc.toFixed(5), ap: +s.ap.toFixed(5) };
      results.push(row);
      console.log(JSON.stringify(row));
    }
  }
  if (args.options.has('sklearn')) {
    await exportRows(join(outDir, 'train.csv'), table, split.train);
    await exportRows(join(outDir, 'test.csv'), table, split.test);
    writeFileSync(join(outDir, 'sklearn_bench.py'), SKLEARN_SCRIPT);
    const python = stringOption(args, 'python', '/usr/bin/python3');
    const text = execFileSync(python, [join(outDir, 'sklearn_bench.py'), outDir, String(rounds), models.join(',')], {
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const sk = JSON.parse(text.trim().split('\n').pop() as string) as Record<string, { seconds: number; cpuSeconds: number; auc: number; ap: number }>;
    for (const [model, v] of Object.entries(sk)) {
      const row = { side: 'sklearn (OMP_NUM_THREADS=1)', model, backend: 'native', seconds: +v.seconds.toFixed(2), cpuSeconds: +v.cpuSeconds.toFixed(2), auc: +v.auc.toFixed(5), ap: +v.ap.toFixed(5) };
      results.push(row);
      console.log(JSON.stringify(row));
    }
  }
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
