import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const [file, appJson] = process.argv.slice(2);
const app = JSON.parse(readFileSync(appJson, 'utf8'));
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const q = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, any>[];
await con.run('SET threads=1');
await con.run(`CREATE TABLE raw AS SELECT row_number() OVER () AS rn, * FROM read_csv('${file}', all_varchar=true, header=true, ignore_errors=true, quote='"', escape='"', delim=',')`);
await con.run(`CREATE TABLE ev AS
 WITH v AS (SELECT *,
   regexp_full_match(event_time, '\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}( UTC|Z|\\+00:00)?') AS tok,
   try_strptime(substr(event_time,1,10)||' '||substr(event_time,12,8), '%Y-%m-%d %H:%M:%S') AS tsp,
   try_cast(trim(price) AS DOUBLE) AS p
  FROM raw)
 SELECT rn, epoch(tsp)::BIGINT AS ts, event_type AS ty, CASE WHEN p = 0 THEN 0.0 ELSE p END AS price,
   coalesce(category_code,'') AS code, coalesce(brand,'') AS brand, user_session AS sess
 FROM v WHERE tok AND tsp IS NOT NULL AND year(tsp) BETWEEN 1970 AND 2105
  AND event_type IN ('view','cart','purchase','remove_from_cart')
  AND regexp_full_match(product_id,'\\d{1,16}') AND product_id::HUGEINT <= 4294967295
  AND regexp_full_match(category_id,'\\d+')
  AND p IS NOT NULL AND p >= 0 AND isfinite(p)
  AND regexp_full_match(user_id,'\\d{1,16}') AND user_id::HUGEINT <= 4294967295
  AND user_session IS NOT NULL AND trim(replace(user_session, chr(9), ' ')) <> ''`);
await con.run(`CREATE TABLE ss AS SELECT sess, count(*) AS n, min(ts) AS st, max(ts) AS en,
  bool_or(ty='view') AS hv, bool_or(ty='cart') AS hc, bool_or(ty='purchase') AS hp FROM ev GROUP BY sess`);
const ind: any = {};
const [tot] = await q(`SELECT (SELECT count(*) FROM ev) e, (SELECT count(*) FROM ss) s, (SELECT count(*) FILTER (WHERE hp) FROM ss) b,
  (SELECT min(ts) FROM ev) f, (SELECT max(ts) FROM ev) l, (SELECT avg(n) FROM ss) mean, (SELECT quantile_cont(n, 0.5) FROM ss) med`);
ind.events = Number(tot.e); ind.sessions = Number(tot.s); ind.buyerSessions = Number(tot.b);
ind.sessionConversionRate = ind.buyerSessions / ind.sessions;
ind.meanEventsPerSession = tot.mean; ind.medianEventsPerSession = tot.med;
ind.timeRange = { firstSec: Number(tot.f), lastSec: Number(tot.l) };
const mix = await q(`SELECT t.ty, count(ev.rn) c FROM (VALUES ('view',0),('cart',1),('purchase',2),('remove_from_cart',3)) t(ty,o) LEFT JOIN ev USING (ty) GROUP BY t.ty, o ORDER BY o`);
ind.eventMix = mix.map((m) => ({ type: m.ty, count: Number(m.c), share: Number(m.c) / ind.events }));
const [fu] = await q(`SELECT count(*) FILTER (WHERE hv) v, count(*) FILTER (WHERE hc) c, count(*) FILTER (WHERE hp) p FROM ss`);
ind.funnel = [['view', fu.v], ['cart', fu.c], ['purchase', fu.p]].map(([stage, n]) => ({ stage, sessions: Number(n), share: Number(n) / ind.sessions }));
const buckets = async (expr: string, specs: [string, number, number | null][]) => {
  const out = [];
  for (const [label, lo, hi] of specs) {
    const [r] = await q(`SELECT count(*) s, count(*) FILTER (WHERE hp) b FROM ss WHERE ${expr} >= ${lo} ${hi === null ? '' : `AND ${expr} < ${hi}`}`);
    out.push({ label, lo, hi: hi === null ? 'Infinity' : hi, sessions: Number(r.s), buyerSessions: Number(r.b), conversionRate: Number(r.s) ? Number(r.b) / Number(r.s) : 0 });
  }
  return out;
};
ind.eventsPerSession = await buckets('n', [['1',1,2],['2',2,3],['3',3,4],['4',4,5],['5',5,6],['6–10',6,11],['11–20',11,21],['21–50',21,51],['51–100',51,101],['> 100',101,null]]);
ind.durationConversion = await buckets('(en-st)', [['0 s',0,1],['1 s – 1 min',1,60],['1–5 min',60,300],['5–15 min',300,900],['15–60 min',900,3600],['1–3 h',3600,10800],['≥ 3 h',10800,null]]);
const hs = await q(`SELECT h, (SELECT count(*) FROM ss WHERE hour(to_timestamp(st)) = h) s, (SELECT count(*) FROM ss WHERE hp AND hour(to_timestamp(st)) = h) b,
  (SELECT count(*) FROM ev WHERE ty='purchase' AND hour(to_timestamp(ts)) = h) p FROM range(24) t(h) ORDER BY h`);
ind.byHour = hs.map((h) => ({ hour: Number(h.h), sessions: Number(h.s), buyerSessions: Number(h.b), conversionRate: Number(h.s) ? Number(h.b) / Number(h.s) : 0, purchases: Number(h.p) }));
const [ni] = await q(`SELECT (SELECT count(*) FROM ev WHERE ty='purchase') pu, (SELECT count(*) FROM ev WHERE ty='purchase' AND (hour(to_timestamp(ts)) >= 22 OR hour(to_timestamp(ts)) < 6)) np,
  count(*) FILTER (WHERE hour(to_timestamp(st)) >= 22 OR hour(to_timestamp(st)) < 6) ns, count(*) FILTER (WHERE hp AND (hour(to_timestamp(st)) >= 22 OR hour(to_timestamp(st)) < 6)) nb,
  count(*) FILTER (WHERE NOT (hour(to_timestamp(st)) >= 22 OR hour(to_timestamp(st)) < 6)) ds, count(*) FILTER (WHERE hp AND NOT (hour(to_timestamp(st)) >= 22 OR hour(to_timestamp(st)) < 6)) db FROM ss`);
const N = (x: any) => Number(x);
ind.night = { purchases: N(ni.pu), nightPurchases: N(ni.np), nightSessions: N(ni.ns), nightBuyerSessions: N(ni.nb), daySessions: N(ni.ds), dayBuyerSessions: N(ni.db),
  nightPurchaseShare: N(ni.pu) ? N(ni.np) / N(ni.pu) : 0, nightConversionRate: N(ni.ns) ? N(ni.nb) / N(ni.ns) : 0, dayConversionRate: N(ni.ds) ? N(ni.db) / N(ni.ds) : 0 };
const [bn] = await q(`SELECT count(*) pu,
  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ev c WHERE c.sess = p.sess AND c.ty='cart' AND (c.ts < p.ts OR (c.ts = p.ts AND c.rn < p.rn)))) fileorder,
  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ev c WHERE c.sess = p.sess AND c.ty='cart' AND c.ts < p.ts)) strictt,
  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ev c WHERE c.sess = p.sess AND c.ty='cart' AND c.ts <= p.ts)) lenient
  FROM ev p WHERE ty='purchase'`);
ind.buyNow = { purchases: N(bn.pu), withoutPriorCart: N(bn.fileorder), share: N(bn.pu) ? N(bn.fileorder) / N(bn.pu) : 0 };
console.log('buyNow variants: file-order', N(bn.fileorder), 'strict-time', N(bn.strictt), 'cart<=time', N(bn.lenient));
const top = async (col: string) => {
  const base = `SELECT ${col} AS name, count(*) e, count(*) FILTER (WHERE ty='purchase') p, min(rn) firstrn FROM ev GROUP BY ${col}`;
  const fix = (r: any) => ({ name: r.name === '' ? '(none)' : r.name, events: N(r.e), purchases: N(r.p) });
  const byEvents = (await q(`${base} ORDER BY e DESC, firstrn LIMIT 10`)).map(fix);
  const byPurchases = (await q(`SELECT * FROM (${base}) WHERE p > 0 ORDER BY p DESC, e DESC, firstrn LIMIT 10`)).map(fix);
  const [d] = await q(`SELECT count(DISTINCT ${col}) d FROM ev`);
  return { byEvents, byPurchases, distinct: N(d.d) };
};
ind.topCategories = await top('code');
ind.topBrands = await top('brand');
const edges = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
ind.priceHistogram = [];
for (let b = 0; b < edges.length; b++) {
  const hi = b + 1 < edges.length ? edges[b + 1] : null;
  const [r] = await q(`SELECT count(*) e, count(*) FILTER (WHERE ty='purchase') p FROM ev WHERE price >= ${edges[b]} ${hi === null ? '' : `AND price < ${hi}`}`);
  ind.priceHistogram.push({ lo: edges[b], hi: hi ?? 'Infinity', events: N(r.e), purchases: N(r.p) });
}
// compare
let bad = 0, checked = 0;
const cmp = (path: string, a: any, b: any) => {
  if (typeof a === 'number' && typeof b === 'number') {
    checked++;
    const ok = Number.isInteger(a) && Number.isInteger(b) ? a === b : Math.abs(a - b) <= 1e-9;
    if (!ok) { bad++; console.log('DIFF', path, 'app', a, 'indep', b); }
  } else if (Array.isArray(a) || (a && typeof a === 'object')) {
    if (!b || typeof b !== 'object') { bad++; console.log('DIFF', path, 'app', JSON.stringify(a), 'indep', JSON.stringify(b)); return; }
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    if (Array.isArray(a) && a.length !== b.length) { bad++; console.log('DIFF len', path, a.length, b.length); }
    for (const k of keys) cmp(`${path}.${k}`, a[k], b[k]);
  } else { checked++; if (a !== b) { bad++; console.log('DIFF', path, 'app', a, 'indep', b); } }
};
for (const k of Object.keys(app)) { if (!(k in ind)) { console.log('not checked', k); continue; } cmp(k, app[k], ind[k]); }
console.log(`${file}: ${checked} values compared, ${bad} differ`);
