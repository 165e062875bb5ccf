// The demo shop's fixed catalogue: a few hundred categories, each with its own log-normal price scale,
// products belonging to one category, brands belonging to products. Built once per seed (independent
// of the row count), and every product's CSV fields are pre-joined so a row copies them in one piece.
import { BRAND_GROUPS, CATEGORY_CODES, type BrandGroup } from './catalogueData.ts';
import type { Rng } from './random.ts';

/**
 * Category-choice weight of the categories with an empty category_code. The real file leaves ~32 % of
 * rows without a code (32.96 % in the 17k-row sample); uncoded categories are cheaper, and cheap
 * sessions run a little longer (PRICE_DRAG in sessionModel.ts), so 0.31 here gives 32 % of rows.
 */
export const UNCODED_TRAFFIC_SHARE = 0.31;
const UNCODED_CATEGORY_COUNT = 200;
/** Products per category ∝ traffic share^0.6 × this: ~2,500 smartphones, a few dozen in niche categories. */
const PRODUCTS_PER_SHARE = 5500;
const MIN_PRODUCTS = 12;
const MAX_PRODUCTS = 2500;
/** The real file's largest price; nothing costs more. */
const MAX_PRICE_CENTS = 257407;
/** The real file lists ~0.1 % of rows at price 0.00 (19 of the 17k sample rows). */
const ZERO_PRICE_SHARE = 0.001;

export interface Catalogue {
  readonly categoryCount: number;
  readonly productCount: number;
  /** `product_id,category_id,category_code,brand,price` per product, ready to splice into a row. */
  readonly productFields: readonly string[];
  readonly productCategory: Int32Array;
  readonly productPriceCents: Int32Array;
  /** Products of category c are [categoryFirstProduct[c], categoryFirstProduct[c + 1]), most popular first. */
  readonly categoryFirstProduct: Int32Array;
  /** ln(median price in currency units) of each category. */
  readonly categoryLogPrice: Float64Array;
  /** Cumulative traffic weight over categories, ending at 1. */
  readonly categoryCumWeight: Float64Array;
  /** Cumulative popularity within each category's product range, ending at 1 in every category. */
  readonly productCumWeight: Float64Array;
}

interface CategorySpec {
  code: string;
  group: BrandGroup;
  weight: number;
  logPrice: number;
  priceLogSd: number;
}

export function buildCatalogue(rng: Rng): Catalogue {
  const specs = categorySpecs(rng);
  const categoryCount = specs.length;
  const categoryIds = uniqueCategoryIds(rng, specs);
  const prefixes = uniqueProductPrefixes(rng, categoryCount);

  const counts = specs.map((s) => Math.min(MAX_PRODUCTS, Math.max(MIN_PRODUCTS, Math.round(PRODUCTS_PER_SHARE * s.weight ** 0.6))));
  const productCount = counts.reduce((a, b) => a + b, 0);
  const productFields: string[] = new Array<string>(productCount);
  const productCategory = new Int32Array(productCount);
  const productPriceCents = new Int32Array(productCount);
  const productCumWeight = new Float64Array(productCount);
  const categoryFirstProduct = new Int32Array(categoryCount + 1);
  const categoryLogPrice = new Float64Array(categoryCount);
  const categoryCumWeight = new Float64Array(categoryCount);

  let p = 0;
  let cum = 0;
  for (let c = 0; c < categoryCount; c++) {
    const spec = specs[c];
    const n = counts[c];
    categoryFirstProduct[c] = p;
    categoryLogPrice[c] = spec.logPrice;
    cum += spec.weight;
    categoryCumWeight[c] = cum;

    const brands = categoryBrands(rng, spec.group);
    const brandCum = zipfCumulative(brands.length, 1.2);
    const serials = productSerials(rng, n);
    // Popularity 1/(rank + 3): the top smartphone draws ~1 % of all rows, as the real best seller does.
    let total = 0;
    for (let k = 0; k < n; k++) total += 1 / (k + 3);
    let within = 0;
    for (let k = 0; k < n; k++, p++) {
      within += 1 / (k + 3) / total;
      productCumWeight[p] = k === n - 1 ? 1 : within;
      const cents = rng.chance(ZERO_PRICE_SHARE)
        ? 0
        : Math.min(MAX_PRICE_CENTS, Math.max(1, Math.round(100 * Math.exp(spec.logPrice + spec.priceLogSd * rng.normal()))));
      const brand = rng.chance(spec.group.emptyBrandShare) ? '' : brands[lowerBound(brandCum, rng.next(), 0, brands.length)];
      productCategory[p] = c;
      productPriceCents[p] = cents;
      productFields[p] = `${prefixes[c] * 100000 + serials[k]},${categoryIds[c]},${spec.code},${brand},${formatCents(cents)}`;
    }
  }
  categoryFirstProduct[categoryCount] = p;
  for (let c = 0; c < categoryCount; c++) categoryCumWeight[c] /= cum;
  categoryCumWeight[categoryCount - 1] = 1;

  return {
    categoryCount,
    productCount,
    productFields,
    productCategory,
    productPriceCents,
    categoryFirstProduct,
    categoryLogPrice,
    categoryCumWeight,
    productCumWeight,
  };
}

export function sampleCategory(catalogue: Catalogue, rng: Rng): number {
  return lowerBound(catalogue.categoryCumWeight, rng.next(), 0, catalogue.categoryCount);
}

export function sampleProduct(catalogue: Catalogue, category: number, rng: Rng): number {
  const first = catalogue.categoryFirstProduct[category];
  return lowerBound(catalogue.productCumWeight, rng.next(), first, catalogue.categoryFirstProduct[category + 1]);
}

/** Prices are written with exactly two decimals, as in the real file ("33.20"). */
export function formatCents(cents: number): string {
  const rest = cents % 100;
  return `${(cents - rest) / 100}.${rest < 10 ? '0' : ''}${rest}`;
}

/** First index in [lo, hi) whose cumulative weight exceeds u. */
function lowerBound(cum: Float64Array, u: number, lo: number, hi: number): number {
  let a = lo;
  let b = hi - 1;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (cum[mid] > u) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** Cumulative weights ∝ 1/(i + 1)^s over [0, n), ending at 1. */
function zipfCumulative(n: number, s: number): Float64Array {
  const cum = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cum[i] = total += (i + 1) ** -s;
  for (let i = 0; i < n; i++) cum[i] /= total;
  cum[n - 1] = 1;
  return cum;
}

function categorySpecs(rng: Rng): CategorySpec[] {
  const specs: CategorySpec[] = [];
  let codedTotal = 0;
  for (const [, weight] of CATEGORY_CODES) codedTotal += weight;
  for (const [code, weight, medianPrice, priceLogSd, ids] of CATEGORY_CODES) {
    const group = BRAND_GROUPS[code.slice(0, code.indexOf('.') < 0 ? code.length : code.indexOf('.'))] ?? BRAND_GROUPS.uncoded;
    // A code carried by several category_id (apparel.shoes has 12 in the real file): the first id
    // takes most of the traffic, prices drift a little between them.
    let split = 0;
    for (let j = 0; j < ids; j++) split += 0.5 ** j;
    for (let j = 0; j < ids; j++) {
      specs.push({
        code,
        group,
        weight: ((1 - UNCODED_TRAFFIC_SHARE) * weight * 0.5 ** j) / codedTotal / split,
        logPrice: Math.log(medianPrice) + (j === 0 ? 0 : 0.3 * rng.normal()),
        priceLogSd,
      });
    }
  }
  let uncodedTotal = 0;
  for (let k = 0; k < UNCODED_CATEGORY_COUNT; k++) uncodedTotal += 1 / (k + 3) ** 1.1;
  for (let k = 0; k < UNCODED_CATEGORY_COUNT; k++) {
    specs.push({
      code: '',
      group: BRAND_GROUPS.uncoded,
      weight: (UNCODED_TRAFFIC_SHARE / (k + 3) ** 1.1) / uncodedTotal,
      // Uncoded rows in the sample: median price 78, log-price spread 1.26 across all of them.
      logPrice: Math.min(Math.log(2000), Math.max(Math.log(2), Math.log(78) + 0.9 * rng.normal())),
      priceLogSd: 0.3 + 0.5 * rng.next(),
    });
  }
  return specs;
}

/** 19-digit category ids like the real 2053013555631882655: beyond 2^53, so built as strings. */
function uniqueCategoryIds(rng: Rng, specs: readonly CategorySpec[]): string[] {
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const spec of specs) {
    let id: string;
    do {
      // Coded categories sit in the old 20530135xx… tree, uncoded ones spread up to 2175…, as in October.
      const high = spec.code ? 2053013552 + rng.int(14) : 2053013552 + rng.int(122405043);
      id = `${high}${String(rng.int(1e9)).padStart(9, '0')}`;
    } while (seen.has(id));
    seen.add(id);
    ids.push(id);
  }
  return ids;
}

/** product_id = prefix·100000 + serial, like 1004237 (smartphones) or 17200506 (sofas). */
function uniqueProductPrefixes(rng: Rng, n: number): Int32Array {
  const pool = Array.from({ length: 590 }, (_, i) => i + 10);
  if (n > pool.length) throw new Error(`catalogue has ${n} categories, more than ${pool.length} product-id prefixes`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
    out[i] = pool[i];
  }
  return out;
}

/** Increasing serials with small gaps, then shuffled so popularity does not follow the id. */
function productSerials(rng: Rng, n: number): Int32Array {
  const serials = new Int32Array(n);
  let s = rng.int(100000 - 3 * n);
  for (let k = 0; k < n; k++) {
    serials[k] = s;
    s += 1 + rng.int(3);
  }
  for (let k = n - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    const t = serials[k];
    serials[k] = serials[j];
    serials[j] = t;
  }
  return serials;
}

/** 4–19 of the branch's brands, favouring its big names, in the order products will favour them. */
function categoryBrands(rng: Rng, group: BrandGroup): string[] {
  const pool = group.brands.slice();
  const weights = pool.map((_, i) => 1 / (i + 1));
  const want = Math.min(pool.length, 4 + rng.int(16));
  const chosen: string[] = [];
  while (chosen.length < want) {
    let total = 0;
    for (const w of weights) total += w;
    let u = rng.next() * total;
    let i = 0;
    while (i < weights.length - 1 && (u -= weights[i]) >= 0) i++;
    chosen.push(pool[i]);
    pool.splice(i, 1);
    weights.splice(i, 1);
  }
  return chosen;
}
