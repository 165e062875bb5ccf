// EventColumns: growth, freeze without copies, and the narrow columns that widen on demand.
import { describe, expect, it } from 'vitest';
import { EventColumns, exactCents, priceAt } from '../../src/core/sessions/eventColumns.ts';

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
    expect(priceAt(frozen, 999)).toBe(249.75);
  });

  it('grows past its capacity and keeps every value', () => {
    const ev = filled(5000, 16).freeze(2500);
    expect(ev.length).toBe(5000);
    for (const i of [0, 15, 16, 17, 4999]) {
      // Session i >> 1 holds events 2s and 2s + 1: its user is its earlier event's, 20 + 2s.
      expect([ev.timeSec[i], ev.type[i], ev.sessionUser[i >> 1], priceAt(ev, i), ev.sessionIdx[i]]).toEqual([1_569_888_000 + i, i % 4, 20 + (i & ~1), i / 4, i >> 1]);
    }
  });

  it('prices: cents until the first price that is not whole cents, then float64 with every earlier price exact', () => {
    const prices = [0.1, 0.2, 35.79, 1234.5, 0.3, 1e-3, 7.07];
    const ev = new EventColumns(2);
    prices.forEach((p, i) => {
      ev.add(0, 0, 0, 0, p, 0, 0, 0, i);
      expect(ev.price).toBeInstanceOf(i < 5 ? Uint32Array : Float64Array);
    });
    expect(Array.from({ length: prices.length }, (_, i) => priceAt(ev, i))).toEqual(prices);
  });

  it('exactCents: whole cents below 2^32 only', () => {
    expect([0, 0.01, 0.07, 35.79, 42_949_672.95].map(exactCents)).toEqual([0, 1, 7, 3579, 4_294_967_295]);
    expect([0.001, 42_949_672.96, -0, -1, NaN, Infinity, 1e300].map(exactCents)).toEqual([-1, -1, -1, -1, -1, -1, -1]);
  });
});
