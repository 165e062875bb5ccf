// The feature catalogue: one entry per feature, in output column order. Batch features
// (computeSessionFeatures), the online stream features and the SQL export all read this list, so a
// feature is named and documented once.
//
// Scopes (why two): under the `faithful` cut the first purchase event stays in the session, so a
// feature over *all kept events* can see the purchase itself (the original project's leak, kept on
// purpose for the six original features). Every extended feature is computed over the events strictly
// before the first purchase ("pre-purchase events"), so it never sees the label under either cut.
// Together with the original six they do sharpen the faithful cut's leak: session_duration runs up
// to the purchase, events_per_minute's span stops before it, and the gap marks buyers (README, "The
// data and the two leakage cuts"; HistGradientBoosting on 1M rows: 0.952 with the six, 0.983 with all).

export type FeatureScope = 'kept' | 'prePurchase' | 'userHistory' | 'sessionStart';

export interface FeatureDefinition {
  readonly name: string;
  readonly group: 'original' | 'extended';
  readonly scope: FeatureScope;
  readonly doc: string;
  /** Integer-valued features are written without decimals. */
  readonly integer: boolean;
  /**
   * Largest value an integer feature can take, which picks its column type (featureColumns.ts):
   * a number, or what bounds it: the events of one session, or the sessions of the file.
   * Fractional features are stored as float64.
   */
  readonly max: number | 'sessionEvents' | 'sessions' | 'fractional';
}

export const FEATURES: readonly FeatureDefinition[] = [
  { name: 'view_count', group: 'original', scope: 'kept', integer: true, max: 'sessionEvents', doc: 'Number of view events among the kept events.' },
  { name: 'cart_count', group: 'original', scope: 'kept', integer: true, max: 'sessionEvents', doc: 'Number of cart events among the kept events.' },
  { name: 'session_duration', group: 'original', scope: 'kept', integer: true, max: 0xffffffff, doc: 'Seconds between the first and the last kept event (max − min event_time).' },
  { name: 'avg_price', group: 'original', scope: 'kept', integer: false, max: 'fractional', doc: 'Mean price over all kept events (views, carts, removals and, under the faithful cut, the purchase).' },
  { name: 'max_price', group: 'original', scope: 'kept', integer: false, max: 'fractional', doc: 'Largest price among the kept events.' },
  { name: 'unique_items', group: 'original', scope: 'kept', integer: true, max: 'sessionEvents', doc: 'Number of distinct product_id among the kept events.' },
  { name: 'start_hour', group: 'extended', scope: 'sessionStart', integer: true, max: 23, doc: 'UTC hour (0–23) of the first event of the session.' },
  { name: 'is_night', group: 'extended', scope: 'sessionStart', integer: true, max: 1, doc: '1 when the session starts between 22:00 and 05:59 UTC (the original project’s night window), else 0.' },
  { name: 'events_per_minute', group: 'extended', scope: 'prePurchase', integer: false, max: 'fractional', doc: 'Pre-purchase events divided by their time span in minutes, with the span floored at one minute.' },
  { name: 'carts_per_view', group: 'extended', scope: 'prePurchase', integer: false, max: 'fractional', doc: 'Pre-purchase carts divided by pre-purchase views (views floored at 1).' },
  { name: 'remove_count', group: 'extended', scope: 'prePurchase', integer: true, max: 'sessionEvents', doc: 'Number of remove_from_cart events before the first purchase.' },
  { name: 'distinct_categories', group: 'extended', scope: 'prePurchase', integer: true, max: 'sessionEvents', doc: 'Distinct category_id among pre-purchase events.' },
  { name: 'distinct_brands', group: 'extended', scope: 'prePurchase', integer: true, max: 'sessionEvents', doc: 'Distinct non-empty brands among pre-purchase events.' },
  { name: 'repeat_views', group: 'extended', scope: 'prePurchase', integer: true, max: 'sessionEvents', doc: 'Pre-purchase views minus distinct products viewed (how often the user came back to a product).' },
  { name: 'max_views_one_product', group: 'extended', scope: 'prePurchase', integer: true, max: 'sessionEvents', doc: 'Most pre-purchase views of any single product.' },
  { name: 'prior_sessions', group: 'extended', scope: 'userHistory', integer: true, max: 'sessions', doc: 'Sessions of the same user_id that started strictly before this session started.' },
  { name: 'prior_purchase_sessions', group: 'extended', scope: 'userHistory', integer: true, max: 'sessions', doc: 'Sessions of the same user_id whose first purchase happened strictly before this session started.' },
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
export const ORIGINAL_FEATURE_NAMES: readonly string[] = FEATURES.filter((f) => f.group === 'original').map((f) => f.name);

export function featureIndex(name: string): number {
  const i = FEATURE_NAMES.indexOf(name);
  if (i < 0) throw new Error(`unknown feature "${name}"`);
  return i;
}

/**
 * Said with every model trained on the faithful cut (app and CLI): its score is an upper bound, for
 * the reason given at the top of this file.
 */
export const FAITHFUL_CUT_NOTE =
  'faithful cut: the purchase event stays in the session, so session_duration, avg_price, max_price and unique_items can see it, and the pre-purchase features let a model measure how far the session ran past its last pre-purchase event. Read this score as an upper bound; the strict cut gives what a shop can use.';
