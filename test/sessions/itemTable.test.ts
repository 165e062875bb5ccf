// ItemInterner: one index per distinct (product, category, code, brand, price), stable through growth.
import { describe, expect, it } from 'vitest';
import { ItemInterner, itemsToColumns } from '../../src/core/sessions/itemTable.ts';
import { mulberry32 } from '../helpers/ingestText.ts';

describe('ItemInterner', () => {
  it('gives equal tuples one index and different ones their own, in order of first appearance', () => {
    const it = new ItemInterner(2);
    const got = [
      it.intern(7, 1, 0, 3, 150),
      it.intern(7, 1, 0, 3, 150),
      it.intern(7, 1, 0, 4, 150),
      it.intern(8, 1, 0, 3, 150),
      it.intern(7, 2, 0, 3, 150),
      it.intern(7, 1, 5, 3, 150),
      it.intern(7, 1, 0, 4, 150),
      it.intern(7, 1, 0, 3, 151), // another price: another item
      it.internPrice(7, 1, 0, 3, 1.505), // not whole cents
      it.internAny(7, 1, 0, 3, 1.5), // the first tuple, its price as a number
      it.internAny(7, 1, 0, 3, 1.505),
      it.internPrice(7, 1, 0, 3, -0), // -0 is not 0
      it.intern(7, 1, 0, 3, 0),
    ];
    expect(got).toEqual([0, 0, 1, 2, 3, 4, 1, 5, 6, 0, 6, 7, 8]);
    expect(it.table()).toEqual({
      size: 9,
      productId: Uint32Array.from([7, 7, 8, 7, 7, 7, 7, 7, 7]),
      categoryIdx: Int32Array.from([1, 1, 1, 2, 1, 1, 1, 1, 1]),
      categoryCodeIdx: Int32Array.from([0, 0, 0, 0, 5, 0, 0, 0, 0]),
      brandIdx: Int32Array.from([3, 4, 3, 3, 3, 3, 3, 3, 3]),
      price: Float64Array.from([1.5, 1.5, 1.5, 1.5, 1.5, 1.51, 1.505, -0, 0]),
    });
    expect(Object.is(it.table().price[7], -0)).toBe(true);
  });

  it('keeps every index through many growths, product ids up to 2^32 − 1 and prices of any kind included', () => {
    const rnd = mulberry32(5);
    const interner = new ItemInterner(4);
    const seen = new Map<string, number>();
    const prices = [0, 0.01, 35.79, 2574.07, 42949672.95, 0.125, 1 / 3];
    for (let i = 0; i < 50_000; i++) {
      const t = [rnd() < 0.01 ? 0xffffffff : Math.floor(rnd() * 3000), Math.floor(rnd() * 4), Math.floor(rnd() * 2), Math.floor(rnd() * 5), prices[Math.floor(rnd() * prices.length)]] as const;
      const key = t.join(',');
      const got = interner.internAny(...t);
      if (!seen.has(key)) seen.set(key, seen.size);
      if (got !== seen.get(key)) expect(got, key).toBe(seen.get(key));
    }
    const table = interner.table();
    expect(table.size).toBe(seen.size);
    for (const [key, i] of seen) expect([table.productId[i], table.categoryIdx[i], table.categoryCodeIdx[i], table.brandIdx[i], table.price[i]].join(',')).toBe(key);
  });

  it('itemsToColumns: every event\'s five values back, indices as Uint16 where they fit', () => {
    const interner = new ItemInterner();
    const item = Int32Array.from([interner.intern(5, 70_000, 1, 2, 999), interner.internPrice(6, 3, 1, 2, 0.125), 0]);
    const c = itemsToColumns(item, 3, interner.table());
    expect(c).toEqual({
      productId: Uint32Array.from([5, 6, 5]),
      categoryIdx: Int32Array.from([70_000, 3, 70_000]),
      categoryCodeIdx: Uint16Array.from([1, 1, 1]),
      brandIdx: Uint16Array.from([2, 2, 2]),
      price: Float64Array.from([9.99, 0.125, 9.99]),
    });
  });
});
