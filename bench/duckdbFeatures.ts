// DuckDB computing the app's 17 features under the faithful cut in one query, written for DuckDB's
// speed rather than for dirty files: its own parallel, typed CSV reader (auto-detected, as the
// six-feature query reads the file), no row validation, plain aggregates. On a clean file (the
// generator's) it gives the app's features.csv; `--check` compares the two session by session, so
// the time it takes is DuckDB's time for the same features. The generated export SQL (cli sql) is
// the one for dirty files: every field read as text in one thread and validated like the app, so it
// is ~20× slower and is not what DuckDB's speed should be judged by.
//   npx tsx bench/duckdbFeatures.ts FILE [--check features.csv] [--repeat N]
// features.csv from: npx tsx cli/main.ts features FILE --cut faithful --out features.csv
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { FEATURE_NAMES } from '../src/core/features/featureDefinitions.ts';

/** The query, selecting one row per session: user_session, label, then the features in FEATURE_NAMES order. */
export function fastFeatureQuery(path: string): string {
  return `
WITH ev AS (
  SELECT user_session, event_type, epoch(event_time)::BIGINT AS t, product_id, category_id, NULLIF(brand, '') AS brand, price, user_id
  FROM read_csv('${path.replace(/'/g, "''")}', header = true)
),
bounds AS (
  SELECT user_session, min(t) AS start_t, min(t) FILTER (WHERE event_type = 'purchase') AS fp FROM ev GROUP BY user_session
),
ce AS (
  SELECT ev.*, start_t, fp, (fp IS NULL OR t <= fp) AS kept, (fp IS NULL OR t < fp) AS pre
  FROM ev JOIN bounds USING (user_session)
),
-- Distinct counts by grouping on (session, value) first: DuckDB's count(DISTINCT …) inside the
-- session aggregate keeps a hash set per session and took 3.4 of the query's ~4 s on 1M rows.
per_product AS (
  SELECT user_session, bool_or(kept) AS kept_any, count(*) FILTER (WHERE pre AND event_type = 'view') AS pre_views
  FROM ce GROUP BY user_session, product_id
),
products AS (
  SELECT user_session, count(*) FILTER (WHERE kept_any) AS unique_items, count(*) FILTER (WHERE pre_views > 0) AS pre_viewed, max(pre_views) AS mv
  FROM per_product GROUP BY user_session
),
categories AS (
  SELECT user_session, count(*) AS distinct_categories FROM (SELECT DISTINCT user_session, category_id FROM ce WHERE pre) GROUP BY user_session
),
brands AS (
  SELECT user_session, count(*) AS distinct_brands FROM (SELECT DISTINCT user_session, brand FROM ce WHERE pre AND brand IS NOT NULL) GROUP BY user_session
),
s AS (
  SELECT user_session, any_value(start_t) AS start_t, any_value(fp) AS fp,
    min(user_id) FILTER (WHERE t = start_t) AS user_id,
    count(*) FILTER (WHERE kept AND event_type = 'view') AS view_count,
    count(*) FILTER (WHERE kept AND event_type = 'cart') AS cart_count,
    max(t) FILTER (WHERE kept) - min(t) FILTER (WHERE kept) AS session_duration,
    avg(price) FILTER (WHERE kept) AS avg_price,
    max(price) FILTER (WHERE kept) AS max_price,
    count(*) FILTER (WHERE pre) AS pre_n,
    max(t) FILTER (WHERE pre) - min(t) FILTER (WHERE pre) AS pre_span,
    count(*) FILTER (WHERE pre AND event_type = 'cart') AS pre_carts,
    count(*) FILTER (WHERE pre AND event_type = 'view') AS pre_views,
    count(*) FILTER (WHERE pre AND event_type = 'remove_from_cart') AS remove_count
  FROM ce GROUP BY user_session
),
timeline AS (
  SELECT user_id, user_session, start_t AS t, 0 AS is_purchase FROM s
  UNION ALL
  SELECT user_id, user_session, fp AS t, 1 AS is_purchase FROM s WHERE fp IS NOT NULL
),
purchases_before AS (
  SELECT user_session, n AS prior_purchase_sessions FROM (
    SELECT user_session, is_purchase, sum(is_purchase) OVER (PARTITION BY user_id ORDER BY t, is_purchase ROWS UNBOUNDED PRECEDING) AS n FROM timeline
  ) WHERE is_purchase = 0
)
SELECT s.user_session, CASE WHEN fp IS NULL THEN 0 ELSE 1 END AS label,
  view_count, cart_count, session_duration, avg_price, max_price, unique_items,
  floor((start_t % 86400) / 3600)::BIGINT AS start_hour,
  CASE WHEN (start_t % 86400) >= 22 * 3600 OR (start_t % 86400) < 6 * 3600 THEN 1 ELSE 0 END AS is_night,
  CASE WHEN pre_n = 0 THEN 0 ELSE pre_n / greatest(1.0, pre_span / 60) END AS events_per_minute,
  pre_carts / greatest(1, pre_views) AS carts_per_view,
  remove_count, coalesce(distinct_categories, 0) AS distinct_categories, coalesce(distinct_brands, 0) AS distinct_brands,
  pre_views - pre_viewed AS repeat_views,
  mv AS max_views_one_product,
  rank() OVER (PARTITION BY s.user_id ORDER BY start_t) - 1 AS prior_sessions,
  prior_purchase_sessions
FROM s JOIN purchases_before USING (user_session) JOIN products USING (user_session)
  LEFT JOIN categories USING (user_session) LEFT JOIN brands USING (user_session)`;
}

/** Seconds DuckDB takes to compute every session's features (counted, not written anywhere). */
export async function timeFastFeatures(path: string): Promise<{ seconds: number; sessions: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const t0 = performance.now();
  const reader = await conn.runAndReadAll(`SELECT count(*) FROM (${fastFeatureQuery(path)})`);
  const seconds = (performance.now() - t0) / 1000;
  const sessions = Number(reader.getRows()[0][0]);
  conn.closeSync();
  return { seconds, sessions };
}

/** Sessions whose features differ between DuckDB and the app's features.csv (at most `show` listed). */
async function check(path: string, featuresCsv: string, show = 5): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const cols = ['label', ...FEATURE_NAMES];
  // Integers exactly; fractions to 1e-9 relative (the app sums prices in another order); a value on
  // one side only (NULL, or an empty field) differs too.
  const differs = cols.map((c) => `(d.${c} IS DISTINCT FROM a.${c} AND NOT coalesce(abs(d.${c} - a.${c}) <= 1e-9 * greatest(1, abs(a.${c})), false))`).join(' OR ');
  const reader = await conn.runAndReadAll(`
    WITH d AS (${fastFeatureQuery(path)}), a AS (SELECT * FROM read_csv('${featuresCsv.replace(/'/g, "''")}', header = true))
    SELECT coalesce(d.user_session, a.user_session) AS id, d.user_session IS NULL AS only_app, a.user_session IS NULL AS only_duckdb, ${cols.map((c) => `d.${c} AS d_${c}, a.${c} AS a_${c}`).join(', ')}
    FROM d FULL JOIN a ON d.user_session = a.user_session
    WHERE d.user_session IS NULL OR a.user_session IS NULL OR ${differs}`);
  const rows = reader.getRowObjects();
  for (const r of rows.slice(0, show)) console.log(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  const total = (await conn.runAndReadAll(`SELECT count(*) FROM read_csv('${featuresCsv.replace(/'/g, "''")}', header = true)`)).getRows()[0][0];
  console.log(`${rows.length} of ${Number(total).toLocaleString('en-US')} sessions differ`);
  conn.closeSync();
  return rows.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const file = args[0];
  if (!file) {
    console.error('usage: npx tsx bench/duckdbFeatures.ts FILE [--check features.csv] [--repeat N]');
    process.exit(2);
  }
  const checkAt = args.indexOf('--check');
  if (checkAt >= 0 && !args[checkAt + 1]) {
    console.error('--check needs the features.csv to compare with');
    process.exit(2);
  }
  if (checkAt >= 0) process.exitCode = (await check(file, args[checkAt + 1])) === 0 ? 0 : 1;
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : checkAt >= 0 ? 0 : 1;
  for (let i = 0; i < repeat; i++) {
    const { seconds, sessions } = await timeFastFeatures(file);
    console.log(`DuckDB, 17 features: ${seconds.toFixed(2)} s for ${sessions.toLocaleString('en-US')} sessions`);
  }
}
