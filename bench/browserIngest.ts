// Issue 6 benchmark: the real built app in headless Chromium, loading generated files through the
// file input, against native DuckDB on the same files.
//   npx tsx bench/browserIngest.ts [rows…]            default: 1000000 5000000
// Needs `npm run build` first, Debian chromium, and writes files under bench/data/ (gitignored).
// For each file: generate it with the project's generator (cached), load it in the app (time from the
// file input's change event until the summary is in the page; also from the setInputFiles call), sample
// the peak RSS of all Chromium processes, then run DuckDB: (a) the original six features in one plain
// SQL query, (b) the app's 17 features under the faithful cut in one query on DuckDB's own typed,
// parallel reader (bench/duckdbFeatures.ts: the same features.csv on a clean file), (c) the full
// generated feature SQL (every field as text in one thread, validated like the app: for dirty files).
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { openApp, serveDist, ROOT, testIdText } from '../test/e2e/harness.ts';
import { generateFeatureSql } from '../src/core/sql/generateFeatureSql.ts';
import { timeFastFeatures } from './duckdbFeatures.ts';

const DATA = join(ROOT, 'bench', 'data');
const argv = process.argv.slice(2);
const readersAt = argv.indexOf('--readers');
// --readers N: range workers in the app (?readers=N); default one per core, as the app does.
const readers = readersAt >= 0 ? Number(argv.splice(readersAt, 2)[1]) : undefined;
// --settle S: seconds between the page opening and the file being set (default 3). A person takes
// that long at least to pick a file; loading the instant the page opens also times the range
// workers' start and warm-up running beside the load on the same two cores (1M rows: 2.5–3.2 s
// from the change event to the summary at once, 2.0–2.2 s after 2.5 s).
const settleAt = argv.indexOf('--settle');
const settleSec = settleAt >= 0 ? Number(argv.splice(settleAt, 2)[1]) : 3;
const rowsList = argv.map(Number).filter((n) => n > 0);
// --no-full-sql: skip DuckDB's full feature SQL (381 s on the 42.4M-row month here).
const fullSql = !process.argv.includes('--no-full-sql');
// --no-duckdb: the app only. --timeline: print the memory every second, by kind of Chromium process.
const runDuckdb = !process.argv.includes('--no-duckdb');
const timeline = process.argv.includes('--timeline');
// --gc-after: at the end, run a full garbage collection in the page and every worker (Chromium started
// with --js-flags=--expose-gc) and report the memory left: what is live versus not yet collected.
const gcAfter = process.argv.includes('--gc-after');
const sizes = rowsList.length ? rowsList : [1_000_000, 5_000_000];

function ensureFile(rows: number): string {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `gen-${rows}.csv`);
  if (!existsSync(path)) execFileSync('npx', ['tsx', 'cli/main.ts', 'generate', '--rows', String(rows), '--seed', '42', '--out', path], { cwd: ROOT, stdio: 'inherit' });
  return path;
}

/** Ids of the processes whose command line mentions chromium. */
function chromiumPids(): string[] {
  return execFileSync('pgrep', ['-f', 'chromium']).toString().trim().split('\n');
}

/**
 * RSS (bytes) of every process whose command line mentions chromium, by kind (--type=…; browser when
 * none). The sampler passes the ids it found last: a pgrep every 100 ms (a process spawned, every
 * /proc entry read) took CPU from the load on two cores.
 */
function chromiumRssByKind(pids = chromiumPids()): Map<string, number> {
  const byKind = new Map<string, number>();
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      const kind = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      if (m) byKind.set(kind, (byKind.get(kind) ?? 0) + Number(m[1]) * 1024);
    } catch {
      // process ended between pgrep and read
    }
  }
  return byKind;
}

/** CPU seconds (user + system) used so far by Chromium processes, by kind; ended processes drop out. */
function chromiumCpuByKind(): Map<string, number> {
  const byKind = new Map<string, number>();
  const tick = 100; // USER_HZ on Linux
  for (const pid of execFileSync('pgrep', ['-f', 'chromium']).toString().trim().split('\n')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpu = (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime
      const kind = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      byKind.set(kind, (byKind.get(kind) ?? 0) + cpu);
    } catch {
      // process ended between pgrep and read
    }
  }
  return byKind;
}

/** Sum of RSS (bytes) of every Chromium process. */
function chromiumRss(kinds = chromiumRssByKind()): number {
  let total = 0;
  for (const v of kinds.values()) total += v;
  return total;
}

const gib = (b: number) => (b / 2 ** 30).toFixed(2);

async function browserLoad(url: string, path: string) {
  const session = await openApp(url, gcAfter ? ['--js-flags=--expose-gc'] : []);
  try {
    const { page } = session;
    await page.waitForTimeout(settleSec * 1000);
    const baseline = chromiumRss();
    let peak = baseline;
    // The renderer process holds the page and all its workers: the tab's own memory.
    let peakRenderer = 0;
    let windowMax = 0;
    let lastPrint = 0;
    const cpu0 = chromiumCpuByKind();
    const t0 = performance.now();
    // The progress bar's label names the phase (reading, merging, features…), polled once a second.
    let phase = '';
    const phasePoll = timeline
      ? setInterval(() => {
          page
            .getByRole('progressbar')
            .first()
            .getAttribute('aria-label', { timeout: 500 })
            .then((l) => (phase = l ?? ''))
            .catch(() => (phase = '(done)'));
        }, 1000)
      : null;
    // A tab's processes are there before the load (its workers are threads of the renderer); looked
    // for again once a second all the same.
    let pids = chromiumPids();
    let pidsAt = performance.now();
    const sampler = setInterval(() => {
      if (performance.now() - pidsAt > 1000) {
        pids = chromiumPids();
        pidsAt = performance.now();
      }
      const kinds = chromiumRssByKind(pids);
      const total = chromiumRss(kinds);
      peak = Math.max(peak, total);
      peakRenderer = Math.max(peakRenderer, kinds.get('renderer') ?? 0);
      windowMax = Math.max(windowMax, total);
      const t = (performance.now() - t0) / 1000;
      if (timeline && t - lastPrint >= 1) {
        console.log(`  t=${t.toFixed(0)} s ${phase.padEnd(24)} max ${gib(windowMax)} GiB  (${[...kinds].map(([k, v]) => `${k} ${gib(v)}`).join(', ')})`);
        lastPrint = t;
        windowMax = 0;
      }
    }, 100);
    // In the page: when the file input's change event fires, and when the summary is in the DOM. The
    // time from setInputFiles includes Playwright handing the file over (~0.3 s), which a user picking
    // a file does not wait for. A string, not a function: tsx would add helpers the page lacks.
    await page.evaluate(`(() => {
      const at = (window.__load = { change: 0, summary: 0 });
      document.addEventListener('change', (e) => { if (e.target && e.target.dataset && e.target.dataset.testid === 'file-input') at.change = performance.now(); }, true);
      new MutationObserver(() => { if (!at.summary && document.querySelector('[data-testid="summary-rows"]')) at.summary = performance.now(); }).observe(document.body, { childList: true, subtree: true });
    })()`);
    await page.getByTestId('file-input').setInputFiles(path);
    await page.getByTestId('summary-rows').waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - t0) / 1000;
    const marks = (await page.evaluate('window.__load')) as { change: number; summary: number };
    const pageSeconds = marks.change > 0 && marks.summary > marks.change ? (marks.summary - marks.change) / 1000 : NaN;
    // The Explore statistics follow the summary (the features are ready first); wait for them too.
    await page.getByTestId('timing-insights').waitFor({ state: 'attached', timeout: 600_000 });
    const exploreSeconds = (performance.now() - t0) / 1000;
    // Where the CPU went during the load (2 cores here): the renderer holds the page and its workers.
    const cpu1 = chromiumCpuByKind();
    console.log(`  CPU seconds during the load (${exploreSeconds.toFixed(1)} s wall): ${[...cpu1].map(([k, v]) => `${k} ${(v - (cpu0.get(k) ?? 0)).toFixed(1)}`).join(', ')}`);
    // With --timeline, 15 s more of samples: what stays once the garbage of the load is collected.
    if (timeline) await new Promise((done) => setTimeout(done, 15_000));
    if (gcAfter) {
      const before = chromiumRssByKind().get('renderer') ?? 0;
      const collect = () => (globalThis as unknown as { gc?: () => void }).gc?.();
      for (const w of page.workers()) await w.evaluate(collect);
      await page.evaluate(collect);
      await new Promise((done) => setTimeout(done, 2000));
      console.log(`  after a full GC in the page and its ${page.workers().length} workers: renderer ${gib(before)} → ${gib(chromiumRssByKind().get('renderer') ?? 0)} GiB`);
    }
    clearInterval(sampler);
    if (phasePoll) clearInterval(phasePoll);
    const rows = Number((await testIdText(page, 'summary-rows')).replace(/,/g, ''));
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    // The app's own stage timings (SummaryCards: data-sec holds seconds).
    const stage = async (id: string) => Number((await page.getByTestId(id).getAttribute('data-sec').catch(() => null)) ?? NaN);
    const stages = { parse: await stage('timing-parse'), merge: await stage('timing-merge'), features: await stage('timing-features'), insights: await stage('timing-insights') };
    return { seconds, pageSeconds, exploreSeconds, rows, peakBytes: peak, peakRenderer, baselineBytes: baseline, workers: readers ?? cores, stages };
  } finally {
    await session.close();
  }
}

async function duckdb(path: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const simple = `
    WITH ev AS (SELECT * FROM read_csv('${path}', header = true)),
    fp AS (SELECT user_session, min(event_time) AS t FROM ev WHERE event_type = 'purchase' GROUP BY user_session)
    SELECT count(*) FROM (
      SELECT ev.user_session, max(CASE WHEN fp.t IS NULL THEN 0 ELSE 1 END) AS label,
        count(*) FILTER (WHERE event_type = 'view') AS view_count, count(*) FILTER (WHERE event_type = 'cart') AS cart_count,
        epoch(max(event_time)) - epoch(min(event_time)) AS session_duration, avg(price) AS avg_price, max(price) AS max_price,
        count(DISTINCT product_id) AS unique_items
      FROM ev LEFT JOIN fp USING (user_session)
      WHERE fp.t IS NULL OR ev.event_time <= fp.t
      GROUP BY ev.user_session)`;
  let t0 = performance.now();
  await conn.run(simple);
  const simpleSec = (performance.now() - t0) / 1000;
  const sameSec = (await timeFastFeatures(path)).seconds;
  let fullSec = NaN;
  if (fullSql) {
    const full = generateFeatureSql({ dialect: 'duckdb', cut: 'faithful', input: path, output: '/dev/null' });
    t0 = performance.now();
    for (const stmt of full.split(/;\s*\n/).filter((s) => s.trim() && !/^\s*--[^\n]*$/.test(s.trim()))) await conn.run(stmt);
    fullSec = (performance.now() - t0) / 1000;
  }
  conn.closeSync();
  return { simpleSec, sameSec, fullSec };
}

const server = await serveDist();
const lines: string[] = [];
try {
  for (const rows of sizes) {
    const path = ensureFile(rows);
    const mb = statSync(path).size / 1e6;
    const b = await browserLoad(readers ? `${server.url}?readers=${readers}` : server.url, path);
    const d = runDuckdb ? await duckdb(path) : { simpleSec: NaN, sameSec: NaN, fullSec: NaN };
    const line = `| ${rows.toLocaleString('en-US')} | ${mb.toFixed(0)} MB | ${b.workers} | ${b.pageSeconds.toFixed(2)} s (${b.seconds.toFixed(2)} s) | ${(mb / b.pageSeconds).toFixed(0)} MB/s | ${((b.rows / b.pageSeconds) / 1e6).toFixed(2)} M/s | ${(b.peakBytes / 2 ** 30).toFixed(2)} GiB (${((b.peakBytes - b.baselineBytes) / 2 ** 30).toFixed(2)} over idle; renderer ${gib(b.peakRenderer)}) | ${d.simpleSec.toFixed(2)} s (${(mb / d.simpleSec).toFixed(0)} MB/s) | ${d.sameSec.toFixed(2)} s (${(mb / d.sameSec).toFixed(0)} MB/s) | ${d.fullSec.toFixed(2)} s (${(mb / d.fullSec).toFixed(0)} MB/s) | ${(d.simpleSec / b.pageSeconds).toFixed(2)}× | ${(d.sameSec / b.pageSeconds).toFixed(2)}× |`;
    console.log(line);
    const st = b.stages;
    console.log(`  stages: parse ${st.parse.toFixed(2)} s (merge ${st.merge.toFixed(2)} s), features ${st.features.toFixed(2)} s; Explore statistics ${st.insights.toFixed(2)} s after, all in ${b.exploreSeconds.toFixed(2)} s`);
    lines.push(line);
  }
} finally {
  await server.close();
}
console.log('\n| rows | file | workers | app: file → features, from the change event (from setInputFiles) | app MB/s | app rows/s | Chromium peak RSS | DuckDB six features | DuckDB 17 features | DuckDB full SQL | app speed ÷ DuckDB six | app speed ÷ DuckDB 17 |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const l of lines) console.log(l);
