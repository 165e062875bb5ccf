// Property: computeSessionFeatures (blocks of sessions gathered into session order, table-driven
// distinct counts, radix-sorted user history) equals the plain per-session reference on random event
// sets: interleaved sessions, ties in time, shared users, empty brands, several purchases, both
// widths of dictionary-index columns, every cut and several k. One run has a session longer than a
// block and enough events for several blocks.
import { describe, expect, it } from 'vitest';
import { computeSessionFeatures, type FeatureOptions } from '../../src/core/features/sessionFeatures.ts';
import { FEATURE_NAMES } from '../../src/core/features/featureDefinitions.ts';
import { BLOCK_EVENTS } from '../../src/core/features/sessionBlock.ts';
import type { ByteStringTable } from '../../src/core/sessions/byteStringTable.ts';
import { referenceSessionFeatures, type FileOrderEvents } from '../helpers/referenceSessionFeatures.ts';
import { groupedCopy, mulberry32 } from '../helpers/ingestText.ts';
import { randomEvents, type Shape } from '../helpers/randomEvents.ts';

/** The features of the events grouped by session, as a load groups them, against the reference on them in file order. */
function expectSameAsReference(events: FileOrderEvents, sessions: ByteStringTable, opts: FeatureOptions, what: string) {
  const got = computeSessionFeatures(groupedCopy(events, sessions.size), sessions, opts);
  const want = referenceSessionFeatures(events, sessions.size, opts);
  expect(Array.from(got.rowSession), `${what}: rows`).toEqual(want.rowSession);
  expect(Array.from(got.table.label), `${what}: label`).toEqual(want.label);
  // toEqual compares numbers with Object.is, so -0 vs 0 or any last-bit difference fails.
  FEATURE_NAMES.forEach((name, c) => expect(Array.from(got.table.columns[c]), `${what}: ${name}`).toEqual(want.columns[name]));
  expect(got.stats, `${what}: stats`).toEqual({
    sessions: sessions.size,
    buyerSessions: want.buyerSessions,
    keptEvents: want.keptEvents,
    droppedAfterCut: events.length - want.keptEvents,
    emptyAfterCut: want.emptyAfterCut,
    featureRows: want.rowSession.length,
  });
}

const OPTIONS: FeatureOptions[] = [
  { cut: 'faithful' },
  { cut: 'strict' },
  { cut: 'strict', firstK: 1 },
  { cut: 'strict', firstK: 3 },
  { cut: 'faithful', firstK: 5 },
  { cut: 'strict', firstK: 40 },
];

describe('computeSessionFeatures equals the plain per-session reference', () => {
  it('on small random event sets', () => {
    const rnd = mulberry32(2024);
    for (let trial = 0; trial < 150; trial++) {
      const events = Math.floor(rnd() * 300);
      const shape: Shape = {
        events,
        sessions: 1 + Math.floor(rnd() * Math.max(1, events / (1 + Math.floor(rnd() * 8)))),
        timeSpanSec: [2, 30, 5000, 200_000][trial % 4],
        products: [1, 3, 50, 2 ** 32][trial % 4],
        wideIndices: trial % 2 === 0 || trial % 5 === 0,
        maxIndex: trial % 5 === 0 ? 2 ** 24 : 20,
      };
      const { events: ev, sessions } = randomEvents(rnd, shape);
      for (const opts of OPTIONS) expectSameAsReference(ev, sessions, opts, `trial ${trial} ${JSON.stringify(opts)}`);
    }
  });

  it(`across blocks, with a session longer than a block (${BLOCK_EVENTS} events)`, () => {
    const rnd = mulberry32(99);
    const { events, sessions } = randomEvents(rnd, {
      events: 3 * BLOCK_EVENTS,
      sessions: 4000,
      longSession: 2 * BLOCK_EVENTS + 200,
      timeSpanSec: 3 * 3600,
      products: 400,
      wideIndices: false,
    });
    let longest = 0;
    for (let e = 0; e < events.length; e++) if (events.sessionIdx[e] === 0) longest++;
    expect(longest).toBeGreaterThan(BLOCK_EVENTS);
    for (const opts of OPTIONS) expectSameAsReference(events, sessions, opts, JSON.stringify(opts));
  });
});
