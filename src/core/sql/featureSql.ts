// The SQL side of the feature catalogue: for every feature in featureDefinitions.ts, how to compute it
// from a session's events in SQL. generateFeatureSql.ts turns these descriptions into Spark SQL or
// DuckDB SQL; the conformance tests (test/sql/) run the DuckDB text and compare it, session by session,
// with computeSessionFeatures.
//
// What comes from the catalogue, not from here:
// - which events an aggregate reads: the feature's `scope` (`kept` → the events the leakage cut keeps,
//   `prePurchase` → events strictly before the first purchase, all events for non-buyers);
// - the output type: `integer` features are cast to BIGINT, the others to DOUBLE;
// - the column order: FEATURES order.
//
// Adding a feature: add it to FEATURES, implement it in sessionFeatures.ts, and describe it here. The
// test in test/sql/featureSql.test.ts fails while a catalogue feature has no entry, and the
// conformance test fails while the SQL and the TypeScript disagree.
import type { EventTypeName } from '../csv/schema.ts';
import type { FeatureScope } from '../features/featureDefinitions.ts';

/** Typed columns of the `events` relation every aggregate reads (see generateFeatureSql.ts). */
export type EventColumn = 'event_time_s' | 'product_id' | 'category_id' | 'brand' | 'price';

/**
 * An aggregate over the session's events in the feature's scope (optionally only one event type).
 * `maxRepeats`: the most events sharing one value of `column` (computed with a window count).
 * NULLs are skipped (brand is NULL when empty, so `countDistinct brand` ignores empty brands).
 */
export type SqlAggregate =
  | { readonly kind: 'count'; readonly eventType?: EventTypeName }
  | { readonly kind: 'countDistinct' | 'maxRepeats'; readonly column: EventColumn; readonly eventType?: EventTypeName }
  | { readonly kind: 'min' | 'max' | 'avg'; readonly column: EventColumn };

/** Per-session values every feature may read by name, whatever its scope. */
export const SESSION_COLUMNS = {
  start_time: 'Epoch seconds of the session’s first event (all events, before any cut).',
  first_purchase_time: 'Epoch seconds of the session’s first purchase, NULL for non-buyers.',
  prior_sessions: 'Sessions of the same user that started strictly before this one.',
  prior_purchase_sessions: 'Sessions of the same user whose first purchase is strictly before this one’s start.',
} as const;
export type SessionColumn = keyof typeof SESSION_COLUMNS;

export interface FeatureSql {
  /**
   * Aggregates over the events of the feature's scope, by a name the value refers to. The name
   * becomes a column `<scope>_<name>` of the session table, shared by every feature that declares
   * the same name with the same definition (declaring it differently is an error).
   */
  readonly aggregates?: Readonly<Record<string, SqlAggregate>>;
  /**
   * The value, in SQL that Spark and DuckDB read alike: `{name}` is an aggregate above or a
   * SESSION_COLUMNS entry. Division is written over DOUBLE operands so both engines divide in IEEE
   * doubles exactly as the TypeScript does.
   */
  readonly value: string;
}

const count = (eventType?: EventTypeName): SqlAggregate => ({ kind: 'count', eventType });
const countDistinct = (column: EventColumn, eventType?: EventTypeName): SqlAggregate => ({ kind: 'countDistinct', column, eventType });
const maxRepeats = (column: EventColumn, eventType?: EventTypeName): SqlAggregate => ({ kind: 'maxRepeats', column, eventType });
const min = (column: EventColumn): SqlAggregate => ({ kind: 'min', column });
const max = (column: EventColumn): SqlAggregate => ({ kind: 'max', column });
const avg = (column: EventColumn): SqlAggregate => ({ kind: 'avg', column });

/** UTC hour of the session start, from epoch seconds (no time-zone setting involved). */
const START_HOUR = 'floor(({start_time} % 86400) / 3600)';

/** The label: the session has a purchase (read from the whole session, before the cut). */
export const LABEL_SQL = 'CASE WHEN {first_purchase_time} IS NULL THEN 0 ELSE 1 END';

export const FEATURE_SQL: Readonly<Record<string, FeatureSql>> = {
  view_count: { aggregates: { views: count('view') }, value: '{views}' },
  cart_count: { aggregates: { carts: count('cart') }, value: '{carts}' },
  session_duration: {
    aggregates: { first_time: min('event_time_s'), last_time: max('event_time_s') },
    value: '{last_time} - {first_time}',
  },
  avg_price: { aggregates: { mean_price: avg('price') }, value: '{mean_price}' },
  max_price: { aggregates: { max_price: max('price') }, value: '{max_price}' },
  unique_items: { aggregates: { distinct_products: countDistinct('product_id') }, value: '{distinct_products}' },
  start_hour: { value: START_HOUR },
  is_night: { value: `CASE WHEN ${START_HOUR} >= 22 OR ${START_HOUR} < 6 THEN 1 ELSE 0 END` },
  events_per_minute: {
    aggregates: { events: count(), first_time: min('event_time_s'), last_time: max('event_time_s') },
    // n / max(1, span in minutes); 0 when there is no pre-purchase event (span NULL).
    value:
      'CASE WHEN {events} = 0 THEN 0 ' +
      'ELSE CAST({events} AS DOUBLE) / greatest(CAST(1 AS DOUBLE), CAST({last_time} - {first_time} AS DOUBLE) / 60) END',
  },
  carts_per_view: {
    aggregates: { carts: count('cart'), views: count('view') },
    value: 'CAST({carts} AS DOUBLE) / CAST(greatest(1, {views}) AS DOUBLE)',
  },
  remove_count: { aggregates: { removes: count('remove_from_cart') }, value: '{removes}' },
  distinct_categories: { aggregates: { distinct_categories: countDistinct('category_id') }, value: '{distinct_categories}' },
  distinct_brands: { aggregates: { distinct_brands: countDistinct('brand') }, value: '{distinct_brands}' },
  repeat_views: {
    aggregates: { views: count('view'), distinct_viewed: countDistinct('product_id', 'view') },
    value: '{views} - {distinct_viewed}',
  },
  max_views_one_product: { aggregates: { max_views_one_product: maxRepeats('product_id', 'view') }, value: '{max_views_one_product}' },
  prior_sessions: { value: '{prior_sessions}' },
  prior_purchase_sessions: { value: '{prior_purchase_sessions}' },
};

/** The prefix of aggregate columns per scope; scopes without events to aggregate have none. */
export const SCOPE_PREFIX: Readonly<Record<FeatureScope, string | null>> = {
  kept: 'kept',
  prePurchase: 'pre',
  sessionStart: null,
  userHistory: null,
};

/** `{name}` references in a value template, in order of appearance. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([a-z_][a-z0-9_]*)\}/g)].map((m) => m[1]);
}
