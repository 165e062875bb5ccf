// EventColumns: growth, freeze without copies, and the narrow columns that widen on demand.
import { describe, expect, it } from 'vitest';
import { EventColumns, exactCents, ITEM_TABLE_MIN_LIMIT, parsedPriceAt } from '../../src/core/sessions/eventColumns.ts';

function filled(n: number, capacity: number, price = (i: number) => i / 4): EventColumns {
  const ev = new EventColumns(capacity);
  for (let i = 0; i < n; i++) ev.add(1_569_888_000 + i, i % 4, 10 + i, 20 + i, price(i), i % 7, i % 3, i % 5, i >> 1);
  return ev;
}

describe('EventColumns', () => {
  it('freeze cuts every column to the events written, as views of the same buffers (no copy)', () => {
    const ev = filled(1000, 4096);
    const buffers = [ev.timeSec, ev.type, ev.productId, ev.price, ev.categoryIdx, ev.categoryCodeIdx, ev.brandIdx, ev.sessionIdx].map((c) => c.buffer);
    const frozen = ev.freeze(500);
    const columns = [frozen.timeSec, frozen.type, frozen.productId, frozen.price, frozen.categoryIdx, frozen.categoryCodeIdx, frozen.brandIdx, frozen.sessionIdx];
    expect(columns.map((c) => c.length)).toEqual(Array(8).fill(1000));
    expect([frozen.sessionFirstSec.length, frozen.sessionUser.length]).toEqual([500, 500]);
    expect(columns.map((c) => c.buffer)).toEqual(buffers);
    expect(Array.from(frozen.productId.subarray(997))).toEqual([1007, 1008, 1009]);
    expect(parsedPriceAt(frozen, 999)).toBe(249.75);
  });

  it('as items: one index a row into the distinct (product, category, code, brand), through growth', () => {
    const ev = new EventColumns(16, true);
    const tuple = (i: number) => [100 + (i % 50), i % 50 === 7 ? 70_000 : i % 5, 0, (i * 7) % 50 === 0 ? 1 : 2] as const;
    for (let i = 0; i < 1000; i++) ev.add(i, 0, tuple(i)[0], 1, 1, tuple(i)[1], tuple(i)[2], tuple(i)[3], i >> 2);
    ev.freeze(250);
    expect([ev.productId.length, ev.categoryIdx.length, ev.item.length]).toEqual([0, 0, 1000]);
    const items = ev.items!;
    expect(items.size).toBe(50);
    for (let i = 0; i < 1000; i++) {
      const it = ev.item[i];
      expect([items.productId[it], items.categoryIdx[it], items.categoryCodeIdx[it], items.brandIdx[it]]).toEqual(tuple(i));
    }
    expect(Array.from(ev.item.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('as items: turns to the five columns once the items pass ITEM_TABLE_MIN_LIMIT and a quarter of the rows, every value kept', () => {
    const n = ITEM_TABLE_MIN_LIMIT + 500;
    for (const price of [(i: number) => (i % 5) / 4, (i: number) => (i % 5) / 8]) {
      const ev = new EventColumns(1024, true);
      // A product per row, category 70,000 + i % 3 (Int32 indices), brand i % 9 (Uint16).
      for (let i = 0; i < n; i++) ev.add(i, 0, i, 1, price(i), 70_000 + (i % 3), 0, i % 9, i);
      ev.freeze(n);
      expect(ev.items).toBeNull();
      expect([ev.item.length, ev.productId.length, ev.price.length]).toEqual([0, n, n]);
      expect(ev.categoryIdx).toBeInstanceOf(Int32Array);
      expect(ev.brandIdx).toBeInstanceOf(Uint16Array);
      // Cents while every price is whole cents (i / 4), else float64 (i / 8 has a third decimal).
      expect(ev.price).toBeInstanceOf(price(3) === 0.75 ? Uint32Array : Float64Array);
      for (const i of [0, 1, 3, ITEM_TABLE_MIN_LIMIT, ITEM_TABLE_MIN_LIMIT + 1, n - 1]) {
        expect([ev.productId[i], ev.categoryIdx[i], ev.categoryCodeIdx[i], ev.brandIdx[i], parsedPriceAt(ev, i)]).toEqual([i, 70_000 + (i % 3), 0, i % 9, price(i)]);
      }
    }
  });

  it('grows past its capacity and keeps every value', () => {
    const ev = filled(5000, 16).freeze(2500);
    expect(ev.length).toBe(5000);
    for (const i of [0, 15, 16, 17, 4999]) {
      // Session i >> 1 holds events 2s and 2s + 1: its user is its earlier event's, 20 + 2s.
      expect([ev.timeSec[i], ev.type[i], ev.sessionUser[i >> 1], parsedPriceAt(ev, i), ev.sessionIdx[i]]).toEqual([1_569_888_000 + i, i % 4, 20 + (i & ~1), i / 4, i >> 1]);
    }
  });

  it('prices: cents until the first price that is not whole cents, then float64 with every earlier price exact', () => {
    const prices = [0.1, 0.2, 35.79, 1234.5, 0.3, 1e-3, 7.07];
    const ev = new EventColumns(2);
    prices.forEach((p, i) => {
      ev.add(0, 0, 0, 0, p, 0, 0, 0, i);
      expect(ev.price).toBeInstanceOf(i < 5 ? Uint32Array : Float64Array);
    });
    expect(Array.from({ length: prices.length }, (_, i) => parsedPriceAt(ev, i))).toEqual(prices);
  });

  it('exactCents: whole cents below 2^32 only', () => {
    expect([0, 0.01, 0.07, 35.79, 42_949_672.95].map(exactCents)).toEqual([0, 1, 7, 3579, 4_294_967_295]);
    expect([0.001, 42_949_672.96, -0, -1, NaN, Infinity, 1e300].map(exactCents)).toEqual([-1, -1, -1, -1, -1, -1, -1]);
  });
});
