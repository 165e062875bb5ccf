// The distinct (product_id, category_id, category_code, brand) combinations of the loaded events.
// In REES46 a product keeps its category and brand (October: ~166k products for 42.4M events), so
// one 4-byte index into this small table replaces four per-event columns (10 bytes an event: 255 MB
// less on the month), and the table stays in cache wherever the columns are read back.
import type { DictIndexArray } from './eventColumns.ts';

export interface ItemTable {
  readonly size: number;
  readonly productId: Uint32Array;
  /** Dictionary indices, as in the event columns they replace. */
  readonly categoryIdx: DictIndexArray;
  readonly categoryCodeIdx: DictIndexArray;
  readonly brandIdx: DictIndexArray;
}

const EMPTY = -1;

/** Open-addressing interner of item tuples: the tuple's fields are the table's own columns. */
export class ItemInterner {
  size = 0;
  private productId: Uint32Array;
  private categoryIdx: Int32Array;
  private categoryCodeIdx: Int32Array;
  private brandIdx: Int32Array;
  private slots: Int32Array;
  private mask: number;

  constructor(capacity = 1 << 12) {
    this.productId = new Uint32Array(capacity);
    this.categoryIdx = new Int32Array(capacity);
    this.categoryCodeIdx = new Int32Array(capacity);
    this.brandIdx = new Int32Array(capacity);
    this.slots = new Int32Array(capacity * 2).fill(EMPTY);
    this.mask = capacity * 2 - 1;
  }

  /** The index of the tuple, added if new. */
  intern(product: number, category: number, code: number, brand: number): number {
    const h = hash4(product, category, code, brand);
    let slot = h & this.mask;
    for (;;) {
      const i = this.slots[slot];
      if (i === EMPTY) break;
      if (this.productId[i] === product && this.categoryIdx[i] === category && this.brandIdx[i] === brand && this.categoryCodeIdx[i] === code) return i;
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
    return i;
  }

  /** The table, its columns cut to `size`. */
  table(): ItemTable {
    const n = this.size;
    return { size: n, productId: this.productId.slice(0, n), categoryIdx: this.categoryIdx.slice(0, n), categoryCodeIdx: this.categoryCodeIdx.slice(0, n), brandIdx: this.brandIdx.slice(0, n) };
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
    this.slots = new Int32Array(cap * 2).fill(EMPTY);
    this.mask = cap * 2 - 1;
    for (let i = 0; i < n; i++) this.slots[this.emptySlot(hash4(this.productId[i], this.categoryIdx[i], this.categoryCodeIdx[i], this.brandIdx[i]))] = i;
  }
}

function doubled<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function hash4(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ d, 0x165667b1);
  return h ^ (h >>> 16);
}

/** The four per-event columns of events given as items `item[0, n)` of `table` (index columns as Uint16 where they fit). */
export function itemsToColumns(item: Int32Array, n: number, table: ItemTable, capacity = n): { productId: Uint32Array; categoryIdx: DictIndexArray; categoryCodeIdx: DictIndexArray; brandIdx: DictIndexArray } {
  const column = (a: DictIndexArray) => (a.some((v) => v > 0xffff) ? new Int32Array(capacity) : new Uint16Array(capacity));
  const productId = new Uint32Array(capacity);
  const categoryIdx = column(table.categoryIdx);
  const categoryCodeIdx = column(table.categoryCodeIdx);
  const brandIdx = column(table.brandIdx);
  for (let r = 0; r < n; r++) {
    const it = item[r];
    productId[r] = table.productId[it];
    categoryIdx[r] = table.categoryIdx[it];
    categoryCodeIdx[r] = table.categoryCodeIdx[it];
    brandIdx[r] = table.brandIdx[it];
  }
  return { productId, categoryIdx, categoryCodeIdx, brandIdx };
}
