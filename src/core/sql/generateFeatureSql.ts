// The feature pipeline as one SQL script, for Spark SQL or DuckDB: read the CSV, keep the rows the app
// would accept, cut each session at its first purchase, aggregate the catalogue's features, add the
// user history with window functions, and print or write `user_session,label,<FEATURE_NAMES…>`.
// The features come from FEATURES (featureDefinitions.ts) and their SQL descriptions (featureSql.ts);
// nothing here names a feature.
import { EVENT_TYPE_NAMES } from '../csv/schema.ts';
import { FEATURES, type FeatureDefinition } from '../features/featureDefinitions.ts';
import type { CutMode } from '../features/sessionFeatures.ts';
import { DIALECTS, type Dialect, type SqlDialect } from './dialects.ts';
import { FEATURE_SQL, LABEL_SQL, SCOPE_PREFIX, SESSION_COLUMNS, type SqlAggregate } from './featureSql.ts';
import { checkRawEventColumns } from './rawEventColumns.ts';

export interface FeatureSqlOptions {
  dialect: SqlDialect;
  cut: CutMode;
  /** The events CSV (a path, a glob or a URL the engine reads). Default `2019-Oct.csv`. */
  input?: string;
  /** Write the features here (`.parquet` → Parquet, else CSV) instead of printing them. */
  output?: string;
  /**
   * The input file's columns in its order, as rawEventColumns names them from its header. Default: the
   * nine REES46 columns in their usual order. (The engines read CSV columns by position; the app, by name.)
   */
  inputColumns?: readonly string[];
}

export const DEFAULT_SQL_INPUT = '2019-Oct.csv';

/** Valid-row rules, mirroring src/core/csv/fieldParsers.ts (see the comments in the SQL). */
const TIME_PATTERN =
  '(19[7-9][0-9]|20[0-9][0-9]|210[0-5])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]( UTC|Z|[+]00:00)?';
const UINT_PATTERN = '[0-9]{1,16}';
const DIGITS_PATTERN = '[0-9]+';
const PRICE_PATTERN = '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?';
const UINT32_MAX = 4294967295;
const DOUBLE_MAX = '1.7976931348623157E308';

interface NamedAggregate {
  readonly column: string;
  readonly flag: 'is_kept' | 'is_pre';
  readonly agg: SqlAggregate;
}

/** The session-table aggregates every feature asks for, deduplicated by column name. */
export function collectAggregates(features: readonly FeatureDefinition[] = FEATURES): NamedAggregate[] {
  const byColumn = new Map<string, NamedAggregate>();
  for (const f of features) {
    const sql = FEATURE_SQL[f.name];
    if (!sql) throw new Error(`feature "${f.name}" has no SQL description in src/core/sql/featureSql.ts`);
    const entries = Object.entries(sql.aggregates ?? {});
    const prefix = SCOPE_PREFIX[f.scope];
    if (entries.length > 0 && prefix === null) throw new Error(`feature "${f.name}" has scope ${f.scope}, which has no events to aggregate`);
    for (const [name, agg] of entries) {
      const column = `${prefix}_${name}`;
      const previous = byColumn.get(column);
      if (previous && JSON.stringify(previous.agg) !== JSON.stringify(agg)) {
        throw new Error(`aggregate "${column}" of feature "${f.name}" is declared differently by another feature: ${JSON.stringify(previous.agg)} vs ${JSON.stringify(agg)}`);
      }
      byColumn.set(column, { column, flag: f.scope === 'kept' ? 'is_kept' : 'is_pre', agg });
    }
  }
  return [...byColumn.values()];
}

/** The feature's value with `{name}` replaced by session-table columns. */
export function featureValueSql(f: FeatureDefinition): string {
  const sql = FEATURE_SQL[f.name];
  if (!sql) throw new Error(`feature "${f.name}" has no SQL description in src/core/sql/featureSql.ts`);
  const prefix = SCOPE_PREFIX[f.scope];
  return sql.value.replace(/\{([a-z_][a-z0-9_]*)\}/g, (_, name: string) => {
    if (sql.aggregates && name in sql.aggregates) return `${prefix}_${name}`;
    if (name in SESSION_COLUMNS) return name;
    throw new Error(`feature "${f.name}": {${name}} is neither one of its aggregates nor a session column (${Object.keys(SESSION_COLUMNS).join(', ')})`);
  });
}

const condition = (flag: string, eventType?: string) => (eventType ? `${flag} AND event_type = '${eventType}'` : flag);
const repeatsCte = (a: NamedAggregate) => `${a.column}_by_session`;

function aggregateSql(a: NamedAggregate): string {
  const { agg, flag } = a;
  switch (agg.kind) {
    case 'count':
      return `count(CASE WHEN ${condition(flag, agg.eventType)} THEN 1 END)`;
    case 'countDistinct':
      return `count(DISTINCT CASE WHEN ${condition(flag, agg.eventType)} THEN ${agg.column} END)`;
    case 'maxRepeats':
      throw new Error(`${a.column} is computed in its own CTE`);
    default:
      return `${agg.kind}(CASE WHEN ${flag} THEN ${agg.column} END)`;
  }
}

function header(opts: Required<Pick<FeatureSqlOptions, 'dialect' | 'cut' | 'input'>>, d: Dialect): string {
  const cutDoc =
    opts.cut === 'faithful'
      ? 'faithful: a buyer session keeps its events up to and including its first purchase (event_time <= first purchase).'
      : 'strict: a buyer session keeps only the events strictly before its first purchase, and a buyer session with none left is dropped.';
  const docs = FEATURES.map((f) => `--   ${f.name.padEnd(24)} ${f.doc}`);
  return [
    `-- Intent Lab session features: ${d.title}.`,
    `-- Generated from src/core/features/featureDefinitions.ts and src/core/sql/featureSql.ts. Regenerate rather`,
    `-- than edit: npm run cli -- sql --dialect ${opts.dialect} --cut ${opts.cut} --input <path>`,
    `--`,
    `-- Leakage cut, ${cutDoc}`,
    `-- Output: one row per session, user_session, label (1 when the session has a purchase), then:`,
    ...docs,
    `-- The original six read the kept events, the extended ones read only events before the first purchase,`,
    ...(opts.cut === 'faithful'
      ? [`-- so those never see the label. Under this cut the kept events include the first purchase: the six`, `-- can see it (the leak of the original project, kept on purpose), so read their scores as an upper bound.`]
      : [`-- so those never see the label. Under this cut the kept events stop before the first purchase: the`, `-- six do not see it either.`]),
  ].join('\n');
}

/** The whole script: header, raw view, the `session_features` view, and the statement that emits it. */
export function generateFeatureSql(options: FeatureSqlOptions): string {
  const d = DIALECTS[options.dialect];
  const input = options.input ?? DEFAULT_SQL_INPUT;
  if (options.inputColumns) checkRawEventColumns(options.inputColumns);
  const aggregates = collectAggregates();
  const repeats = aggregates.filter((a) => a.agg.kind === 'maxRepeats');
  const grouped = aggregates.filter((a) => a.agg.kind !== 'maxRepeats');
  const keptRule = options.cut === 'faithful' ? 'event_time_s <= first_purchase_time' : 'event_time_s < first_purchase_time';
  const trimmedPrice = d.trimSpacesTabs('price');
  const dateOf = 'TRY_CAST(substr(event_time, 1, 10) AS DATE)';
  const epoch = [
    `CAST(${d.epochDays(dateOf)} AS BIGINT) * 86400`,
    'TRY_CAST(substr(event_time, 12, 2) AS BIGINT) * 3600',
    'TRY_CAST(substr(event_time, 15, 2) AS BIGINT) * 60',
    'TRY_CAST(substr(event_time, 18, 2) AS BIGINT)',
  ].join('\n      + ');

  const ctes: string[] = [];
  ctes.push(`-- The rows the app accepts (src/core/csv/fieldParsers.ts), typed. Every check reads the raw text
-- once, in WHERE, so the casts in SELECT cannot fail (TRY_CAST all the same, for the ANSI mode of Spark).
events AS (
  SELECT
    user_session,
    event_type,
    -- UTC epoch seconds by arithmetic, so no session time zone is involved.
    ${epoch} AS event_time_s,
    TRY_CAST(product_id AS BIGINT) AS product_id,
    -- category_id stays text: its 19 digits exceed 2^53.
    category_id,
    -- An empty brand is no brand (distinct_brands ignores it).
    NULLIF(brand, '') AS brand,
    TRY_CAST(${trimmedPrice} AS DOUBLE) + 0.0 AS price, -- + 0.0: -0 becomes 0, as in the app
    TRY_CAST(user_id AS BIGINT) AS user_id
  FROM raw_events
  -- time: YYYY-MM-DD HH:MM:SS (or a T between), then UTC, Z, +00:00 or nothing, years 1970-2105, a real
  -- date. A repeated header line fails here too.
  WHERE ${d.fullMatch('event_time', TIME_PATTERN)}
    AND ${dateOf} IS NOT NULL
    AND event_type IN (${EVENT_TYPE_NAMES.map((t) => `'${t}'`).join(', ')})
    -- product_id and user_id: 1-16 digits, at most 2^32 - 1. category_id: digits.
    AND ${d.fullMatch('product_id', UINT_PATTERN)} AND TRY_CAST(product_id AS BIGINT) <= ${UINT32_MAX}
    AND ${d.fullMatch('category_id', DIGITS_PATTERN)}
    -- price: 12.5, .5, 12. or +1e3, spaces and tabs around it allowed. Negative (but not -0), non-numeric or
    -- infinite: rejected.
    AND ${d.fullMatch(trimmedPrice, PRICE_PATTERN)} AND TRY_CAST(${trimmedPrice} AS DOUBLE) BETWEEN 0 AND ${DOUBLE_MAX}
    AND ${d.fullMatch('user_id', UINT_PATTERN)} AND TRY_CAST(user_id AS BIGINT) <= ${UINT32_MAX}
    -- not empty, not only spaces or tabs
    AND ${d.partialMatch('user_session', '[^ \\t]')}
)`);
  ctes.push(`-- The start and the first purchase of each session, over all its events (before any cut).
session_bounds AS (
  SELECT
    user_session,
    min(event_time_s) AS session_start_time,
    min(CASE WHEN event_type = 'purchase' THEN event_time_s END) AS first_purchase_time
  FROM events
  GROUP BY user_session
)`);
  ctes.push(`-- The leakage cut (${options.cut}). is_kept: the event stays in the session${options.cut === 'strict' ? ' (here the same as is_pre)' : ''},
-- is_pre: the event is before the first purchase (every event of a non-buyer session).
cut_events AS (
  SELECT
    events.*,
    session_bounds.session_start_time,
    session_bounds.first_purchase_time,
    (first_purchase_time IS NULL OR ${keptRule}) AS is_kept,
    (first_purchase_time IS NULL OR event_time_s < first_purchase_time) AS is_pre
  FROM events
  JOIN session_bounds ON session_bounds.user_session = events.user_session
)`);
  // "Most events sharing one value" features: count per (session, value), then the largest per session.
  for (const a of repeats) {
    const { eventType, column } = a.agg as { eventType?: string; column: string };
    ctes.push(`-- ${a.column}: events ${eventType ? `of type ${eventType} ` : ''}per (session, ${column}) in the scope, the most per session.
${repeatsCte(a)} AS (
  SELECT user_session, max(events_per_value) AS ${a.column}
  FROM (
    SELECT user_session, ${column}, count(*) AS events_per_value
    FROM cut_events
    WHERE ${condition(a.flag, eventType)}
    GROUP BY user_session, ${column}
  ) per_value
  GROUP BY user_session
)`);
  }
  const kept = grouped.filter((a) => a.flag === 'is_kept').map((a) => `    ${aggregateSql(a)} AS ${a.column}`);
  const pre = grouped.filter((a) => a.flag === 'is_pre').map((a) => `    ${aggregateSql(a)} AS ${a.column}`);
  ctes.push(`-- One row per session, every session (also those the strict cut empties: they still count as history).
sessions AS (
  SELECT
    user_session,
    min(session_start_time) AS start_time,
    min(first_purchase_time) AS first_purchase_time,
    -- The user of the session: the user_id of its earliest event (the smallest if several share that second).
    min(CASE WHEN event_time_s = session_start_time THEN user_id END) AS user_id,
    count(CASE WHEN is_kept THEN 1 END) AS kept_events,
    -- over the kept events
${kept.join(',\n')},
    -- over the events before the first purchase
${pre.join(',\n')}
  FROM cut_events
  GROUP BY user_session
)`);
  ctes.push(`-- The start of each session and the first purchase of each buyer session, on one time line per user.
user_timeline AS (
  SELECT user_id, user_session, start_time AS t, 0 AS is_purchase FROM sessions
  UNION ALL
  SELECT user_id, user_session, first_purchase_time AS t, 1 AS is_purchase FROM sessions WHERE first_purchase_time IS NOT NULL
)`);
  ctes.push(`-- Purchases of the user before the start of each session. At equal times a start sorts before a purchase,
-- so only purchases strictly before the start are summed.
purchases_before AS (
  SELECT user_session, prior_purchase_sessions
  FROM (
    SELECT
      user_session,
      is_purchase,
      sum(is_purchase) OVER (PARTITION BY user_id ORDER BY t, is_purchase ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS prior_purchase_sessions
    FROM user_timeline
  ) timeline
  WHERE is_purchase = 0
)`);
  ctes.push(`-- rank() - 1 = sessions of the user that started strictly earlier (ties share a rank).
session_history AS (
  SELECT
    sessions.*,
    rank() OVER (PARTITION BY sessions.user_id ORDER BY sessions.start_time) - 1 AS prior_sessions,
    purchases_before.prior_purchase_sessions${repeats.map((a) => `,\n    coalesce(${repeatsCte(a)}.${a.column}, 0) AS ${a.column}`).join('')}
  FROM sessions
  JOIN purchases_before ON purchases_before.user_session = sessions.user_session${repeats
    .map((a) => `\n  LEFT JOIN ${repeatsCte(a)} ON ${repeatsCte(a)}.user_session = sessions.user_session`)
    .join('')}
)`);

  const label = LABEL_SQL.replace('{first_purchase_time}', 'first_purchase_time');
  const columns = [
    '  user_session',
    `  CAST(${label} AS INT) AS label`,
    ...FEATURES.map((f) => `  CAST(${featureValueSql(f)} AS ${f.integer ? 'BIGINT' : 'DOUBLE'}) AS ${f.name}`),
  ];
  const body = `WITH
${ctes.join(',\n')}
SELECT
${columns.join(',\n')}
FROM session_history
-- Under the strict cut a buy-now session has no event left: it has no features and no row.
WHERE kept_events > 0`;

  return [
    header({ dialect: options.dialect, cut: options.cut, input }, d),
    '',
    d.readRawEvents(input, options.inputColumns),
    '',
    d.createView('session_features', body),
    '',
    d.emit('session_features', options.output),
    '',
  ].join('\n');
}
