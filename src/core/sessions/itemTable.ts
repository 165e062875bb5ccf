// The distinct (product_id, category_id, category_code, brand, price) combinations of the loaded
// events. In REES46 a product keeps its category and brand, and its price for long stretches (the
// October excerpt: 6,493 products, 6,493 product-price pairs), so one 4-byte index into this small
// table replaces five per-event columns (14 bytes an event: 425 MB less on the 42.4M-row month), and
// the table stays in cache wherever the columns are read back.
import { exactCents, type DictIndexArray } from './eventColumns.ts';

export interface ItemTable {
  readonly size: number;
  readonly productId: Uint32Array;
  /** Dictionary indices, as in the event columns they replace. */
  readonly categoryIdx: DictIndexArray;
  readonly categoryCodeIdx: DictIndexArray;
  readonly brandIdx: DictIndexArray;
  /** The price, bit for bit as parsed. */
  readonly price: Float64Array;
}

const EMPTY = -1;

/**
 * Open-addressing interner of item tuples: the tuple's fields are the table's own columns. Prices
 * come as whole cents (intern: every REES46 price; an integer argument, which Chromium does not box
 * as it boxes a fractional one) or as the price itself when it is not (internPrice); a price is
 * always given the same way, so the two never meet.
 */
export class ItemInterner {
  size = 0;
  private productId: Uint32Array;
  private categoryIdx: Int32Array;
  private categoryCodeIdx: Int32Array;
  private brandIdx: Int32Array;
  private price: Float64Array;
  private slots: Int32Array;
  private mask: number;

  constructor(capacity = 1 << 12) {
    this.productId = new Uint32Array(capacity);
    this.categoryIdx = new Int32Array(capacity);
    this.categoryCodeIdx = new Int32Array(capacity);
    this.brandIdx = new Int32Array(capacity);
    this.price = new Float64Array(capacity);
    this.slots = new Int32Array(capacity * 2).fill(EMPTY);
    this.mask = capacity * 2 - 1;
  }

  /** The index of the tuple whose price is `cents` / 100 (`cents` a whole number as exactCents gives), added if new. */
  intern(product: number, category: number, code: number, brand: number, cents: number): number {
    return this.internHashed(product, category, code, brand, cents / 100, cents);
  }

  /** The index of the tuple with a price that is not whole cents (exactCents < 0), added if new. */
  internPrice(product: number, category: number, code: number, brand: number, price: number): number {
    return this.internHashed(product, category, code, brand, price, fractionalPriceHash(price));
  }

  /** The index of a tuple with its price as a number, whichever way it is hashed. */
  internAny(product: number, category: number, code: number, brand: number, price: number): number {
    return this.internHashed(product, category, code, brand, price, priceHash(price));
  }

  private internHashed(product: number, category: number, code: number, brand: number, price: number, priceHash: number): number {
    const h = hash5(product, category, code, brand, priceHash);
    let slot = h & this.mask;
    for (;;) {
      const i = this.slots[slot];
      if (i === EMPTY) break;
      // -0 is never whole cents, and === takes it for 0: Object.is tells them apart.
      if (this.productId[i] === product && this.price[i] === price && this.categoryIdx[i] === category && this.brandIdx[i] === brand && this.categoryCodeIdx[i] === code && (price !== 0 || Object.is(this.price[i], price))) return i;
      slot = (slot + 1) & this.mask;
    }
    const i = this.size++;
    if (i === this.productId.length) {
      this.grow();
      slot = this.emptySlot(h);
    }
    this.slots[slot] = i;
    this.productId[i] = product;
    this.categoryIdx[i] = category;
    this.categoryCodeIdx[i] = code;
    this.brandIdx[i] = brand;
    this.price[i] = price;
    return i;
  }

  /** The table, its columns cut to `size`. */
  table(): ItemTable {
    const n = this.size;
    return {
      size: n,
      productId: this.productId.slice(0, n),
      categoryIdx: this.categoryIdx.slice(0, n),
      categoryCodeIdx: this.categoryCodeIdx.slice(0, n),
      brandIdx: this.brandIdx.slice(0, n),
      price: this.price.slice(0, n),
    };
  }

  productOf(i: number): number {
    return this.productId[i];
  }

  /** The first free slot on `hash`'s probe path. */
  private emptySlot(hash: number): number {
    let slot = hash & this.mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** Doubles the columns and the slots, placing every tuple stored so far again. */
  private grow(): void {
    const n = this.productId.length;
    const cap = n * 2;
    this.productId = doubled(this.productId, new Uint32Array(cap));
    this.categoryIdx = doubled(this.categoryIdx, new Int32Array(cap));
    this.categoryCodeIdx = doubled(this.categoryCodeIdx, new Int32Array(cap));
    this.brandIdx = doubled(this.brandIdx, new Int32Array(cap));
    this.price = doubled(this.price, new Float64Array(cap));
    this.slots = new Int32Array(cap * 2).fill(EMPTY);
    this.mask = cap * 2 - 1;
    for (let i = 0; i < n; i++) {
      this.slots[this.emptySlot(hash5(this.productId[i], this.categoryIdx[i], this.categoryCodeIdx[i], this.brandIdx[i], priceHash(this.price[i])))] = i;
    }
  }
}

/** The price's part of an item's hash: its cents when whole cents (as intern is given them), else fractionalPriceHash. */
function priceHash(price: number): number {
  const cents = exactCents(price);
  return cents >= 0 ? cents : fractionalPriceHash(price);
}

function fractionalPriceHash(price: number): number {
  return Math.floor(price * 1024) | 0;
}

function doubled<T extends Uint32Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

function hash5(a: number, b: number, c: number, d: number, e: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ d, 0x165667b1);
  h = Math.imul(h ^ (h >>> 13) ^ e, 0x85ebca6b);
  return h ^ (h >>> 16);
}

/** Per-event columns of events given as items `item[0, n)` of `table` (index columns as Uint16 where they fit; prices as numbers). */
export function itemsToColumns(
  item: Int32Array,
  n: number,
  table: ItemTable,
  capacity = n,
): { productId: Uint32Array; categoryIdx: DictIndexArray; categoryCodeIdx: DictIndexArray; brandIdx: DictIndexArray; price: Float64Array } {
  const column = (a: DictIndexArray) => (a.some((v) => v > 0xffff) ? new Int32Array(capacity) : new Uint16Array(capacity));
  const productId = new Uint32Array(capacity);
  const categoryIdx = column(table.categoryIdx);
  const categoryCodeIdx = column(table.categoryCodeIdx);
  const brandIdx = column(table.brandIdx);
  const price = new Float64Array(capacity);
  for (let r = 0; r < n; r++) {
    const it = item[r];
    productId[r] = table.productId[it];
    categoryIdx[r] = table.categoryIdx[it];
    categoryCodeIdx[r] = table.categoryCodeIdx[it];
    brandIdx[r] = table.brandIdx[it];
    price[r] = table.price[it];
  }
  return { productId, categoryIdx, categoryCodeIdx, brandIdx, price };
}
