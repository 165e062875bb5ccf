// `npm run cli -- stream FILE.csv [--speed max] [--batch 100] [--timeout-min 30] [--lr 0.5] [--window 1000]
//   [--warm-start model.json] [--compare model.json] [--json out.json]`
// Replays a CSV through the same stream engine the Live stream tab runs, as fast as possible, and
// prints exact totals and the prequential metrics.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { flagOption, numberOption, outputOption, requireSeparatePaths, stringOption, type CommandSpec } from '../args.ts';
import { commandRunner } from '../commandRunner.ts';
import type { NumberRange } from '../numberRange.ts';
import { UsageError } from '../usageError.ts';
import { ingestCsvFile } from '../readCsv.ts';
import { IngestError } from '../../src/core/ingest/csvIngestor.ts';
import { FEATURE_NAMES } from '../../src/core/features/featureDefinitions.ts';
import { StreamEngine } from '../../src/core/stream/streamEngine.ts';
import { linearModelFromJson, linearScorer, type LinearModelParams } from '../../src/core/stream/linearModel.ts';
import { closedSessions, purchasesPerCart, sessionConversionRate } from '../../src/core/stream/streamTotals.ts';
import type { ClassifierMetrics } from '../../src/core/stream/prequentialMetrics.ts';

const USAGE = `usage: npm run cli -- stream FILE.csv [--speed max] [--batch 100] [--timeout-min 30] [--lr 0.5] [--window 1000]
                                 [--warm-start model.json] [--compare model.json] [--json out.json] [--quiet]

Replays the file's events in event-time order through the online model, as fast as possible: every
event updates its session's features and score; a session is a positive when its first purchase
arrives (scored on its features before that event), a negative when it closes without one (after
--timeout-min minutes of inactivity, or at the end of the file). Each label is scored before the model
learns from it (prequential evaluation), in SGD mini-batches of --batch.
  --batch       SGD mini-batch size, 1 to 100000 (default 100)
  --timeout-min minutes of inactivity that close a session, above 0 and at most 1440 (default 30)
  --lr          learning rate, above 0 and at most 10 (default 0.5)
  --window      labels in the rolling metrics, 1 to 1000000 (default 1000)
  --warm-start  start from a saved logistic model (the Train view's model file, or {names,mean,std,weights,bias})
  --compare     also score a frozen logistic model on the same labels`;

function readModel(path: string): LinearModelParams {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`cannot read model file ${path}`);
  }
  try {
    return linearModelFromJson(JSON.parse(text));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

export const commandSpec: CommandSpec = {
  name: 'stream',
  usage: USAGE,
  valueOptions: ['speed', 'batch', 'timeout-min', 'lr', 'window', 'warm-start', 'compare', 'json'],
  flags: ['quiet'],
  positionals: ['FILE.csv'],
};

// The upper bounds of the Live stream tab's inputs (ModelPanel.svelte), so a run here can be repeated
// there. The timeout and the learning rate are only required to be above 0, as the engine requires: a
// replay may well try half a minute, or a rate below the tab's 0.001.
const BATCH_RANGE: NumberRange = { min: 1, max: 100_000, integer: true };
const TIMEOUT_MIN_RANGE: NumberRange = { min: 0, minExclusive: true, max: 1440, integer: false };
const LEARNING_RATE_RANGE: NumberRange = { min: 0, minExclusive: true, max: 10, integer: false };
/** The rolling metrics keep the last N labels in a ring (9 bytes each) and re-rank them on each read. */
const WINDOW_RANGE: NumberRange = { min: 1, max: 1_000_000, integer: true };

export const run = commandRunner(commandSpec, async (args) => {
  const file = args.positionals[0];
  const speed = stringOption(args, 'speed', 'max');
  if (speed !== 'max') throw new UsageError(`--speed: the command line replays as fast as possible (--speed max); real-time speeds are in the app's Live stream tab`);
  const batchSize = numberOption(args, 'batch', BATCH_RANGE, 100);
  const timeoutMin = numberOption(args, 'timeout-min', TIMEOUT_MIN_RANGE, 30);
  const learningRate = numberOption(args, 'lr', LEARNING_RATE_RANGE, 0.5);
  const metricsWindow = numberOption(args, 'window', WINDOW_RANGE, 1000);
  const warmPath = stringOption(args, 'warm-start');
  const comparePath = stringOption(args, 'compare');
  const jsonPath = outputOption(args, 'json');
  requireSeparatePaths({ 'the input file': file, '--warm-start': warmPath, '--compare': comparePath }, { json: jsonPath });
  const quiet = flagOption(args, 'quiet');
  const progress = !quiet && process.stderr.isTTY;

  const warmStart = warmPath ? readModel(warmPath) : null;
  const frozenParams = comparePath ? readModel(comparePath) : null;
  let data;
  try {
    data = await ingestCsvFile(file);
  } catch (err) {
    if (err instanceof IngestError) {
      console.error(`error: ${err.message}`);
      return 1;
    }
    throw err;
  }

  const t0 = performance.now();
  const engine = new StreamEngine(
    { events: data.events, sessionCount: data.dict.sessions.size },
    {
      timeoutSec: timeoutMin * 60,
      model: { batchSize, learningRate, warmStart },
      metricsWindow,
      frozen: frozenParams ? linearScorer(frozenParams, FEATURE_NAMES) : null,
    },
  );
  const sortMs = performance.now() - t0;
  let lastReport = 0;
  while (!engine.done) {
    engine.processUntil(Infinity, 1 << 18);
    const now = performance.now();
    if (progress && now - lastReport > 500) {
      lastReport = now;
      process.stderr.write(`\r  ${((100 * engine.cursor) / engine.order.length).toFixed(1)} %  ${engine.totals.events.toLocaleString('en-US')} events`);
    }
  }
  engine.closeAll();
  const seconds = (performance.now() - t0) / 1000;
  if (progress) process.stderr.write('\r\x1b[K');

  const t = engine.totals;
  const summary = {
    file,
    // Rows the parser refused are not replayed: say how many and why (`cli features --rejected` lists them).
    rejected: { total: data.rejected.total, byReason: data.rejected.byReason },
    events: t.events,
    seconds,
    eventsPerSecond: t.events / seconds,
    replayOrderMs: sortMs,
    options: { timeoutMin, batchSize, learningRate, metricsWindow, warmStart: warmPath ?? null, compare: comparePath ?? null },
    totals: t,
    closedSessions: closedSessions(t),
    peakOpenSessions: engine.sessions.peakOpen,
    sessionConversionRate: sessionConversionRate(t),
    purchasesPerCart: purchasesPerCart(t),
    online: { sinceStart: engine.metrics.sinceStart(), rolling: engine.metrics.rolling() },
    frozen: engine.frozenMetrics ? { sinceStart: engine.frozenMetrics.sinceStart(), rolling: engine.frozenMetrics.rolling() } : null,
    model: engine.model.params(),
  };
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(summary, null, 2)}\n`);
  if (!quiet) console.log(formatStreamSummary(summary));
  return 0;
});

type Summary = {
  file: string;
  rejected: { total: number; byReason: Partial<Record<string, number>> };
  seconds: number;
  eventsPerSecond: number;
  options: { timeoutMin: number; batchSize: number; learningRate: number; metricsWindow: number };
  totals: StreamEngine['totals'];
  closedSessions: number;
  peakOpenSessions: number;
  sessionConversionRate: number;
  purchasesPerCart: number;
  online: { sinceStart: ClassifierMetrics; rolling: ClassifierMetrics };
  frozen: { sinceStart: ClassifierMetrics; rolling: ClassifierMetrics } | null;
};

export function formatStreamSummary(s: Summary): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const pct = (v: number) => (Number.isNaN(v) ? '—' : `${(100 * v).toFixed(2)} %`);
  const num = (v: number) => (Number.isNaN(v) ? '—' : v.toFixed(4));
  const t = s.totals;
  const m = (label: string, x: ClassifierMetrics) =>
    `    ${label.padEnd(20)} ${n(x.n).padStart(10)} labels (${n(x.positives)} +)  accuracy ${num(x.accuracy)}  AUC ${num(x.auc)}  log loss ${num(x.logLoss)}`;
  const lines = [
    `${s.file}: ${n(t.events)} events replayed in ${s.seconds.toFixed(2)} s (${n(Math.round(s.eventsPerSecond))} events/s, every one scored)`,
    `  rejected rows       ${s.rejected.total === 0 ? '0' : `${n(s.rejected.total)} not replayed (${Object.entries(s.rejected.byReason).map(([r, c]) => `${r} ${n(c ?? 0)}`).join(', ')}; every line with its reason: cli features --rejected FILE)`}`,
    `  events by type      view ${n(t.byType[0])}, cart ${n(t.byType[1])}, purchase ${n(t.byType[2])}, remove_from_cart ${n(t.byType[3])}`,
    `  sessions            ${n(t.sessionsStarted)} started, ${n(s.closedSessions)} closed: ${n(t.closedByPurchase)} by a purchase (${n(t.buyNowSessions)} buy-now), ${n(t.closedByTimeout)} after ${s.options.timeoutMin} min idle, ${n(t.closedAtEnd)} at the end of the file; peak open ${n(s.peakOpenSessions)}`,
    `  session conversion  ${pct(s.sessionConversionRate)}  (sessions closed by a purchase / sessions closed)`,
    `  purchases per cart  ${num(s.purchasesPerCart)}  (purchase events / cart events; not a funnel share)`,
    `  late events         ${n(t.eventsAfterPurchase)} after the session's purchase, ${n(t.eventsAfterTimeout)} after its timeout (${n(t.purchasesAfterTimeout)} late purchases, not counted as conversions)`,
    `  labels              ${n(t.positives)} positive, ${n(t.negatives)} negative; SGD mini-batches of ${s.options.batchSize}, learning rate ${s.options.learningRate}`,
    `  online model, prequential (each label scored before it is learned):`,
    m('since start', s.online.sinceStart),
    m(`last ${s.options.metricsWindow} labels`, s.online.rolling),
  ];
  if (s.frozen) lines.push(`  frozen batch model on the same labels:`, m('since start', s.frozen.sinceStart), m(`last ${s.options.metricsWindow} labels`, s.frozen.rolling));
  return lines.join('\n');
}
