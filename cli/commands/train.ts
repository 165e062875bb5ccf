// `npm run cli -- train FILE.csv [options]`: features → model → evaluation, the same core the app runs.
import { createReadStream, openSync, readSync, closeSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { choiceOption, flagOption, numberOption, outputOption, requireSeparatePaths, stringOption, type CommandSpec, type ParsedArgs } from '../args.ts';
import { commandRunner } from '../commandRunner.ts';
import { parseNumberInRange, rangeInWords, type NumberRange } from '../numberRange.ts';
import { UsageError } from '../usageError.ts';
import { TRAIN_NUMBER_RULES } from '../../src/core/models/trainOptionsValidation.ts';
import { availableParallelism } from 'node:os';
import { readCsvFeatures, type CsvFeatures } from '../readCsvFeatures.ts';
import { requireInputFile } from '../readCsv.ts';
import { shellQuote } from '../shellQuote.ts';
import { IngestError } from '../../src/core/ingest/csvIngestor.ts';
import { computeSessionFeatures } from '../../src/core/features/sessionFeatures.ts';
import { FAITHFUL_CUT_NOTE } from '../../src/core/features/featureDefinitions.ts';
import { requireValidRows } from '../../src/core/ingest/requireDataRows.ts';
import { FeaturesCsvReader } from '../../src/core/features/featuresFileImport.ts';
import type { FeatureTable } from '../../src/core/features/featureTable.ts';
import { initBackend, isBackendName, setWasmAssetPaths, type BackendAttempt, type BackendName } from '../../src/core/models/backend.ts';
import { earlyPredictionCurve, EARLY_PREDICTION_KS, type EarlyPredictionPoint } from '../../src/core/models/earlyPrediction.ts';
import type { EvaluationReport } from '../../src/core/models/evaluation.ts';
import { serializeModel } from '../../src/core/models/modelFile.ts';
import { planRows, runProtocol, type ProtocolReport } from '../../src/core/models/protocol.ts';
import { predictProba } from '../../src/core/models/model.ts';
import { scoresCsvChunks } from '../../src/core/models/scoresCsv.ts';

const USAGE = `usage: npm run cli -- train FILE.csv [options]

FILE is a raw REES46 CSV (event_time,event_type,…) or a features CSV (user_session,label,<features>),
told apart by its header.

  --model gbdt|logistic            model (default gbdt)
  --protocol honest|faithful       evaluation protocol (default honest)
  --balance undersample|weights|none   how honest balances its training part (default undersample)
  --cut faithful|strict            session cut for a raw CSV (default: strict under honest, faithful under faithful)
  --seed N                         seed for every random choice, 0 to 4294967295 (default 42)
  --backend webgpu|webgl|wasm|cpu  where to start the backend fall-through (default webgpu → webgl → wasm → cpu)
  --rounds N                       GBDT trees / logistic Newton steps at most, 1 to 2000 (defaults 200 / 30)
  --threshold X                    decision threshold for precision/recall/F1, 0 to 1 (default 0.5)
  --early-k 1,2,3,5,10             raw CSV only: AUC of the model when it sees only the first k events
  --json out.json                  write the full report as JSON
  --save model.json                save the trained model (score it later, or in the app)
  --scores scores.csv              write every session's score: user_session,label,part,in_balanced_test,score
                                   (part test|train|unused), to recompute every metric with other tools
  --quiet                          no progress on stderr`;

type InputKind = 'raw' | 'features';

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  } finally {
    closeSync(fd);
  }
}

/** A features file names user_session and label in its header; a raw REES46 file starts with event_time. */
export function detectInput(header: string): InputKind {
  const cols = header.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  return cols.includes('user_session') && cols.includes('label') && !cols.includes('event_type') ? 'features' : 'raw';
}

async function readFeaturesFile(path: string): Promise<FeatureTable> {
  const reader = new FeaturesCsvReader();
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 4 << 20 })) reader.push(chunk as string);
  return reader.finish();
}

/** node: tfjs-backend-wasm reads its .wasm with fs; point it at the package's dist folder explicitly. */
function nodeWasmFolder(): string {
  const require = createRequire(import.meta.url);
  return `${pathToFileURL(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')).href}/`;
}

/** WebGPU in node needs the optional `webgpu` package (Dawn); without it the attempt is skipped with a reason. */
async function tryNodeWebGpu(): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return;
  try {
    const mod = (await import(/* @vite-ignore */ 'webgpu' as string)) as { create(args: string[]): unknown; globals: Record<string, unknown> };
    Object.assign(globalThis, mod.globals);
    Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator ?? {}), gpu: mod.create([]) }, configurable: true });
  } catch {
    // not installed: initBackend reports "navigator.gpu is not available"
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const num = (x: number) => x.toLocaleString('en-US');
const fixed = (x: number | null | undefined, d = 4) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));

function metricRows(e: EvaluationReport | null): string[] {
  if (!e) return Array<string>(12).fill('—');
  return [
    num(e.n),
    `${num(e.pos)} (${pct(e.pos / Math.max(1, e.n))})`,
    fixed(e.auc),
    fixed(e.prAuc),
    fixed(e.logLoss),
    fixed(e.threshold, 2),
    fixed(e.precision),
    fixed(e.recall),
    fixed(e.f1),
    fixed(e.weightedF1),
    fixed(e.accuracy),
    `${fixed(e.bestF1.threshold, 3)} (F1 ${fixed(e.bestF1.f1, 3)})`,
  ];
}

function formatReport(r: ProtocolReport, input: string, kind: InputKind, cut: string, attempts: readonly BackendAttempt[], early: EarlyPredictionPoint[] | null): string {
  const skipped = attempts.filter((a) => !a.ok).map((a) => `${a.backend}: ${a.reason}`);
  const lines = [
    `model     ${r.model} on ${r.backend}${skipped.length ? `  (skipped ${skipped.join('; ')})` : ''}`,
    `input     ${input} (${kind === 'raw' ? `raw CSV, cut ${cut}` : 'features CSV'}): ${num(r.sessions.rows)} sessions, ${pct(r.sessions.positives / Math.max(1, r.sessions.rows))} bought`,
    `protocol  ${r.protocol}${r.protocol === 'honest' ? `, training part balanced by ${r.balance}` : ''}, seed ${r.seed}`,
    `train     ${num(r.train.rows)} rows (${num(r.train.positives)} buyers; ${num(r.train.validRows)} held out for early stopping), ${r.train.keptRounds} of ${r.train.rounds} ${r.model === 'gbdt' ? 'trees' : 'Newton steps'} kept, ${r.train.seconds.toFixed(1)} s${r.train.aborted ? ' (cancelled)' : ''}`,
    ...r.notes.map((n) => `note      ${n}`),
    '',
  ];
  const labels = ['sessions', 'buyers', 'ROC-AUC', 'PR-AUC (AP)', 'log loss', 'threshold', 'precision', 'recall', 'F1 (buyers)', 'weighted F1', 'accuracy', 'best-F1 threshold'];
  const nat = metricRows(r.test.natural);
  const bal = metricRows(r.test.balanced);
  lines.push(`${''.padEnd(20)}${'natural test'.padEnd(22)}balanced test`);
  labels.forEach((l, i) => lines.push(`  ${l.padEnd(18)}${nat[i].padEnd(22)}${bal[i]}`));
  lines.push('', `feature importance (${r.model === 'gbdt' ? 'share of split gain' : 'share of |standardised coefficient|'})`);
  const imp = Object.entries(r.featureImportance).sort((a, b) => b[1] - a[1]);
  for (const [name, v] of imp) lines.push(`  ${name.padEnd(26)}${pct(v).padStart(7)}  ${'█'.repeat(Math.round(v * 40))}`);
  if (early) {
    lines.push('', 'early prediction (first k events, strict cut; test sessions)');
    for (const p of early) lines.push(`  k = ${String(p.k).padEnd(3)} AUC ${fixed(p.auc)}   AP ${fixed(p.prAuc)}   (${num(p.n)} sessions)`);
  }
  return lines.join('\n');
}

export const commandSpec: CommandSpec = {
  name: 'train',
  usage: USAGE,
  valueOptions: ['model', 'protocol', 'balance', 'cut', 'seed', 'backend', 'rounds', 'threshold', 'early-k', 'json', 'save', 'scores'],
  flags: ['quiet'],
  positionals: ['FILE.csv'],
};

// The seed and the round cap take the Train form's ranges (trainOptionsValidation.ts), so the command
// line refuses what the app refuses. The cap is the form's tree cap for logistic Newton steps too:
// those stop on their own long before it (default 30).
const SEED_RANGE: NumberRange = TRAIN_NUMBER_RULES.seed;
const ROUNDS_RANGE: NumberRange = TRAIN_NUMBER_RULES.gbdtRounds;
const THRESHOLD_RANGE: NumberRange = { min: 0, max: 1, integer: false };
/** k = 0 would be a session with no events, which has no features. */
const EARLY_K_RANGE: NumberRange = { min: 1, max: Infinity, integer: true };

/** --early-k: "default", or a comma-separated list of k, each checked like a numeric option. */
function earlyKOption(args: ParsedArgs): number[] | null {
  const text = stringOption(args, 'early-k');
  if (text === undefined) return null;
  if (text === 'default') return [...EARLY_PREDICTION_KS];
  return text.split(',').map((k) => {
    const parsed = parseNumberInRange('early-k', k, EARLY_K_RANGE);
    if (!parsed.ok) throw new UsageError(`--early-k takes "default" or a list like 1,2,3,5,10, each k ${rangeInWords(EARLY_K_RANGE)}; got "${k}" in "${text}"`);
    return parsed.value;
  });
}

export const run = commandRunner(commandSpec, async (args) => {
  const file = args.positionals[0];
  const model = choiceOption(args, 'model', ['gbdt', 'logistic'] as const, 'gbdt');
  const protocol = choiceOption(args, 'protocol', ['honest', 'faithful'] as const, 'honest');
  const balance = choiceOption(args, 'balance', ['undersample', 'weights', 'none'] as const, 'undersample');
  const cut = choiceOption(args, 'cut', ['faithful', 'strict'] as const, protocol === 'honest' ? 'strict' : 'faithful');
  const seed = numberOption(args, 'seed', SEED_RANGE, 42);
  const backendArg = stringOption(args, 'backend');
  if (backendArg !== undefined && !isBackendName(backendArg)) throw new UsageError(`--backend must be one of webgpu|webgl|wasm|cpu, got "${backendArg}"`);
  const rounds = numberOption(args, 'rounds', ROUNDS_RANGE);
  const threshold = numberOption(args, 'threshold', THRESHOLD_RANGE, 0.5);
  const earlyKs = earlyKOption(args);
  const quiet = flagOption(args, 'quiet');
  // Checked before the work, not after minutes of training.
  const jsonPath = outputOption(args, 'json');
  const scoresPath = outputOption(args, 'scores');
  const savePath = outputOption(args, 'save');
  requireSeparatePaths({ 'the input file': file }, { json: jsonPath, scores: scoresPath, save: savePath });
  requireInputFile(file);
  const progress = (s: string) => {
    if (!quiet) process.stderr.write(`\r\x1b[K${s}`);
  };

  const kind = detectInput(firstLine(file));
  if (earlyKs && kind !== 'raw') throw new UsageError('--early-k needs a raw REES46 CSV (the first k events of each session are cut from events)');
  progress(`reading ${file} …`);
  // Parse once; early-prediction tables are re-cut from the same events (no re-read).
  let parsed: CsvFeatures | null = null;
  try {
    if (kind === 'raw') parsed = await readCsvFeatures(file, { cut, workers: availableParallelism() });
    // Every row rejected: why, rather than "this data has 0 sessions".
    if (parsed) requireValidRows(parsed.ingest, `To list every rejected line with its reason: npm run cli -- features ${shellQuote(file)} --rejected rejected.csv`);
  } catch (err) {
    // A file the app refuses (no data rows, not the schema): said as `features` says it, not after the progress line.
    if (!(err instanceof IngestError)) throw err;
    progress('');
    console.error(`error: ${err.message}`);
    return 1;
  }
  const table = parsed ? parsed.table : await readFeaturesFile(file);

  setWasmAssetPaths(nodeWasmFolder());
  if (backendArg === undefined || backendArg === 'webgpu') await tryNodeWebGpu();
  const runtime = await initBackend(backendArg as BackendName | undefined);
  let last = 0;
  const report = await runProtocol(runtime, table, {
    model,
    protocol,
    balance,
    seed,
    threshold,
    gbdt: rounds === undefined ? undefined : { maxRounds: rounds },
    logistic: rounds === undefined ? undefined : { maxIterations: rounds },
    onRound: (r) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      progress(`training ${model} on ${runtime.backend}: round ${r.round}, train loss ${r.trainLoss.toFixed(5)}${r.validLoss === null ? '' : `, validation loss ${r.validLoss.toFixed(5)}`}`);
    },
  });

  let early: EarlyPredictionPoint[] | null = null;
  if (earlyKs) {
    const plan = planRows(table.label, { protocol, balance, seed });
    const testRows = plan.naturalTest ?? plan.balancedTest;
    const byK: { k: number; table: FeatureTable }[] = [];
    for (const k of earlyKs) {
      progress(`early prediction: features of the first ${k} events …`);
      const { events, dict } = (parsed as NonNullable<typeof parsed>).ingest;
      byK.push({ k, table: computeSessionFeatures(events, dict.sessions, { cut: 'strict', firstK: k }).table });
    }
    early = earlyPredictionCurve(report.trainedModel, table, testRows, byK);
  }
  progress('');

  if (kind === 'raw' && cut === 'faithful') report.notes.push(FAITHFUL_CUT_NOTE);
  const { trainedModel, ...rest } = report;
  const json = { ...rest, input: { file, kind }, cut: kind === 'raw' ? cut : null, backendAttempts: runtime.attempts, earlyPrediction: early };
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  if (scoresPath) {
    // The same plan runProtocol trained and evaluated on (planRows is deterministic in its options).
    const plan = planRows(table.label, { protocol, balance, seed });
    const fd = openSync(scoresPath, 'w');
    try {
      for (const chunk of scoresCsvChunks(table, plan, predictProba(trainedModel, table))) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }
  if (savePath) {
    const metadata = { protocol, balance, cut: json.cut, seed, backend: runtime.backend, trainRows: report.train.rows, testAuc: report.test.natural?.auc ?? report.test.balanced.auc, testSet: report.test.natural ? 'natural' : 'balanced', dataName: basename(file), input: file };
    writeFileSync(savePath, serializeModel(trainedModel, metadata));
  }
  console.log(formatReport(report, file, kind, cut, runtime.attempts, early));
  return 0;
});
