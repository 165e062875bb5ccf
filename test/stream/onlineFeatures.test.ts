// Online features equal batch features: after a full replay, every session's labelled example carries
// exactly the features computeSessionFeatures gives under the strict cut (the online model scores a
// buyer before its purchase event, which is the strict cut's view), and the same label.
import { describe, expect, test } from 'vitest';
import { computeSessionFeatures } from '../../src/core/features/sessionFeatures.ts';
import { FEATURE_NAMES } from '../../src/core/features/featureDefinitions.ts';
import { sessionIdAt } from '../../src/core/features/featureTable.ts';
import type { IngestResult } from '../../src/core/ingest/csvIngestor.ts';
import { EventType } from '../../src/core/csv/schema.ts';
import { sessionOfEachEvent } from '../../src/core/sessions/eventColumns.ts';
import { generateCsv } from '../../src/core/generate/generateCsv.ts';
import { ingestBytes, ingestText, readFixture } from '../helpers/ingestText.ts';
import { ingestStreamFixture } from './streamFixture.ts';
import { replayAll, type LabelledExample } from './replayHelpers.ts';

function featureRecord(x: Float64Array): Record<string, number> {
  return Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, x[j]]));
}

/** Sessions whose online example differs from the batch row, with what differed. */
function differences(data: IngestResult, examples: Map<string, LabelledExample>): string[] {
  const batch = computeSessionFeatures(data.events, data.dict.sessions, { cut: 'strict' });
  const out: string[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < batch.table.rows; r++) {
    const id = sessionIdAt(batch.table, r);
    seen.add(id);
    const o = examples.get(id);
    if (!o) {
      out.push(`${id}: batch row, no online example`);
      continue;
    }
    if (o.label !== batch.table.label[r]) out.push(`${id}: label batch ${batch.table.label[r]} online ${o.label}`);
    FEATURE_NAMES.forEach((name, j) => {
      if (o.features[j] !== batch.table.columns[j][r]) out.push(`${id}: ${name} batch ${batch.table.columns[j][r]} online ${o.features[j]}`);
    });
  }
  for (const id of examples.keys()) if (!seen.has(id)) out.push(`${id}: online example, no batch row`);
  return out;
}

/** Sessions with a silence longer than timeoutSec between two consecutive events before their first purchase. */
function sessionsSplitByTimeout(data: IngestResult, timeoutSec: number): Set<string> {
  const byId = new Map<number, number[]>();
  const firstPurchase = new Map<number, number>();
  const { timeSec, type, length } = data.events;
  const sessionIdx = sessionOfEachEvent(data.events);
  for (let i = 0; i < length; i++) {
    const s = sessionIdx[i];
    if (type[i] === EventType.purchase) firstPurchase.set(s, Math.min(firstPurchase.get(s) ?? Infinity, timeSec[i]));
  }
  for (let i = 0; i < length; i++) {
    const s = sessionIdx[i];
    if (timeSec[i] <= (firstPurchase.get(s) ?? Infinity)) (byId.get(s) ?? byId.set(s, []).get(s))!.push(timeSec[i]);
  }
  const split = new Set<string>();
  for (const [s, times] of byId) {
    times.sort((a, b) => a - b);
    for (let k = 1; k < times.length; k++) if (times[k] - times[k - 1] > timeoutSec) split.add(data.dict.sessions.get(s));
  }
  return split;
}

describe('online session features, hand-made stream', () => {
  const data = ingestStreamFixture();

  test('each session’s example has the hand-computed features and label (no timeout)', () => {
    const { examples } = replayAll(data, { timeoutSec: Infinity });
    expect([...examples.keys()].sort()).toEqual(['A', 'C', 'D', 'E', 'F']); // B is buy-now: no example
    // A: only the three events before 10:02:00; the view tied with the purchase is not "before".
    expect(examples.get('A')?.label).toBe(1);
    expect(featureRecord(examples.get('A')!.features)).toEqual({
      view_count: 2, cart_count: 1, session_duration: 60, avg_price: 50 / 3, max_price: 20, unique_items: 2,
      start_hour: 10, is_night: 0, events_per_minute: 3, carts_per_view: 0.5, remove_count: 0, distinct_categories: 1,
      distinct_brands: 2, repeat_views: 0, max_views_one_product: 1, prior_sessions: 0, prior_purchase_sessions: 0,
    });
    expect(examples.get('C')?.label).toBe(0);
    expect(featureRecord(examples.get('C')!.features)).toEqual({
      view_count: 3, cart_count: 0, session_duration: 300, avg_price: 6.25, max_price: 7.5, unique_items: 2,
      start_hour: 3, is_night: 1, events_per_minute: 0.8, carts_per_view: 0, remove_count: 1, distinct_categories: 2,
      distinct_brands: 1, repeat_views: 1, max_views_one_product: 2, prior_sessions: 0, prior_purchase_sessions: 0,
    });
    expect(featureRecord(examples.get('F')!.features)).toEqual({
      view_count: 1, cart_count: 0, session_duration: 0, avg_price: 1.25, max_price: 1.25, unique_items: 1,
      start_hour: 3, is_night: 1, events_per_minute: 1, carts_per_view: 0, remove_count: 0, distinct_categories: 1,
      distinct_brands: 0, repeat_views: 0, max_views_one_product: 1, prior_sessions: 1, prior_purchase_sessions: 0,
    });
    // D starts in the second of B's start and purchase: only A counts as prior, for both history features.
    expect(examples.get('D')?.label).toBe(1);
    expect(featureRecord(examples.get('D')!.features)).toEqual({
      view_count: 2, cart_count: 1, session_duration: 3600, avg_price: 40, max_price: 40, unique_items: 1,
      start_hour: 23, is_night: 1, events_per_minute: 0.05, carts_per_view: 0.5, remove_count: 0, distinct_categories: 1,
      distinct_brands: 1, repeat_views: 1, max_views_one_product: 2, prior_sessions: 1, prior_purchase_sessions: 1,
    });
    // E outgrows the 8 inline distinct entries of its slot.
    expect(featureRecord(examples.get('E')!.features)).toEqual({
      view_count: 11, cart_count: 0, session_duration: 570, avg_price: 2, max_price: 2, unique_items: 10,
      start_hour: 12, is_night: 0, events_per_minute: 11 / 9.5, carts_per_view: 0, remove_count: 0, distinct_categories: 1,
      distinct_brands: 3, repeat_views: 1, max_views_one_product: 2, prior_sessions: 0, prior_purchase_sessions: 0,
    });
  });

  test('equals the batch strict cut for every session', () => {
    expect(differences(data, replayAll(data, { timeoutSec: Infinity }).examples)).toEqual([]);
  });

  test('with the 30-minute timeout, D closes as a negative on its first two events', () => {
    const { examples } = replayAll(data);
    expect(examples.get('D')?.label).toBe(0);
    expect(featureRecord(examples.get('D')!.features)).toMatchObject({ view_count: 1, cart_count: 1, session_duration: 600, events_per_minute: 0.2, carts_per_view: 1 });
    expect(differences(data, examples)).toEqual([
      'D: label batch 1 online 0',
      'D: view_count batch 2 online 1',
      'D: session_duration batch 3600 online 600',
      'D: events_per_minute batch 0.05 online 0.2',
      'D: carts_per_view batch 0.5 online 1',
      'D: repeat_views batch 1 online 0',
      'D: max_views_one_product batch 2 online 1',
    ]);
  });
});

describe('online session features, a session with two users in its first second', () => {
  // G's first second has user 9 (first in the file) and user 4; batch takes the smallest, 4, whose
  // earlier session H counts as prior. K (user 9, later) must not count G as its own prior session.
  const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
  const data = ingestText(
    [
      HEADER,
      '2019-10-01 04:00:00 UTC,view,1,2053013555631882655,,,1.00,4,H',
      '2019-10-01 04:01:00 UTC,purchase,1,2053013555631882655,,,1.00,4,H',
      '2019-10-01 05:00:00 UTC,view,2,2053013555631882655,,,2.00,9,G',
      '2019-10-01 05:00:00 UTC,view,3,2053013555631882655,,,2.00,4,G',
      '2019-10-01 05:10:00 UTC,view,4,2053013555631882655,,,2.00,9,G',
      '2019-10-01 06:00:00 UTC,view,5,2053013555631882655,,,2.00,9,K',
    ].join('\n'),
  );

  test('the smallest user_id of the first second owns the session, as in batch', () => {
    const { examples } = replayAll(data, { timeoutSec: Infinity });
    expect(differences(data, examples)).toEqual([]);
    expect(featureRecord(examples.get('G')!.features)).toMatchObject({ prior_sessions: 1, prior_purchase_sessions: 1 });
    expect(featureRecord(examples.get('K')!.features)).toMatchObject({ prior_sessions: 0, prior_purchase_sessions: 0 });
  });
});

describe('online session features, real October excerpt (5,066 sessions)', () => {
  const data = ingestBytes(readFixture('rees46-oct-excerpt.csv'));

  test('no timeout: every session equals batch (strict)', () => {
    const { examples, engine } = replayAll(data, { timeoutSec: Infinity });
    expect(differences(data, examples)).toEqual([]);
    expect(examples.size).toBe(5065); // 5,066 sessions, one buy-now
    expect(engine.totals.positives).toBe(199);
  });

  test('30-minute timeout: equal except the sessions with a longer silence before their cut', () => {
    const { examples } = replayAll(data);
    const split = sessionsSplitByTimeout(data, 1800);
    expect(split.size).toBe(1);
    const differing = new Set(differences(data, examples).map((d) => d.slice(0, d.indexOf(':'))));
    expect(differing).toEqual(split);
  });
});

describe('online session features, generated data', () => {
  test('every session equals batch on 30,000 generated rows with removals (no timeout)', () => {
    const data = ingestText(generateCsv({ rows: 30_000, seed: 7, includeRemovals: true }));
    const { examples } = replayAll(data, { timeoutSec: Infinity });
    expect(differences(data, examples)).toEqual([]);
    expect(examples.size).toBeGreaterThan(5000);
  });
});
