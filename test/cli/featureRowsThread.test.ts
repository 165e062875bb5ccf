// The CLI's second features thread (cli/featureRowsHelper.ts, a worker thread running the same
// chunkFeatureRows as the browser's helper): the table it helps build is the serial one.
import { describe, expect, it } from 'vitest';
import { computeSessionFeatures, computeSessionFeaturesShared, type FeatureOptions } from '../../src/core/features/sessionFeatures.ts';
import { FeatureRowsThread } from '../../cli/featureRowsHelper.ts';
import { groupedCopy, mulberry32 } from '../helpers/ingestText.ts';
import { randomEvents } from '../helpers/randomEvents.ts';

describe('FeatureRowsThread', () => {
  it('computes chunks in a worker thread that give the serial table', async () => {
    const rnd = mulberry32(21);
    const { events: fileOrder, sessions } = randomEvents(rnd, { events: 20_000, sessions: 4000, timeSpanSec: 7200, products: 500, wideIndices: false });
    const events = groupedCopy(fileOrder, sessions.size);
    const thread = new FeatureRowsThread();
    try {
      for (const opts of [{ cut: 'faithful' }, { cut: 'strict', firstK: 2 }] as FeatureOptions[]) {
        const want = computeSessionFeatures(events, sessions, opts);
        // The pause lets the thread's answers in between this thread's chunks.
        const got = await computeSessionFeaturesShared(events, sessions, opts, () => new Promise((r) => setTimeout(r, 5)), (settings) => thread.runner(settings), 500);
        expect(got.helperRows).toBeGreaterThan(0);
        expect(Array.from(got.rowSession)).toEqual(Array.from(want.rowSession));
        got.table.columns.forEach((col, c) => expect(Array.from(col), `column ${c}`).toEqual(Array.from(want.table.columns[c])));
        expect(Array.from(got.table.label)).toEqual(Array.from(want.table.label));
        expect(got.stats).toEqual(want.stats);
      }
    } finally {
      await thread.terminate();
    }
  }, 30_000);
});
