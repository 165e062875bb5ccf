// One session's events, from a hidden purchase propensity z. z drives how long the visitor browses,
// how often they come back to a product, whether they add to cart and whether they buy, each through
// its own noise, so a model that sees the browsing before the purchase has real but imperfect signal.
//
// Shape of a session: views (with carts and revisits) → for buyers, the first purchase, reached
// either through the cart ("cart path") or straight from a product page ("buy now", 53 % of real
// purchases have no cart before them) → sometimes more browsing and another purchase afterwards, so
// cutting the session at its first purchase matters.
import { sampleCategory, sampleProduct, type Catalogue } from './catalogue.ts';
import { sigmoid, type Rng } from './random.ts';

export const VIEW = 0;
export const CART = 1;
export const PURCHASE = 2;
export const REMOVE_FROM_CART = 3;
export const EVENT_TYPE_NAMES: readonly string[] = ['view', 'cart', 'purchase', 'remove_from_cart'];

export interface SessionContext {
  /** The user's persistent taste for buying (UserPool.affinity). */
  readonly userAffinity: number;
  readonly priorPurchases: number;
  /** Session starts 22:00–05:59 UTC. */
  readonly isNight: boolean;
  readonly includeRemovals: boolean;
}

// Propensity: z = N(0,1) + user affinity + these terms. The purchase itself is a coin with
// P = sigmoid(BUY_BIAS + BUY_SLOPE·z). The constants below were tuned together on 1 M generated rows
// (seeds 1 and 7) to land on the real month: 6.6–7.1 % of sessions buy, 96.0/2.3/1.7 % view/cart/
// purchase, 4.6 events per session, 51–52 % buy-now; and a gradient-boosted model on the 17 features
// computed strictly before the first purchase reaches ROC-AUC 0.83–0.85 (0.82–0.83 on the original six).
const REPEAT_BUYER_BOOST = 1.0;
/** The original project found night sessions (22:00–06:00) convert more. */
const NIGHT_BOOST = 0.35;
/** Expensive categories convert less: per unit of ln(median price / 100). */
const PRICE_DRAG = 0.2;
const BUY_BIAS = -3.77;
const BUY_SLOPE = 1.35;
/** Share of buying sessions that go through the cart; the rest buy straight from a product page. */
const CART_PATH_SHARE = 0.46;
/** Buyers whose purchase is the very first event of the session (nothing to predict from). */
const PURCHASE_FIRST_SHARE = 0.03;

// Browsing: number of views before the first purchase (or in the whole session) is log-normal:
// median e^LEN_MU ≈ 1.75 views, spread LEN_SIGMA gives a tail of sessions with hundreds of events.
const LEN_MU = Math.log(1.75);
const LEN_SLOPE = 0.4;
const LEN_SIGMA = 1.2;
const MAX_VIEWS = 1000;
const REVISIT_BIAS = -1.6;
const REVISIT_SLOPE = 0.6;
const CATEGORY_SWITCH = 0.12;
const CART_BIAS = -4.7;
const CART_SLOPE = 0.7;
/** Per view, when something sits in the cart (includeRemovals only). */
const REMOVE_CHANCE = 0.08;
/** Seconds between page views: log-normal around 25 s, capped at half an hour. */
const DWELL_MEDIAN_SEC = 25;
const DWELL_SLOPE = 0.15;
const MAX_DWELL_SEC = 1800;

// After the first purchase.
const KEEP_BROWSING = 0.3;
const EXTRA_CHECKOUT_ITEM = 0.6;
const BUY_AGAIN_AFTER_BROWSING = 0.4;

/** The events of one session, offsets in whole seconds from its first event. Reused across sessions. */
export class SessionEvents {
  offsetSec = new Int32Array(256);
  product = new Int32Array(256);
  type = new Uint8Array(256);
  length = 0;
  purchases = 0;

  clear(): void {
    this.length = 0;
    this.purchases = 0;
  }

  push(offsetSec: number, product: number, type: number): void {
    if (this.length === this.type.length) this.grow();
    this.offsetSec[this.length] = offsetSec;
    this.product[this.length] = product;
    this.type[this.length] = type;
    this.length++;
    if (type === PURCHASE) this.purchases++;
  }

  private grow(): void {
    const n = this.type.length * 2;
    const offsetSec = new Int32Array(n);
    offsetSec.set(this.offsetSec);
    this.offsetSec = offsetSec;
    const product = new Int32Array(n);
    product.set(this.product);
    this.product = product;
    const type = new Uint8Array(n);
    type.set(this.type);
    this.type = type;
  }
}

/** Browsing state shared by the phases of one session. */
class Visit {
  t = 0;
  category = 0;
  /** Distinct products viewed, most recent last (at most RECENT_KEPT). */
  readonly recent: number[] = [];
  readonly carted: number[] = [];
  lastProduct = -1;

  constructor(
    readonly rng: Rng,
    readonly catalogue: Catalogue,
    readonly out: SessionEvents,
    readonly dwellMu: number,
    readonly pRevisit: number,
  ) {}

  dwell(): number {
    return Math.min(MAX_DWELL_SEC, Math.round(this.rng.logNormal(this.dwellMu, 1.0)));
  }

  /** One product page: a revisit of something seen, a new product here, or a jump to another category. */
  view(first: boolean): number {
    const { rng, catalogue } = this;
    let product: number;
    if (this.recent.length > 0 && rng.next() < this.pRevisit) {
      product = this.recent[this.recent.length - 1 - rng.int(Math.min(4, this.recent.length))];
    } else {
      if (rng.next() < CATEGORY_SWITCH) this.category = sampleCategory(catalogue, rng);
      product = sampleProduct(catalogue, this.category, rng);
    }
    this.viewProduct(product, first);
    return product;
  }

  viewProduct(product: number, first: boolean): void {
    if (!first) this.t += this.dwell();
    this.out.push(this.t, product, VIEW);
    this.lastProduct = product;
    const at = this.recent.indexOf(product);
    if (at >= 0) this.recent.splice(at, 1);
    this.recent.push(product);
    if (this.recent.length > 8) this.recent.shift();
  }

  cart(product: number): void {
    this.t += 1 + Math.round(this.rng.logNormal(Math.log(8), 0.8));
    this.out.push(this.t, product, CART);
    if (!this.carted.includes(product)) this.carted.push(product);
  }

  remove(): void {
    const i = this.rng.int(this.carted.length);
    this.t += 1 + Math.round(this.rng.logNormal(Math.log(10), 0.8));
    this.out.push(this.t, this.carted[i], REMOVE_FROM_CART);
    this.carted.splice(i, 1);
  }

  browse(views: number, pCart: number, includeRemovals: boolean): void {
    for (let i = 0; i < views; i++) {
      const product = this.view(this.out.length === 0);
      if (pCart > 0 && this.rng.next() < pCart) this.cart(product);
      else if (includeRemovals && this.carted.length > 0 && this.rng.next() < REMOVE_CHANCE) this.remove();
    }
  }

  purchase(product: number, gapSec: number): void {
    if (this.out.length > 0) this.t += gapSec;
    this.out.push(this.t, product, PURCHASE);
  }
}

export function generateSession(rng: Rng, catalogue: Catalogue, ctx: SessionContext, out: SessionEvents): void {
  out.clear();
  const focus = sampleCategory(catalogue, rng);
  const z =
    rng.normal() +
    ctx.userAffinity +
    (ctx.priorPurchases > 0 ? REPEAT_BUYER_BOOST : 0) +
    (ctx.isNight ? NIGHT_BOOST : 0) -
    PRICE_DRAG * (catalogue.categoryLogPrice[focus] - Math.log(100));
  const buyer = rng.next() < sigmoid(BUY_BIAS + BUY_SLOPE * z);
  const cartPath = buyer && rng.next() < CART_PATH_SHARE;
  const pCart = sigmoid(CART_BIAS + CART_SLOPE * z);
  const visit = new Visit(rng, catalogue, out, Math.log(DWELL_MEDIAN_SEC) + DWELL_SLOPE * z, sigmoid(REVISIT_BIAS + REVISIT_SLOPE * z));
  visit.category = focus;

  let views = Math.min(MAX_VIEWS, Math.max(1, Math.round(rng.logNormal(LEN_MU + LEN_SLOPE * z, LEN_SIGMA))));
  if (buyer && rng.next() < PURCHASE_FIRST_SHARE) views = 0;
  // Buy-now buyers never touch the cart before paying, whatever their propensity.
  visit.browse(views, buyer && !cartPath ? 0 : pCart, ctx.includeRemovals);
  if (!buyer) return;

  if (cartPath) {
    if (visit.carted.length === 0) {
      if (visit.lastProduct < 0) visit.viewProduct(sampleProduct(catalogue, focus, rng), true);
      visit.cart(visit.lastProduct);
    }
    const target = visit.carted[rng.int(visit.carted.length)];
    visit.purchase(target, Math.round(rng.logNormal(Math.log(90), 0.9)));
    // Checkout pays for the rest of the cart too, often in the same second.
    for (const other of visit.carted) {
      if (other !== target && rng.next() < EXTRA_CHECKOUT_ITEM) visit.purchase(other, rng.int(2));
    }
    visit.carted.length = 0;
  } else {
    let target: number;
    if (visit.lastProduct < 0) target = sampleProduct(catalogue, focus, rng);
    else {
      target = rng.next() < 0.7 ? visit.lastProduct : visit.recent[rng.int(visit.recent.length)];
      // The product page comes right before "buy now".
      if (target !== visit.lastProduct) visit.viewProduct(target, false);
    }
    visit.purchase(target, Math.round(rng.logNormal(Math.log(45), 0.8)));
  }

  if (rng.next() < KEEP_BROWSING) {
    visit.browse(1 + rng.geometric(0.35), pCart, ctx.includeRemovals);
    if (rng.next() < BUY_AGAIN_AFTER_BROWSING) visit.purchase(visit.lastProduct, Math.round(rng.logNormal(Math.log(45), 0.8)));
  }
}
