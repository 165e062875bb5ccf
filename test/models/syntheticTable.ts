// Seeded synthetic FeatureTables for model tests and benches (no CSV pipeline needed).
import { FEATURE_NAMES } from '../../src/core/features/featureDefinitions.ts';
import { packStrings, type FeatureTable } from '../../src/core/features/featureTable.ts';
import { createRng, type Rng } from '../../src/core/models/random.ts';

function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-Math.min(mean, 30));
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

function ids(n: number, withIds: boolean): FeatureTable['sessionIds'] {
  return packStrings(withIds ? Array.from({ length: n }, (_, i) => `s${i}`) : []);
}

/**
 * Sessions that look like the 17 catalogue features (counts, prices, hours) with a purchase
 * probability that depends on carts, views, a price × night interaction and history, ~6 % positive.
 */
export function sessionLikeTable(n: number, seed: number, withIds = false): FeatureTable {
  const rng = createRng(seed);
  const d = FEATURE_NAMES.length;
  const columns = Array.from({ length: d }, () => new Float64Array(n));
  const label = new Uint8Array(n);
  const col = (name: string) => columns[FEATURE_NAMES.indexOf(name)];
  for (let i = 0; i < n; i++) {
    const engaged = rng() < 0.3 ? 1 : 0;
    const views = 1 + poisson(rng, engaged ? 8 : 2);
    const carts = poisson(rng, engaged ? 0.8 : 0.05);
    const hour = Math.floor(rng() * 24);
    const night = hour >= 22 || hour < 6 ? 1 : 0;
    const price = Math.round(Math.exp(4 + 1.2 * gaussian(rng)) * 100) / 100;
    const prior = poisson(rng, 2);
    const priorBuy = prior > 0 && rng() < 0.2 ? 1 + poisson(rng, 0.3) : 0;
    const duration = views > 1 ? Math.floor(views * 40 * (0.5 + rng())) : 0;
    const unique = Math.max(1, views - poisson(rng, views * 0.3));
    col('view_count')[i] = views;
    col('cart_count')[i] = carts;
    col('session_duration')[i] = duration;
    col('avg_price')[i] = price;
    col('max_price')[i] = Math.round(price * (1 + rng()) * 100) / 100;
    col('unique_items')[i] = Math.min(unique, views);
    col('start_hour')[i] = hour;
    col('is_night')[i] = night;
    col('events_per_minute')[i] = (views + carts) / Math.max(1, duration / 60);
    col('carts_per_view')[i] = carts / views;
    col('remove_count')[i] = poisson(rng, carts * 0.2);
    col('distinct_categories')[i] = 1 + poisson(rng, views * 0.2);
    col('distinct_brands')[i] = poisson(rng, views * 0.3);
    col('repeat_views')[i] = views - Math.min(unique, views);
    col('max_views_one_product')[i] = 1 + poisson(rng, 0.5);
    col('prior_sessions')[i] = prior;
    col('prior_purchase_sessions')[i] = priorBuy;
    const z = -4.2 + 1.6 * Math.min(carts, 3) + 0.08 * Math.min(views, 20) + 0.9 * priorBuy + (night && price > 100 ? 1.2 : 0) - 0.5 * (carts === 0 && views > 10 ? 1 : 0) + 0.5 * gaussian(rng);
    label[i] = rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { names: FEATURE_NAMES, rows: n, columns, label, sessionIds: ids(n, withIds) };
}

/** Two informative features whose signs interact (XOR), plus noise features: linear models fail. */
export function xorTable(n: number, seed: number): FeatureTable {
  const rng = createRng(seed);
  const names = ['a', 'b', 'noise1', 'noise2'];
  const columns = names.map(() => new Float64Array(n));
  const label = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of columns) c[i] = rng() * 2 - 1;
    const xor = columns[0][i] > 0 !== columns[1][i] > 0;
    label[i] = rng() < (xor ? 0.9 : 0.1) ? 1 : 0;
  }
  return { names, rows: n, columns, label, sessionIds: ids(n, false) };
}

/** Linearly separable with a margin: label = [2a − b + 0.5c > 0], rows inside the margin dropped. */
export function separableTable(n: number, seed: number): FeatureTable {
  const rng = createRng(seed);
  const names = ['a', 'b', 'c'];
  const cols: number[][] = [[], [], []];
  const label: number[] = [];
  while (label.length < n) {
    const a = gaussian(rng);
    const b = gaussian(rng) * 3 + 10;
    const c = gaussian(rng) * 0.1;
    const s = 2 * a - (b - 10) / 3 + 5 * c;
    if (Math.abs(s) < 0.3) continue;
    cols[0].push(a);
    cols[1].push(b);
    cols[2].push(c);
    label.push(s > 0 ? 1 : 0);
  }
  return { names, rows: n, columns: cols.map((c) => Float64Array.from(c)), label: Uint8Array.from(label), sessionIds: ids(n, false) };
}
