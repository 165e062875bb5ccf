import { readFileSync, writeFileSync } from 'node:fs';
import { ingestBytes } from './test/helpers/ingestText.ts';
import { ingestInParallel, ingestRange, memorySource } from './src/core/ingest/parallelIngest.ts';
import { computeExploreInsights } from './src/core/insights/exploreInsights.ts';
import { isDeepStrictEqual } from 'node:util';

const [file, out] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(file));
const r = ingestBytes(bytes, [65536]);
const ins = computeExploreInsights(r.events, r.dict);
const src = memorySource(bytes);
const p = await ingestInParallel(src, 'x.csv', 4, (t) => ingestRange(src, 'x.csv', t, 1 << 16), 1024);
p.dict.sessions.dropLookup(); p.dict.sessions.packUuidKeys();
const insP = computeExploreInsights(p.events, p.dict);
const rep = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v) => (v === Infinity ? 'Infinity' : v)));
console.error('rows', r.rows, 'rejected', r.rejected.total, JSON.stringify(r.rejected.byReason), 'parallel rows', p.rows, 'serial==parallel', isDeepStrictEqual(rep(ins), rep(insP)));
writeFileSync(out, JSON.stringify(rep(ins), null, 1));
