-- Intent Lab session features: Apache Spark SQL (≥ 3.2).
-- Generated from src/core/features/featureDefinitions.ts and src/core/sql/featureSql.ts. Regenerate rather
-- than edit: npm run cli -- sql --dialect spark --cut strict --input <path>
--
-- Leakage cut, strict: a buyer session keeps only the events strictly before its first purchase, and a buyer session with none left is dropped.
-- Output: one row per session, user_session, label (1 when the session has a purchase), then:
--   view_count               Number of view events among the kept events.
--   cart_count               Number of cart events among the kept events.
--   session_duration         Seconds between the first and the last kept event (max − min event_time).
--   avg_price                Mean price over all kept events (views, carts, removals and, under the faithful cut, the purchase).
--   max_price                Largest price among the kept events.
--   unique_items             Number of distinct product_id among the kept events.
--   start_hour               UTC hour (0–23) of the first event of the session.
--   is_night                 1 when the session starts between 22:00 and 05:59 UTC (the original project’s night window), else 0.
--   events_per_minute        Pre-purchase events divided by their time span in minutes, with the span floored at one minute.
--   carts_per_view           Pre-purchase carts divided by pre-purchase views (views floored at 1).
--   remove_count             Number of remove_from_cart events before the first purchase.
--   distinct_categories      Distinct category_id among pre-purchase events.
--   distinct_brands          Distinct non-empty brands among pre-purchase events.
--   repeat_views             Pre-purchase views minus distinct products viewed (how often the user came back to a product).
--   max_views_one_product    Most pre-purchase views of any single product.
--   prior_sessions           Sessions of the same user_id that started strictly before this session started.
--   prior_purchase_sessions  Sessions of the same user_id whose first purchase happened strictly before this session started.
-- The original six read the kept events, the extended ones read only events before the first purchase,
-- so those never see the label. Under this cut the kept events stop before the first purchase: the
-- six do not see it either.

-- The raw file(s), every field as text, with the REES46 columns in their usual order. The path may
-- be a directory or a glob (s3://bucket/rees46/*.csv). escape is set because Spark escapes quotes
-- with a backslash by default, RFC 4180 files double them. DROPMALFORMED drops rows with the wrong
-- number of fields (the app rejects those as field_count). It sees the count only when every column
-- is parsed, hence column pruning off. multiLine stays off so a big file is split across tasks.
-- REES46 has no line breaks inside quotes (set it to true if your export has them). Unlike the app,
-- Spark has no 64 KiB limit: a record the app rejects as line_too_long is read here.
SET spark.sql.csv.parser.columnPruning.enabled = false;
CREATE OR REPLACE TEMPORARY VIEW raw_events (event_time STRING, event_type STRING, product_id STRING, category_id STRING, category_code STRING, brand STRING, price STRING, user_id STRING, user_session STRING)
USING csv
OPTIONS (path '2019-Oct.csv', header 'true', escape '"', mode 'DROPMALFORMED', multiLine 'false');

CREATE OR REPLACE TEMPORARY VIEW session_features AS
WITH
-- The rows the app accepts (src/core/csv/fieldParsers.ts), typed. Every check reads the raw text
-- once, in WHERE, so the casts in SELECT cannot fail (TRY_CAST all the same, for the ANSI mode of Spark).
events AS (
  SELECT
    user_session,
    event_type,
    -- UTC epoch seconds by arithmetic, so no session time zone is involved.
    CAST(datediff(TRY_CAST(substr(event_time, 1, 10) AS DATE), DATE '1970-01-01') AS BIGINT) * 86400
      + TRY_CAST(substr(event_time, 12, 2) AS BIGINT) * 3600
      + TRY_CAST(substr(event_time, 15, 2) AS BIGINT) * 60
      + TRY_CAST(substr(event_time, 18, 2) AS BIGINT) AS event_time_s,
    TRY_CAST(product_id AS BIGINT) AS product_id,
    -- category_id stays text: its 19 digits exceed 2^53.
    category_id,
    -- An empty brand is no brand (distinct_brands ignores it).
    NULLIF(brand, '') AS brand,
    TRY_CAST(trim(BOTH ' \t' FROM price) AS DOUBLE) + 0.0 AS price, -- + 0.0: -0 becomes 0, as in the app
    TRY_CAST(user_id AS BIGINT) AS user_id
  FROM raw_events
  -- time: YYYY-MM-DD HH:MM:SS (or a T between), then UTC, Z, +00:00 or nothing, years 1970-2105, a real
  -- date. A repeated header line fails here too.
  WHERE event_time RLIKE '^((19[7-9][0-9]|20[0-9][0-9]|210[0-5])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]( UTC|Z|[+]00:00)?)$'
    AND TRY_CAST(substr(event_time, 1, 10) AS DATE) IS NOT NULL
    AND event_type IN ('view', 'cart', 'purchase', 'remove_from_cart')
    -- product_id and user_id: 1-16 digits, at most 2^32 - 1. category_id: digits.
    AND product_id RLIKE '^([0-9]{1,16})$' AND TRY_CAST(product_id AS BIGINT) <= 4294967295
    AND category_id RLIKE '^([0-9]+)$'
    -- price: 12.5, .5, 12. or +1e3, spaces and tabs around it allowed. Negative (but not -0), non-numeric or
    -- infinite: rejected.
    AND trim(BOTH ' \t' FROM price) RLIKE '^([+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?)$' AND TRY_CAST(trim(BOTH ' \t' FROM price) AS DOUBLE) BETWEEN 0 AND 1.7976931348623157E308
    AND user_id RLIKE '^([0-9]{1,16})$' AND TRY_CAST(user_id AS BIGINT) <= 4294967295
    -- not empty, not only spaces or tabs
    AND user_session RLIKE '[^ \t]'
),
-- The start and the first purchase of each session, over all its events (before any cut).
session_bounds AS (
  SELECT
    user_session,
    min(event_time_s) AS session_start_time,
    min(CASE WHEN event_type = 'purchase' THEN event_time_s END) AS first_purchase_time
  FROM events
  GROUP BY user_session
),
-- The leakage cut (strict). is_kept: the event stays in the session (here the same as is_pre),
-- is_pre: the event is before the first purchase (every event of a non-buyer session).
cut_events AS (
  SELECT
    events.*,
    session_bounds.session_start_time,
    session_bounds.first_purchase_time,
    (first_purchase_time IS NULL OR event_time_s < first_purchase_time) AS is_kept,
    (first_purchase_time IS NULL OR event_time_s < first_purchase_time) AS is_pre
  FROM events
  JOIN session_bounds ON session_bounds.user_session = events.user_session
),
-- pre_max_views_one_product: events of type view per (session, product_id) in the scope, the most per session.
pre_max_views_one_product_by_session AS (
  SELECT user_session, max(events_per_value) AS pre_max_views_one_product
  FROM (
    SELECT user_session, product_id, count(*) AS events_per_value
    FROM cut_events
    WHERE is_pre AND event_type = 'view'
    GROUP BY user_session, product_id
  ) per_value
  GROUP BY user_session
),
-- One row per session, every session (also those the strict cut empties: they still count as history).
sessions AS (
  SELECT
    user_session,
    min(session_start_time) AS start_time,
    min(first_purchase_time) AS first_purchase_time,
    -- The user of the session: the user_id of its earliest event (the smallest if several share that second).
    min(CASE WHEN event_time_s = session_start_time THEN user_id END) AS user_id,
    count(CASE WHEN is_kept THEN 1 END) AS kept_events,
    -- over the kept events
    count(CASE WHEN is_kept AND event_type = 'view' THEN 1 END) AS kept_views,
    count(CASE WHEN is_kept AND event_type = 'cart' THEN 1 END) AS kept_carts,
    min(CASE WHEN is_kept THEN event_time_s END) AS kept_first_time,
    max(CASE WHEN is_kept THEN event_time_s END) AS kept_last_time,
    avg(CASE WHEN is_kept THEN price END) AS kept_mean_price,
    max(CASE WHEN is_kept THEN price END) AS kept_max_price,
    count(DISTINCT CASE WHEN is_kept THEN product_id END) AS kept_distinct_products,
    -- over the events before the first purchase
    count(CASE WHEN is_pre THEN 1 END) AS pre_events,
    min(CASE WHEN is_pre THEN event_time_s END) AS pre_first_time,
    max(CASE WHEN is_pre THEN event_time_s END) AS pre_last_time,
    count(CASE WHEN is_pre AND event_type = 'cart' THEN 1 END) AS pre_carts,
    count(CASE WHEN is_pre AND event_type = 'view' THEN 1 END) AS pre_views,
    count(CASE WHEN is_pre AND event_type = 'remove_from_cart' THEN 1 END) AS pre_removes,
    count(DISTINCT CASE WHEN is_pre THEN category_id END) AS pre_distinct_categories,
    count(DISTINCT CASE WHEN is_pre THEN brand END) AS pre_distinct_brands,
    count(DISTINCT CASE WHEN is_pre AND event_type = 'view' THEN product_id END) AS pre_distinct_viewed
  FROM cut_events
  GROUP BY user_session
),
-- The start of each session and the first purchase of each buyer session, on one time line per user.
user_timeline AS (
  SELECT user_id, user_session, start_time AS t, 0 AS is_purchase FROM sessions
  UNION ALL
  SELECT user_id, user_session, first_purchase_time AS t, 1 AS is_purchase FROM sessions WHERE first_purchase_time IS NOT NULL
),
-- Purchases of the user before the start of each session. At equal times a start sorts before a purchase,
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
),
-- rank() - 1 = sessions of the user that started strictly earlier (ties share a rank).
session_history AS (
  SELECT
    sessions.*,
    rank() OVER (PARTITION BY sessions.user_id ORDER BY sessions.start_time) - 1 AS prior_sessions,
    purchases_before.prior_purchase_sessions,
    coalesce(pre_max_views_one_product_by_session.pre_max_views_one_product, 0) AS pre_max_views_one_product
  FROM sessions
  JOIN purchases_before ON purchases_before.user_session = sessions.user_session
  LEFT JOIN pre_max_views_one_product_by_session ON pre_max_views_one_product_by_session.user_session = sessions.user_session
)
SELECT
  user_session,
  CAST(CASE WHEN first_purchase_time IS NULL THEN 0 ELSE 1 END AS INT) AS label,
  CAST(kept_views AS BIGINT) AS view_count,
  CAST(kept_carts AS BIGINT) AS cart_count,
  CAST(kept_last_time - kept_first_time AS BIGINT) AS session_duration,
  CAST(kept_mean_price AS DOUBLE) AS avg_price,
  CAST(kept_max_price AS DOUBLE) AS max_price,
  CAST(kept_distinct_products AS BIGINT) AS unique_items,
  CAST(floor((start_time % 86400) / 3600) AS BIGINT) AS start_hour,
  CAST(CASE WHEN floor((start_time % 86400) / 3600) >= 22 OR floor((start_time % 86400) / 3600) < 6 THEN 1 ELSE 0 END AS BIGINT) AS is_night,
  CAST(CASE WHEN pre_events = 0 THEN 0 ELSE CAST(pre_events AS DOUBLE) / greatest(CAST(1 AS DOUBLE), CAST(pre_last_time - pre_first_time AS DOUBLE) / 60) END AS DOUBLE) AS events_per_minute,
  CAST(CAST(pre_carts AS DOUBLE) / CAST(greatest(1, pre_views) AS DOUBLE) AS DOUBLE) AS carts_per_view,
  CAST(pre_removes AS BIGINT) AS remove_count,
  CAST(pre_distinct_categories AS BIGINT) AS distinct_categories,
  CAST(pre_distinct_brands AS BIGINT) AS distinct_brands,
  CAST(pre_views - pre_distinct_viewed AS BIGINT) AS repeat_views,
  CAST(pre_max_views_one_product AS BIGINT) AS max_views_one_product,
  CAST(prior_sessions AS BIGINT) AS prior_sessions,
  CAST(prior_purchase_sessions AS BIGINT) AS prior_purchase_sessions
FROM session_history
-- Under the strict cut a buy-now session has no event left: it has no features and no row.
WHERE kept_events > 0;

SELECT * FROM session_features ORDER BY user_session;
