import { describe, expect, it } from 'vitest';
import { computeSessionFeatures, computeSessionFeaturesPausing, type CutMode } from '../../src/core/features/sessionFeatures.ts';
import { sessionIdAt, type FeatureTable } from '../../src/core/features/featureTable.ts';
import { FEATURE_NAMES } from '../../src/core/features/featureDefinitions.ts';
import { HANDMADE_CSV } from '../fixtures/handmade.ts';
import { ingestText } from '../helpers/ingestText.ts';

function rowsBySession(table: FeatureTable): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (let r = 0; r < table.rows; r++) {
    const row: Record<string, number> = { label: table.label[r] };
    table.names.forEach((n, c) => (row[n] = table.columns[c][r]));
    out[sessionIdAt(table, r)] = row;
  }
  return out;
}

const ingest = ingestText(HANDMADE_CSV);
const features = (cut: CutMode, firstK?: number) => computeSessionFeatures(ingest.events, ingest.dict.sessions, { cut, firstK });

// Extended features are over pre-purchase events, so they are the same under both cuts.
const A_EXTENDED = {
  start_hour: 10, is_night: 0, events_per_minute: 3, carts_per_view: 0.5, remove_count: 0, distinct_categories: 1,
  distinct_brands: 2, repeat_views: 0, max_views_one_product: 1, prior_sessions: 0, prior_purchase_sessions: 0,
};
const C_ALL = {
  label: 0, view_count: 3, cart_count: 0, session_duration: 300, avg_price: 6.25, max_price: 7.5, unique_items: 2,
  start_hour: 3, is_night: 1, events_per_minute: 0.8, carts_per_view: 0, remove_count: 1, distinct_categories: 2,
  distinct_brands: 1, repeat_views: 1, max_views_one_product: 2, prior_sessions: 0, prior_purchase_sessions: 0,
};

describe('computeSessionFeatures, faithful cut (the purchase and ties at its time stay in)', () => {
  const { table, stats } = features('faithful');
  const rows = rowsBySession(table);

  it('session A: keeps events up to and at the first purchase, drops the rest', () => {
    // kept: view p1 10.00, view p2 20.00, cart p2 20.00, purchase p2 20.00, view p3 5.00 (tie at 10:02:00)
    expect(rows.A).toEqual({ label: 1, view_count: 3, cart_count: 1, session_duration: 120, avg_price: 15, max_price: 20, unique_items: 3, ...A_EXTENDED });
  });

  it('session B: buy-now keeps only its purchase; history sees A (earlier, already bought)', () => {
    expect(rows.B).toEqual({
      label: 1, view_count: 0, cart_count: 0, session_duration: 0, avg_price: 50, max_price: 50, unique_items: 1,
      start_hour: 23, is_night: 1, events_per_minute: 0, carts_per_view: 0, remove_count: 0, distinct_categories: 0,
      distinct_brands: 0, repeat_views: 0, max_views_one_product: 0, prior_sessions: 1, prior_purchase_sessions: 1,
    });
  });

  it('session C: unsorted rows, no purchase, all kept', () => {
    expect(rows.C).toEqual(C_ALL);
  });

  it('reports the cut', () => {
    expect(stats).toEqual({ sessions: 3, buyerSessions: 2, keptEvents: 10, droppedAfterCut: 3, emptyAfterCut: 0, featureRows: 3 });
    expect(table.names).toEqual(FEATURE_NAMES);
  });
});

describe('computeSessionFeatures, strict cut (only events strictly before the first purchase)', () => {
  const { table, stats } = features('strict');
  const rows = rowsBySession(table);

  it('session A: drops the purchase and the tied view', () => {
    expect(rows.A).toEqual({ label: 1, view_count: 2, cart_count: 1, session_duration: 60, avg_price: 50 / 3, max_price: 20, unique_items: 2, ...A_EXTENDED });
  });

  it('drops buy-now session B and counts it', () => {
    expect(rows.B).toBeUndefined();
    expect(stats).toEqual({ sessions: 3, buyerSessions: 2, keptEvents: 7, droppedAfterCut: 6, emptyAfterCut: 1, featureRows: 2 });
  });

  it('leaves non-buyers untouched', () => {
    expect(rows.C).toEqual(C_ALL);
  });
});

describe('early prediction (first k kept events by time)', () => {
  it('k = 1 sees only the earliest event of unsorted session C', () => {
    const rows = rowsBySession(features('strict', 1).table);
    expect(rows.C).toMatchObject({ view_count: 1, session_duration: 0, avg_price: 7.5, unique_items: 1, remove_count: 0 });
    expect(rows.A).toMatchObject({ view_count: 1, cart_count: 0, avg_price: 10 });
  });
  it('k = 2 on C takes 03:00:00 and 03:00:10 (same product)', () => {
    const rows = rowsBySession(features('strict', 2).table);
    expect(rows.C).toMatchObject({ view_count: 2, session_duration: 10, unique_items: 1, repeat_views: 1, max_views_one_product: 2 });
  });
});

describe('session ids packed in the dictionary (ByteStringTable.packUuidKeys)', () => {
  it('give the same table, ids included, as the ids as text', () => {
    const uuidCsv = HANDMADE_CSV.replace(/,([A-Z])$/gm, (_, s: string) => `,0000000${s.toLowerCase()}-aaaa-4bbb-8ccc-0123456789ab`);
    expect(uuidCsv).not.toBe(HANDMADE_CSV);
    const text = ingestText(uuidCsv);
    const packed = ingestText(uuidCsv);
    packed.dict.sessions.dropLookup();
    expect(packed.dict.sessions.packUuidKeys()).toBe(true);
    for (const cut of ['faithful', 'strict'] as const) {
      const a = computeSessionFeatures(text.events, text.dict.sessions, { cut }).table;
      const b = computeSessionFeatures(packed.events, packed.dict.sessions, { cut }).table;
      expect(b.rows).toBeGreaterThanOrEqual(2);
      expect(b.sessionIds.offsets).toBeNull();
      expect(Array.from({ length: b.rows }, (_, r) => sessionIdAt(b, r))).toEqual(Array.from({ length: a.rows }, (_, r) => sessionIdAt(a, r)));
      expect(b.columns.map((c) => Array.from(c))).toEqual(a.columns.map((c) => Array.from(c)));
    }
  });
});

describe('computeSessionFeaturesPausing', () => {
  it('gives the table computeSessionFeatures gives, pausing between its stages', async () => {
    let pauses = 0;
    for (const cut of ['faithful', 'strict'] as const) {
      const paused = await computeSessionFeaturesPausing(ingest.events, ingest.dict.sessions, { cut }, async () => void pauses++);
      const direct = features(cut);
      expect(paused.stats).toEqual(direct.stats);
      expect(rowsBySession(paused.table)).toEqual(rowsBySession(direct.table));
    }
    expect(pauses).toBe(4);
  });
});

describe('avg_price of prices near the largest double', () => {
  it('is their mean, not the Infinity their sum overflows to (features.csv could not hold it)', () => {
    const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n';
    const csv = `${header}2019-10-01 10:00:00 UTC,view,1,5,,b,1e308,7,BIG\n2019-10-01 10:01:00 UTC,view,2,5,,b,1.5e308,7,BIG\n2019-10-01 10:02:00 UTC,view,2,5,,b,1e308,7,BIG\n`;
    const big = ingestText(csv);
    const rows = rowsBySession(computeSessionFeatures(big.events, big.dict.sessions, { cut: 'faithful' }).table);
    expect(Number.isFinite(rows.BIG.avg_price)).toBe(true);
    expect(rows.BIG.avg_price / 1e308).toBeCloseTo(3.5 / 3, 12);
    expect(rows.BIG.max_price).toBe(1.5e308);
  });

  it('stays finite with every price the largest double (a mean of the terms p / n still rounded past it)', () => {
    const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n';
    const max = '1.7976931348623157e308';
    const csv = header + [0, 1, 2].map((i) => `2019-10-01 10:0${i}:00 UTC,view,${i + 1},5,,b,${max},7,MAX\n`).join('');
    const big = ingestText(csv);
    const rows = rowsBySession(computeSessionFeatures(big.events, big.dict.sessions, { cut: 'faithful' }).table);
    expect(rows.MAX.avg_price).toBe(Number.MAX_VALUE);
  });
});
