// The session features computed the plain way, one session at a time with Sets and array sorts: the
// oracle that the blocked, table-driven computeSessionFeatures must match value for value. The
// leakage cut, the tie rules and the order of the price sum are the catalogue's (featureDefinitions.ts).
import { EventType } from '../../src/core/csv/schema.ts';
import { parsedPriceAt, type ParsedEventsData } from '../../src/core/sessions/eventColumns.ts';
import type { FeatureOptions } from '../../src/core/features/sessionFeatures.ts';
import { FEATURE_NAMES } from '../../src/core/features/featureDefinitions.ts';

export interface ReferenceFeatures {
  rowSession: number[];
  label: number[];
  /** Feature values by name, one per row. */
  columns: Record<string, number[]>;
  keptEvents: number;
  emptyAfterCut: number;
  buyerSessions: number;
}

/** Events in file order as a parser leaves them, plus each event's user (the parser keeps one per session). */
export type FileOrderEvents = ParsedEventsData & { readonly userId: Uint32Array };

/** `events` in file order, each with its session and user (not grouped). */
export function referenceSessionFeatures(events: FileOrderEvents, sessions: number, opts: FeatureOptions): ReferenceFeatures {
  const bySession: number[][] = Array.from({ length: sessions }, () => []);
  for (let e = 0; e < events.length; e++) bySession[events.sessionIdx[e]].push(e); // file order
  const { timeSec: time, type, userId } = events;
  const start: number[] = [];
  const user: number[] = [];
  const firstPurchase: number[] = [];
  for (const evs of bySession) {
    const st = Math.min(Infinity, ...evs.map((e) => time[e]));
    start.push(st);
    // The user of the earliest event; on a tie the smallest id; 0 for a session with no events.
    const atStart = evs.filter((e) => time[e] === st).map((e) => userId[e]);
    user.push(atStart.length > 0 ? Math.min(...atStart) : 0);
    firstPurchase.push(Math.min(Infinity, ...evs.filter((e) => type[e] === EventType.purchase).map((e) => time[e])));
  }
  const out: ReferenceFeatures = { rowSession: [], label: [], columns: Object.fromEntries(FEATURE_NAMES.map((n) => [n, []])), keptEvents: 0, emptyAfterCut: 0, buyerSessions: 0 };
  bySession.forEach((evs, s) => {
    const fp = firstPurchase[s];
    if (fp !== Infinity) out.buyerSessions++;
    let kept = evs.filter((e) => time[e] < fp || (opts.cut === 'faithful' && time[e] === fp));
    if (opts.firstK !== undefined && kept.length > opts.firstK) kept = [...kept].sort((a, b) => time[a] - time[b] || a - b).slice(0, opts.firstK);
    out.keptEvents += kept.length;
    if (kept.length === 0) {
      out.emptyAfterCut++;
      return;
    }
    const pre = kept.filter((e) => time[e] < fp);
    const preViews = pre.filter((e) => type[e] === EventType.view);
    const viewsOf = new Map<number, number>();
    for (const e of preViews) viewsOf.set(events.productId[e], (viewsOf.get(events.productId[e]) ?? 0) + 1);
    let sumPrice = 0;
    for (const e of kept) sumPrice += parsedPriceAt(events, e);
    const hour = Math.floor((start[s] % 86400) / 3600);
    const preTimes = pre.map((e) => time[e]);
    const spanMin = pre.length > 0 ? (Math.max(...preTimes) - Math.min(...preTimes)) / 60 : 0;
    const values: Record<string, number> = {
      view_count: kept.filter((e) => type[e] === EventType.view).length,
      cart_count: kept.filter((e) => type[e] === EventType.cart).length,
      session_duration: Math.max(...kept.map((e) => time[e])) - Math.min(...kept.map((e) => time[e])),
      avg_price: sumPrice / kept.length,
      max_price: Math.max(...kept.map((e) => parsedPriceAt(events, e))),
      unique_items: new Set(kept.map((e) => events.productId[e])).size,
      start_hour: hour,
      is_night: hour >= 22 || hour < 6 ? 1 : 0,
      events_per_minute: pre.length / Math.max(1, spanMin),
      carts_per_view: pre.filter((e) => type[e] === EventType.cart).length / Math.max(1, preViews.length),
      remove_count: pre.filter((e) => type[e] === EventType.remove_from_cart).length,
      distinct_categories: new Set(pre.map((e) => events.categoryIdx[e])).size,
      distinct_brands: new Set(pre.map((e) => events.brandIdx[e]).filter((b) => b !== 0)).size,
      repeat_views: preViews.length - viewsOf.size,
      max_views_one_product: Math.max(0, ...viewsOf.values()),
      prior_sessions: bySession.filter((_, o) => user[o] === user[s] && start[o] < start[s]).length,
      prior_purchase_sessions: bySession.filter((_, o) => user[o] === user[s] && firstPurchase[o] < start[s]).length,
    };
    out.rowSession.push(s);
    out.label.push(fp !== Infinity ? 1 : 0);
    for (const n of FEATURE_NAMES) out.columns[n].push(values[n]);
  });
  return out;
}
