// ItemInterner: one index per distinct (product, category, code, brand), stable through growth.
import { describe, expect, it } from 'vitest';
import { ItemInterner } from '../../src/core/sessions/itemTable.ts';
import { mulberry32 } from '../helpers/ingestText.ts';

describe('ItemInterner', () => {
  it('gives equal tuples one index and different ones their own, in order of first appearance', () => {
    const it = new ItemInterner(2);
    expect([it.intern(7, 1, 0, 3), it.intern(7, 1, 0, 3), it.intern(7, 1, 0, 4), it.intern(8, 1, 0, 3), it.intern(7, 2, 0, 3), it.intern(7, 1, 5, 3), it.intern(7, 1, 0, 4)]).toEqual([0, 0, 1, 2, 3, 4, 1]);
    expect(it.table()).toEqual({
      size: 5,
      productId: Uint32Array.from([7, 7, 8, 7, 7]),
      categoryIdx: Int32Array.from([1, 1, 1, 2, 1]),
      categoryCodeIdx: Int32Array.from([0, 0, 0, 0, 5]),
      brandIdx: Int32Array.from([3, 4, 3, 3, 3]),
    });
  });

  it('keeps every index through many growths, product ids up to 2^32 − 1 included', () => {
    const rnd = mulberry32(5);
    const interner = new ItemInterner(4);
    const seen = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const t = [rnd() < 0.01 ? 0xffffffff : Math.floor(rnd() * 3000), Math.floor(rnd() * 4), Math.floor(rnd() * 2), Math.floor(rnd() * 5)] as const;
      const key = t.join(',');
      const got = interner.intern(...t);
      if (!seen.has(key)) seen.set(key, seen.size);
      if (got !== seen.get(key)) expect(got, key).toBe(seen.get(key));
    }
    const table = interner.table();
    expect(table.size).toBe(seen.size);
    for (const [key, i] of seen) expect([table.productId[i], table.categoryIdx[i], table.categoryCodeIdx[i], table.brandIdx[i]].join(',')).toBe(key);
  });
});
