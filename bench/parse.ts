// Parser throughput: the byte scanner vs the papaparse path, both into the same validation and
// columnar store, on an in-memory file (so disk speed is out of the figure), best of N runs.
// usage: npx tsx bench/parse.ts FILE.csv [runs=3]
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { performance } from 'node:perf_hooks';
import { CsvIngestor } from '../src/core/ingest/csvIngestor.ts';
import { ingestWithPapaparse } from '../src/core/ingest/papaparseIngest.ts';
import { computeSessionFeatures } from '../src/core/features/sessionFeatures.ts';

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!file) {
  console.error('usage: npx tsx bench/parse.ts FILE.csv [runs]');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(file));
const mb = bytes.length / 1e6;
const CHUNK = 8 << 20;

function best(name: string, fn: () => number): number {
  let min = Infinity;
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    rows = fn();
    min = Math.min(min, performance.now() - t0);
  }
  console.log(`${name.padEnd(34)} ${(min / 1000).toFixed(3)} s  ${(mb / (min / 1000)).toFixed(1)} MB/s  ${((rows / min) * 1000 / 1e6).toFixed(2)} M rows/s`);
  return min;
}

console.log(`${file}: ${mb.toFixed(1)} MB, best of ${runs}`);
const byteMs = best('byte path → columns (plain-row fast path)', () => {
  const ing = new CsvIngestor({ fileName: file, expectedBytes: bytes.length });
  for (let p = 0; p < bytes.length; p += CHUNK) ing.push(bytes.subarray(p, p + CHUNK));
  return ing.finish().rows;
});
const generalMs = best('byte path, general scanner only', () => {
  const ing = new CsvIngestor({ fileName: file, expectedBytes: bytes.length, plainRowFastPath: false });
  for (let p = 0; p < bytes.length; p += CHUNK) ing.push(bytes.subarray(p, p + CHUNK));
  return ing.finish().rows;
});
console.log(`the plain-row fast path is ${(generalMs / byteMs).toFixed(2)}× faster than the general scanner`);
// The papaparse comparison needs the file as one string, which tops out at 2^29 - 24 characters in
// node (BROWSER-LIMITS.md): larger files skip it.
if (bytes.length < 0x1fffffe8) {
  const text = new TextDecoder().decode(bytes);
  const papaMs = best('papaparse → same validation/columns', () => {
    const chunks: string[] = [];
    for (let p = 0; p < text.length; p += CHUNK) chunks.push(text.slice(p, p + CHUNK));
    return ingestWithPapaparse(chunks, file).rows;
  });
  // A lower bound for any papaparse-based pipeline: papaparse splitting rows into string arrays, nothing else.
  const papaOnlyMs = best('papaparse tokenizing only (lower bound)', () => {
    let rows = 0;
    for (let p = 0; p < text.length; ) {
      const nl = text.lastIndexOf('\n', Math.min(text.length, p + CHUNK) - 1);
      const end = nl >= p ? nl + 1 : text.length;
      rows += Papa.parse<string[]>(text.slice(p, end), { header: false, skipEmptyLines: true }).data.length;
      p = end;
    }
    return rows;
  });
  console.log(`byte scanner end to end is ${(papaMs / byteMs).toFixed(2)}× faster than the papaparse path, ${(papaOnlyMs / byteMs).toFixed(2)}× faster than papaparse's tokenizing alone`);
} else {
  console.log(`papaparse comparison skipped: ${(bytes.length / 1e6).toFixed(0)} MB does not fit in one string (use a file under 536 MB)`);
}
const ing = new CsvIngestor({ fileName: file, expectedBytes: bytes.length });
for (let p = 0; p < bytes.length; p += CHUNK) ing.push(bytes.subarray(p, p + CHUNK));
const r = ing.finish();
best('features (faithful cut)', () => computeSessionFeatures(r.events, r.dict.sessions, { cut: 'faithful' }).table.rows);
