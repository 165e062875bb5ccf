// The parse alone in Chromium workers: N workers each parse 1/N of a file from memory, all at once,
// with the app's CsvIngestor (bundled here with esbuild), several times. Separates the parse's own
// speed from what the app's load adds (reading the File through the browser process, starting
// workers, the merge), and shows how the parse scales with workers on this machine.
//   npx tsx bench/browserParse.ts FILE [workers=2] [repeats=4]
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { BASE_FLAGS, CHROMIUM, ROOT } from '../test/e2e/harness.ts';

const [file, workersArg, repeatsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/browserParse.ts FILE [workers=2] [repeats=4]');
  process.exit(2);
}
const workers = Number(workersArg ?? 2);
const repeats = Number(repeatsArg ?? 4);
const all = readFileSync(file);
const headerEnd = all.indexOf(10) + 1;
// Cut at line starts; every range after the first gets the header in front.
const cuts = [0];
for (let k = 1; k < workers; k++) cuts.push(all.indexOf(10, Math.floor((all.length * k) / workers)) + 1);
cuts.push(all.length);
const worker = await build({ entryPoints: [join(ROOT, 'bench/browserParseWorker.ts')], bundle: true, format: 'iife', minify: true, write: false });
const workerJs = worker.outputFiles[0].text;

const server = createServer((req, res) => {
  const u = new URL(req.url ?? '/', 'http://x');
  if (u.pathname === '/worker.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(workerJs);
  if (u.pathname === '/range') {
    const k = Number(u.searchParams.get('k'));
    const body = k === 0 ? all.subarray(0, cuts[1]) : Buffer.concat([all.subarray(0, headerEnd), all.subarray(cuts[k], cuts[k + 1])]);
    return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  }
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>parse</title>');
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as { port: number }).port;
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'intent-lab-parse-')), { executablePath: CHROMIUM, headless: true, args: BASE_FLAGS });
try {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  // A string, not a function: tsx would add helpers the page does not have.
  const runs: { ms: number; rows: number }[][] = await page.evaluate(`(async () => {
    const ws = Array.from({ length: ${workers} }, () => new Worker('/worker.js'));
    const ask = (w, msg) => new Promise((r) => { w.onmessage = (e) => r(e.data); w.postMessage(msg); });
    await Promise.all(ws.map((w, k) => ask(w, { kind: 'load', url: '/range?k=' + k })));
    const runs = [];
    for (let i = 0; i < ${repeats}; i++) runs.push(await Promise.all(ws.map((w) => ask(w, { kind: 'go' }))));
    return runs;
  })()`);
  const rows = runs[0].reduce((n, r) => n + r.rows, 0);
  console.log(`${file}: ${rows.toLocaleString('en-US')} rows, ${(all.length / 1e6).toFixed(0)} MB, ${workers} worker(s) parsing at once from memory`);
  runs.forEach((run, i) => {
    const wall = Math.max(...run.map((r) => r.ms)) / 1000;
    console.log(`  run ${i + 1}: ${run.map((r) => (r.ms / 1000).toFixed(2)).join(' / ')} s → ${(rows / wall / 1e6).toFixed(2)} M rows/s, ${(all.length / 1e6 / wall).toFixed(0)} MB/s${i === 0 ? ' (first: fresh JIT and memory)' : ''}`);
  });
} finally {
  await context.close();
  server.close();
}
