// The feature rows pass shared with another worker (featureRowChunks.ts) gives exactly the serial
// table: on random event sets cut into small chunks, with a helper that answers late, one that fails
// part-way (its chunks are redone here), and one whose answers cross a structured clone as they
// would between workers.
import { describe, expect, it } from 'vitest';
import { computeSessionFeatures, computeSessionFeaturesShared, type FeatureOptions, type SessionFeatureResult } from '../../src/core/features/sessionFeatures.ts';
import { chunkBoundaries, chunkFeatureRows, type ChunkRunner, type ChunkSettings, type SessionChunk } from '../../src/core/features/featureRowChunks.ts';
import { BLOCK_EVENTS } from '../../src/core/features/sessionBlock.ts';
import { groupedCopy, mulberry32 } from '../helpers/ingestText.ts';
import { randomEvents } from '../helpers/randomEvents.ts';

const OPTIONS: FeatureOptions[] = [{ cut: 'faithful' }, { cut: 'strict' }, { cut: 'strict', firstK: 3 }, { cut: 'faithful', firstK: 1 }];

/** A helper in this thread: settings, chunks and rows cross structuredClone, as they cross postMessage. */
function helperFor(behaviour: { failFrom?: number; delayMs?: number } = {}) {
  const calls: number[] = [];
  const run = (given: ChunkSettings): ChunkRunner => {
    const settings = structuredClone(given);
    return async (chunk: SessionChunk) => {
      calls.push(chunk.firstSession);
      if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
      if (behaviour.failFrom !== undefined && calls.length > behaviour.failFrom) throw new Error('helper gone');
      return structuredClone(chunkFeatureRows(structuredClone(chunk), settings));
    };
  };
  return { run, calls };
}

function expectSameTable(got: SessionFeatureResult, want: SessionFeatureResult, what: string) {
  expect(Array.from(got.rowSession), `${what}: rows`).toEqual(Array.from(want.rowSession));
  expect(Array.from(got.table.label), `${what}: label`).toEqual(Array.from(want.table.label));
  got.table.columns.forEach((col, c) => {
    expect(col.constructor, `${what}: column ${c} type`).toBe(want.table.columns[c].constructor);
    expect(Array.from(col), `${what}: column ${c}`).toEqual(Array.from(want.table.columns[c]));
  });
  expect(got.stats, `${what}: stats`).toEqual(want.stats);
  expect(got.table.sessionIds, `${what}: ids`).toEqual(want.table.sessionIds);
}

const noPause = () => Promise.resolve();

describe('computeSessionFeaturesShared', () => {
  it('equals the serial table on random event sets, in chunks of a few events to a few hundred', async () => {
    const rnd = mulberry32(7);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(rnd() * 2000);
      const { events: fileOrder, sessions } = randomEvents(rnd, {
        events: n,
        sessions: 1 + Math.floor(n / (1 + Math.floor(rnd() * 8))),
        timeSpanSec: [5, 600, 80_000][trial % 3],
        products: [2, 40, 2 ** 32][trial % 3],
        wideIndices: trial % 2 === 0,
      });
      const events = groupedCopy(fileOrder, sessions.size);
      for (const opts of OPTIONS) {
        const want = computeSessionFeatures(events, sessions, opts);
        const chunkEvents = [1, 7, 64, 500][trial % 4];
        const helper = helperFor();
        const got = await computeSessionFeaturesShared(events, sessions, opts, noPause, helper.run, chunkEvents);
        expectSameTable(got, want, `trial ${trial} ${JSON.stringify(opts)} chunks of ${chunkEvents}`);
      }
    }
  });

  it('gives the helper chunks from the end and keeps them apart from its own, with a session longer than a block', async () => {
    const rnd = mulberry32(11);
    const { events: fileOrder, sessions } = randomEvents(rnd, { events: 3 * BLOCK_EVENTS, sessions: 3000, longSession: BLOCK_EVENTS + 500, timeSpanSec: 7200, products: 300, wideIndices: false });
    const events = groupedCopy(fileOrder, sessions.size);
    const opts: FeatureOptions = { cut: 'strict' };
    const want = computeSessionFeatures(events, sessions, opts);
    const helper = helperFor({ delayMs: 1 });
    // A pause that lets the late helper answer between this thread's chunks.
    const pause = () => new Promise<void>((r) => setTimeout(r, 2));
    const got = await computeSessionFeaturesShared(events, sessions, opts, pause, helper.run, 2000);
    expectSameTable(got, want, 'slow helper');
    expect(helper.calls.length).toBeGreaterThan(0);
    // Taken from the last chunk back: strictly decreasing first sessions.
    for (let i = 1; i < helper.calls.length; i++) expect(helper.calls[i]).toBeLessThan(helper.calls[i - 1]);
  });

  it('redoes here the chunks of a helper that fails, and gives it no more', async () => {
    const rnd = mulberry32(5);
    const { events: fileOrder, sessions } = randomEvents(rnd, { events: 5000, sessions: 900, timeSpanSec: 3600, products: 80, wideIndices: true });
    const events = groupedCopy(fileOrder, sessions.size);
    for (const opts of OPTIONS) {
      const want = computeSessionFeatures(events, sessions, opts);
      const helper = helperFor({ failFrom: 2 });
      const pause = () => new Promise<void>((r) => setTimeout(r, 0));
      const got = await computeSessionFeaturesShared(events, sessions, opts, pause, helper.run, 100);
      expectSameTable(got, want, `failing helper ${JSON.stringify(opts)}`);
      // Two answered, then one or two failed (two are out at a time), then none more.
      expect(helper.calls.length).toBeGreaterThanOrEqual(3);
      expect(helper.calls.length).toBeLessThanOrEqual(4);
    }
  });

  it('stops when the pause throws (a cancel)', async () => {
    const rnd = mulberry32(3);
    const { events: fileOrder, sessions } = randomEvents(rnd, { events: 3000, sessions: 500, timeSpanSec: 3600, products: 80, wideIndices: false });
    const events = groupedCopy(fileOrder, sessions.size);
    let pauses = 0;
    const pause = async () => {
      if (++pauses > 3) throw new Error('cancelled');
    };
    await expect(computeSessionFeaturesShared(events, sessions, { cut: 'faithful' }, pause, helperFor().run, 50)).rejects.toThrow('cancelled');
  });
});

describe('chunkBoundaries', () => {
  it('cuts whole sessions into runs of at most the target (a longer session alone)', () => {
    const rnd = mulberry32(9);
    for (let trial = 0; trial < 200; trial++) {
      const sessions = Math.floor(rnd() * 60);
      const sessionStart = new Int32Array(sessions + 1);
      for (let s = 0; s < sessions; s++) sessionStart[s + 1] = sessionStart[s] + (rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 30));
      const target = 1 + Math.floor(rnd() * 50);
      const b = chunkBoundaries(sessionStart, sessions, target);
      expect(b[0]).toBe(0);
      expect(b[b.length - 1]).toBe(sessions);
      for (let c = 0; c + 1 < b.length; c++) {
        expect(b[c + 1]).toBeGreaterThan(b[c]);
        const events = sessionStart[b[c + 1]] - sessionStart[b[c]];
        // Over the target only when the chunk is one session.
        if (b[c + 1] - b[c] > 1) expect(events).toBeLessThanOrEqual(target);
      }
    }
  });
});
