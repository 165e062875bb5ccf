// How a worker reads a File, measured alone (no parsing): Blob.stream() with a BYOB reader (what the
// range workers do), FileReaderSync and slice().arrayBuffer() in slices of several sizes, by one
// worker or two at once; wall time and the CPU seconds of the browser process (which reads the file
// and hands it over) and of the renderer (the page and its workers).
//   npx tsx bench/fileRead.ts FILE
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE_FLAGS, CHROMIUM } from '../test/e2e/harness.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/fileRead.ts FILE');
  process.exit(2);
}
const workerJs = `
onmessage = async (e) => {
  const { file, method, chunk, start, end } = e.data;
  const t0 = performance.now();
  let sum = 0, n = 0;
  const blob = file.slice(start, end);
  if (method === 'stream') {
    const r = blob.stream().getReader({ mode: 'byob' });
    let buf = new ArrayBuffer(256 * 1024);
    let left = blob.size;
    while (left > 0) { const { done, value } = await r.read(new Uint8Array(buf)); if (done) break; sum += value[0]; n += value.length; left -= value.length; buf = value.buffer; }
    r.cancel();
  } else if (method === 'sync') {
    const fr = new FileReaderSync();
    for (let o = 0; o < blob.size; o += chunk) { const b = new Uint8Array(fr.readAsArrayBuffer(blob.slice(o, o + chunk))); sum += b[0]; n += b.length; }
  } else {
    for (let o = 0; o < blob.size; o += chunk) { const b = new Uint8Array(await blob.slice(o, o + chunk).arrayBuffer()); sum += b[0]; n += b.length; }
  }
  postMessage({ ms: performance.now() - t0, n });
};`;
const server = createServer((req, res) => {
  if (req.url === '/w.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(workerJs);
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><input type=file id=f>');
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
const profile = mkdtempSync(join(tmpdir(), 'file-read-'));
const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: BASE_FLAGS });
const page = ctx.pages()[0] ?? (await ctx.newPage());
await page.goto(url);
await page.locator('#f').setInputFiles(file);
function cpu(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pid of execFileSync('pgrep', ['-f', 'chromium']).toString().trim().split('\n')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const kind = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      out[kind] = (out[kind] ?? 0) + (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // process ended between pgrep and read
    }
  }
  return out;
}
for (const workers of [1, 2]) for (const [method, chunk] of [['stream', 0], ['sync', 1 << 20], ['sync', 4 << 20], ['async', 1 << 20], ['async', 8 << 20]] as const) {
  for (let rep = 0; rep < 2; rep++) {
    const c0 = cpu();
    const r = await page.evaluate(async ({ method, chunk, workers }) => {
      const file = (document.getElementById('f') as HTMLInputElement).files![0];
      const t0 = performance.now();
      const res = await Promise.all(Array.from({ length: workers }, (_, k) => new Promise<{ ms: number; n: number }>((done) => {
        const w = new Worker('/w.js');
        w.onmessage = (e) => { done(e.data); w.terminate(); };
        const size = Math.ceil(file.size / workers);
        w.postMessage({ file, method, chunk, start: k * size, end: Math.min(file.size, (k + 1) * size) });
      })));
      return { wall: performance.now() - t0, res };
    }, { method, chunk, workers });
    const c1 = cpu();
    console.log(`${workers}w ${method} ${chunk >> 10} KiB: wall ${(r.wall / 1000).toFixed(2)} s, browser CPU ${(c1.browser - c0.browser).toFixed(2)} s, renderer ${(c1.renderer - c0.renderer).toFixed(2)} s, bytes ${r.res.reduce((a, x) => a + x.n, 0)}`);
  }
}
await ctx.close();
rmSync(profile, { recursive: true, force: true });
server.close();
