// Worker for bench/browserParse.ts: fetches its byte range (the header in front), then on each "go"
// parses it from memory with the app's CsvIngestor and posts the time. No File reading, no merge.
import { CsvIngestor } from '../src/core/ingest/csvIngestor.ts';

let bytes = new Uint8Array(0);
const CHUNK = 8 << 20;

self.onmessage = async (ev: MessageEvent<{ kind: 'load'; url: string } | { kind: 'go' }>) => {
  const m = ev.data;
  if (m.kind === 'load') {
    bytes = new Uint8Array(await (await fetch(m.url)).arrayBuffer());
    self.postMessage({ kind: 'loaded' });
    return;
  }
  const t0 = performance.now();
  const ing = new CsvIngestor({ fileName: 'range.csv', expectedBytes: bytes.length });
  for (let p = 0; p < bytes.length; p += CHUNK) ing.push(bytes.subarray(p, p + CHUNK));
  const r = ing.finish();
  self.postMessage({ kind: 'done', ms: performance.now() - t0, rows: r.rows });
};
