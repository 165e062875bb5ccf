// Property: computeSessionFeatures (blocks of sessions gathered into session order, table-driven
// distinct counts, radix-sorted user history) equals the plain per-session reference on random event
// sets: interleaved sessions, ties in time, shared users, empty brands, several purchases, both
// widths of dictionary-index columns, every cut and several k. One run has a session longer than a
// block and enough events for several blocks.
import { describe, expect, it } from 'vitest';
import { computeSessionFeatures, type FeatureOptions } from '../../src/core/features/sessionFeatures.ts';
import { FEATURE_NAMES } from '../../src/core/features/featureDefinitions.ts';
import { ByteStringTable } from '../../src/core/sessions/byteStringTable.ts';
import { EventColumns } from '../../src/core/sessions/eventColumns.ts';
import { BLOCK_EVENTS } from '../../src/core/features/sessionBlock.ts';
import { referenceSessionFeatures, type FileOrderEvents } from '../helpers/referenceSessionFeatures.ts';
import { encoder, groupedCopy, mulberry32 } from '../helpers/ingestText.ts';

interface Shape {
  events: number;
  sessions: number;
  /** Events forced into session 0 (a long session). */
  longSession?: number;
  timeSpanSec: number;
  products: number;
  wideIndices: boolean;
  /** Category and brand indices up to this (default 20); past 2^22 the distinct counts hash them. */
  maxIndex?: number;
}

function randomEvents(rnd: () => number, shape: Shape): { events: FileOrderEvents; sessions: ByteStringTable } {
  const n = shape.events;
  const index = () => (shape.wideIndices ? new Int32Array(n) : new Uint16Array(n));
  const ev = {
    length: n,
    timeSec: new Uint32Array(n),
    type: new Uint8Array(n),
    productId: new Uint32Array(n),
    userId: new Uint32Array(n),
    price: new Float64Array(n),
    categoryIdx: index(),
    categoryCodeIdx: index(),
    brandIdx: index(),
    sessionIdx: new Int32Array(n),
  };
  const base = 1_569_888_000 + Math.floor(rnd() * 86400 * 30);
  let used = 0; // sessions are numbered in order of first appearance, as the ingestor does
  for (let e = 0; e < n; e++) {
    let s = e < (shape.longSession ?? 0) && rnd() < 0.7 ? 0 : Math.floor(rnd() * shape.sessions);
    if (s >= used) s = used++;
    ev.sessionIdx[e] = s;
    ev.timeSec[e] = base + Math.floor(rnd() * shape.timeSpanSec);
    ev.type[e] = [0, 0, 0, 1, 1, 2, 3][Math.floor(rnd() * 7)];
    ev.productId[e] = Math.floor(rnd() * shape.products);
    ev.userId[e] = rnd() < 0.2 ? 512_000_000 + Math.floor(rnd() * 5) : 512_000_000 + ((s * 7919) % (1 + Math.floor(shape.sessions / 3)));
    ev.price[e] = [0, 0.5, 1.1, 99.99, 5000, 123.45][Math.floor(rnd() * 6)] * (rnd() < 0.5 ? 1 : Math.floor(rnd() * 1000) / 7);
    const maxIndex = shape.maxIndex ?? 20;
    // A few distinct large values, so large indices repeat within a session too.
    const dictIndex = () => (maxIndex > 20 && rnd() < 0.5 ? maxIndex - Math.floor(rnd() * 4) : Math.floor(rnd() * 20));
    ev.categoryIdx[e] = dictIndex();
    ev.categoryCodeIdx[e] = Math.floor(rnd() * 20);
    ev.brandIdx[e] = rnd() < 0.3 ? 0 : dictIndex();
  }
  const sessions = new ByteStringTable(16);
  for (let s = 0; s < used; s++) {
    const id = encoder.encode(`session-${s}`);
    sessions.intern(id, 0, id.length);
  }
  // The parser keeps one user per session (EventColumns.noteUser); the reference reads the events'.
  const perSession = new EventColumns(1);
  perSession.ensureSessions(used);
  for (let e = 0; e < n; e++) perSession.noteUser(ev.sessionIdx[e], ev.timeSec[e], ev.userId[e]);
  return { events: { ...ev, sessionFirstSec: perSession.sessionFirstSec.subarray(0, used), sessionUser: perSession.sessionUser.subarray(0, used) }, sessions };
}

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
