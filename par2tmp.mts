import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const CHUNK = 8 << 20;
if (isMainThread) {
  const file = process.argv[2];
  const n = Number(process.argv[3] ?? 2);
  const bytes = readFileSync(file);
  const cuts = [0];
  for (let i = 1; i < n; i++) { let p = Math.floor(bytes.length * i / n); while (bytes[p] !== 10) p++; cuts.push(p + 1); }
  cuts.push(bytes.length);
  const t0 = performance.now();
  await Promise.all(cuts.slice(0, -1).map((s, i) => new Promise<void>((res) => {
    const w = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`, { eval: true, workerData: { file, s, e: cuts[i + 1], first: i === 0 } });
    w.on('message', (m) => { console.log('worker', i, m); res(); });
  })));
  console.log('wall incl startup', ((performance.now() - t0) / 1000).toFixed(3));
} else {
  const { CsvIngestor } = await import('/work/main/src/core/ingest/csvIngestor.ts');
  const { file, s, e } = workerData;
  const all = readFileSync(file);
  const hdrEnd = all.indexOf(10) + 1;
  const bytes = new Uint8Array(workerData.first ? e : hdrEnd + e - s);
  if (workerData.first) bytes.set(all.subarray(0, e)); else { bytes.set(all.subarray(0, hdrEnd)); bytes.set(all.subarray(s, e), hdrEnd); }
  const t0 = performance.now();
  const ing = new CsvIngestor({ fileName: file, expectedBytes: bytes.length });
  for (let p = 0; p < bytes.length; p += CHUNK) ing.push(bytes.subarray(p, p + CHUNK));
  const r = ing.finish();
  const cpu = process.cpuUsage();
  parentPort!.postMessage({ s: ((performance.now() - t0) / 1000).toFixed(3), sessions: r.dict.sessions.size, rows: (r as any).rowCount ?? (r as any).rows });
}
