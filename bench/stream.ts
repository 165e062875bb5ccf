// Stream throughput: events processed *and scored* per second at full speed (every event updates its
// session's features and online-model probability; every session end is scored, evaluated and
// learned), on generated REES46-format data held in memory, best of N runs. Parsing is outside the
// figure: the replay starts from ingested columns, as in the app.
// usage: npx tsx bench/stream.ts [--rows 1000000] [--seed 1] [--runs 3] [--lr 0.5] [--batch 100] [--timeout-min 30]
import { performance } from 'node:perf_hooks';
import { numberOption, parseCommandArgs, type CommandSpec } from '../cli/args.ts';
import type { NumberRange } from '../cli/numberRange.ts';
import { CsvIngestor } from '../src/core/ingest/csvIngestor.ts';
import { generateCsvChunks } from '../src/core/generate/generateCsv.ts';
import { replayOrder } from '../src/core/stream/replayOrder.ts';
import { StreamEngine } from '../src/core/stream/streamEngine.ts';

const spec: CommandSpec = {
  name: 'bench/stream.ts',
  usage: 'usage: npx tsx bench/stream.ts [--rows 1000000] [--seed 1] [--runs 3] [--lr 0.5] [--batch 100] [--timeout-min 30]',
  valueOptions: ['rows', 'seed', 'runs', 'lr', 'batch', 'timeout-min'],
  flags: [],
  positionals: [],
};
const COUNT: NumberRange = { min: 0, max: Infinity, integer: true };
const args = parseCommandArgs(process.argv.slice(2), spec);
const rows = numberOption(args, 'rows', COUNT, 1_000_000);
const seed = numberOption(args, 'seed', COUNT, 1);
const runs = numberOption(args, 'runs', COUNT, 3);
const learningRate = numberOption(args, 'lr', { min: 0, minExclusive: true, max: Infinity, integer: false }, 0.5);
const batchSize = numberOption(args, 'batch', COUNT, 100);
const timeoutSec = numberOption(args, 'timeout-min', COUNT, 30) * 60;

const enc = new TextEncoder();
let t0 = performance.now();
const ing = new CsvIngestor({ fileName: `generated-${rows}.csv`, expectedBytes: rows * 120 });
for (const chunk of generateCsvChunks({ rows, seed })) ing.push(enc.encode(chunk));
const data = ing.finish();
console.log(`generated and ingested ${data.rows.toLocaleString('en-US')} events, ${data.dict.sessions.size.toLocaleString('en-US')} sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

t0 = performance.now();
const order = replayOrder(data.events);
console.log(`replay order (radix sort by time, purchases first)  ${(performance.now() - t0).toFixed(0)} ms`);

// Wall time is what a user waits; CPU time of this process is reported too, because on a shared
// machine (load average above the core count) wall time mostly measures the neighbours.
let best = Infinity;
let bestCpu = Infinity;
let engine: StreamEngine | null = null;
for (let r = 0; r < runs; r++) {
  const e = new StreamEngine({ events: data.events, sessionCount: data.dict.sessions.size, order }, { timeoutSec, model: { learningRate, batchSize } });
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  e.processUntil(Infinity);
  e.closeAll();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  best = Math.min(best, ms);
  bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  engine = e;
}
const e = engine as StreamEngine;
const t = e.totals;
const on = e.metrics.sinceStart();
const roll = e.metrics.rolling();
const f = (v: number, d = 4) => v.toFixed(d);
console.log(`replay at max speed: ${t.events.toLocaleString('en-US')} events in ${(best / 1000).toFixed(3)} s (best of ${runs}) = ${Math.round((t.events / best) * 1000).toLocaleString('en-US')} events/s`);
console.log(`  per CPU second of this process: ${Math.round((t.events / bestCpu) * 1000).toLocaleString('en-US')} events/s (best ${(bestCpu / 1000).toFixed(3)} s CPU; GC threads included)`);
console.log(`  sessions ${t.sessionsStarted.toLocaleString('en-US')}, peak open ${e.sessions.peakOpen.toLocaleString('en-US')} (slots ${e.sessions.capacity.toLocaleString('en-US')}), labels +${t.positives} / −${t.negatives}`);
console.log(`  prequential since start: accuracy ${f(on.accuracy)}  AUC ${f(on.auc)}  log loss ${f(on.logLoss)}`);
console.log(`  last ${roll.n} labels:       accuracy ${f(roll.accuracy)}  AUC ${f(roll.auc)}  log loss ${f(roll.logLoss)}`);
