// The features of each session, over the events the leakage cut keeps: one row per session that
// keeps any, computed a block of sessions at a time (see sessionBlock.ts). featureDefinitions.ts
// defines each feature; this is the batch implementation of that catalogue.
import { EventType } from '../csv/schema.ts';
import { FEATURE_NAMES } from './featureDefinitions.ts';
import { allocateFeatureColumns } from './featureColumns.ts';
import type { FeatureColumn } from './featureTable.ts';
import { DistinctCounter } from './distinctCount.ts';
import { sortByTimeStable } from './earliestEvents.ts';
import type { SessionBlock } from './sessionBlock.ts';
import { NO_TIME, type SessionTimes } from './userHistory.ts';
import type { FeatureOptions } from './sessionFeatures.ts';

/** Column index of each feature name. */
export const F = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<string, number>;
const VIEW = EventType.view;
const CART = EventType.cart;
const REMOVE = EventType.remove_from_cart;

/**
 * Rows the options give: sessions with at least one kept event. The earliest event is kept under
 * `faithful` (its time is at most the first purchase), and under `strict` exactly when it comes
 * before the first purchase. firstK = 0 keeps nothing; any other k keeps a row for each of them.
 */
export function featureRowCount(times: SessionTimes, opts: FeatureOptions): number {
  if (opts.firstK === 0) return 0;
  const { start, firstPurchase } = times;
  const strict = opts.cut === 'strict';
  let rows = 0;
  for (let s = 0; s < start.length; s++) if (strict ? start[s] < firstPurchase[s] : start[s] !== NO_TIME) rows++;
  return rows;
}

/**
 * Feature rows, one per session with kept events, in session order. The user history columns are
 * left to the caller (they need every session's times).
 */
export class FeatureRows {
  rows = 0;
  keptEvents = 0;
  emptyAfterCut = 0;
  readonly columns: FeatureColumn[];
  readonly label: Uint8Array;
  /** Session index of each row. */
  readonly rowSession: Int32Array;
  private readonly times: SessionTimes;
  private readonly strict: boolean;
  private readonly firstK: number;
  // Per session: kept positions in the block, and the values whose distinct count is wanted.
  private readonly kept: Int32Array;
  private readonly products: Int32Array;
  /** 1 where products[q] is a pre-purchase view. */
  private readonly viewed: Uint8Array;
  private readonly categories: Int32Array;
  private readonly brands: Int32Array;
  private readonly sortKeys: Float64Array;
  private readonly sortTmp: Int32Array;
  private readonly distinct: DistinctCounter;

  /** `rows`: the number of sessions with kept events (featureRowCount); `maxLen`: the longest session. */
  constructor(rows: number, times: SessionTimes, maxLen: number, opts: FeatureOptions) {
    // Counts are bounded by the block's capacity (at least the longest session), prior sessions by the sessions.
    this.columns = allocateFeatureColumns(rows, { sessionEvents: maxLen, sessions: times.start.length });
    this.label = new Uint8Array(rows);
    this.rowSession = new Int32Array(rows);
    this.times = times;
    this.strict = opts.cut === 'strict';
    this.firstK = opts.firstK ?? Infinity;
    this.kept = new Int32Array(maxLen);
    this.products = new Int32Array(maxLen);
    this.viewed = new Uint8Array(maxLen);
    this.categories = new Int32Array(maxLen);
    this.brands = new Int32Array(maxLen);
    const sorts = opts.firstK !== undefined;
    this.sortKeys = new Float64Array(sorts ? maxLen : 0);
    this.sortTmp = new Int32Array(sorts ? maxLen : 0);
    this.distinct = new DistinctCounter(maxLen);
  }

  /** Adds the rows of every session in the block. */
  addBlock(b: SessionBlock): void {
    const { timeSec: time, type, price, productId, categoryIdx, brandIdx } = b;
    const { kept, products, categories, brands, viewed, distinct, strict, firstK, label, rowSession } = this;
    const { firstPurchase, start } = this.times;
    // Columns as locals: `columns[F.name]` per write was a dictionary lookup.
    const c = this.columns;
    const viewCount = c[F.view_count];
    const cartCount = c[F.cart_count];
    const sessionDuration = c[F.session_duration];
    const avgPrice = c[F.avg_price];
    const maxPrice = c[F.max_price];
    const uniqueItems = c[F.unique_items];
    const startHour = c[F.start_hour];
    const isNight = c[F.is_night];
    const eventsPerMinute = c[F.events_per_minute];
    const cartsPerView = c[F.carts_per_view];
    const removeCount = c[F.remove_count];
    const distinctCategories = c[F.distinct_categories];
    const distinctBrands = c[F.distinct_brands];
    const repeatViews = c[F.repeat_views];
    const maxViewsOneProduct = c[F.max_views_one_product];
    let { rows, keptEvents, emptyAfterCut } = this;

    for (let s = b.firstSession; s < b.endSession; s++) {
      const j0 = b.start(s);
      const j1 = b.end(s);
      const fp = firstPurchase[s];
      const st = start[s];
      let nk = 0;
      for (let j = j0; j < j1; j++) {
        const t = time[j];
        if (t < fp || (!strict && t === fp)) kept[nk++] = j;
      }
      if (nk > firstK) {
        // The k earliest kept events, by time then file order; the sums below run in that order.
        sortByTimeStable(kept, nk, time, this.sortKeys, this.sortTmp);
        nk = firstK;
      }
      keptEvents += nk;
      if (nk === 0) {
        emptyAfterCut++; // only a buyer whose purchase is its first event gets here (strict cut)
        continue;
      }
      const r = rows++;
      rowSession[r] = s;
      label[r] = fp !== NO_TIME ? 1 : 0;

      // Original six, over every kept event.
      let views = 0;
      let carts = 0;
      let minT = Infinity;
      let maxT = -Infinity;
      let sumPrice = 0;
      let maxP = -Infinity;
      // Extended, over pre-purchase events (t < first purchase).
      let nPre = 0;
      let viewsPre = 0;
      let cartsPre = 0;
      let removesPre = 0;
      let minPre = Infinity;
      let maxPre = -Infinity;
      let nb = 0;
      for (let q = 0; q < nk; q++) {
        const j = kept[q];
        const t = time[j];
        const ty = type[j];
        const p = price[j];
        if (ty === VIEW) views++;
        else if (ty === CART) carts++;
        if (t < minT) minT = t;
        if (t > maxT) maxT = t;
        sumPrice += p;
        if (p > maxP) maxP = p;
        // Product ids as Int32: every uint32 id keeps its identity.
        products[q] = productId[j];
        viewed[q] = 0;
        if (t < fp) {
          categories[nPre++] = categoryIdx[j];
          // Non-empty brands only; written always and counted when non-zero (no branch to mispredict).
          const brand = brandIdx[j];
          brands[nb] = brand;
          nb += (brand | -brand) >>> 31;
          if (ty === VIEW) {
            viewed[q] = 1;
            viewsPre++;
          } else if (ty === CART) cartsPre++;
          else if (ty === REMOVE) removesPre++;
          if (t < minPre) minPre = t;
          if (t > maxPre) maxPre = t;
        }
      }
      viewCount[r] = views;
      cartCount[r] = carts;
      sessionDuration[r] = maxT - minT;
      avgPrice[r] = sumPrice / nk;
      // Prices near the largest double (1e308 is a valid price) overflow the sum to Infinity, which
      // features.csv cannot hold. A running mean stays between the smallest and the largest price
      // (bar rounding, hence the clamp).
      if (sumPrice === Infinity) {
        let mean = 0;
        for (let q = 0; q < nk; q++) mean += (price[kept[q]] - mean) / (q + 1);
        avgPrice[r] = Math.min(mean, maxP);
      }
      maxPrice[r] = maxP;
      uniqueItems[r] = distinct.countDistinctIds(products, viewed, nk);
      repeatViews[r] = viewsPre - distinct.flaggedDistinct;
      maxViewsOneProduct[r] = distinct.flaggedMaxRepeats;

      // Integer ops on the uint32 start: the same hour as Math.floor((st % 86400) / 3600), without a
      // floating-point modulo per session.
      const hour = (((st >>> 0) % 86400) / 3600) | 0;
      startHour[r] = hour;
      isNight[r] = hour >= 22 || hour < 6 ? 1 : 0;
      const spanMin = nPre > 0 ? (maxPre - minPre) / 60 : 0;
      eventsPerMinute[r] = nPre / Math.max(1, spanMin);
      cartsPerView[r] = cartsPre / Math.max(1, viewsPre);
      removeCount[r] = removesPre;
      distinctCategories[r] = distinct.countDistinctIndices(categories, nPre);
      distinctBrands[r] = distinct.countDistinctIndices(brands, nb);
    }
    this.rows = rows;
    this.keptEvents = keptEvents;
    this.emptyAfterCut = emptyAfterCut;
  }
}
