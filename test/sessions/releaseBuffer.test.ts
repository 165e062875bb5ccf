// The grouping releases each consumed column as soon as it has read it for the last time, and never
// one it reads again. Node 20 has no ArrayBuffer.prototype.transfer, so the test puts in one that
// records the buffer and overwrites it (as a detached buffer would read: nothing of it is left);
// a column released too early would then change the merged result.
import { afterEach, describe, expect, it } from 'vitest';
import { mergeIngestResults } from '../../src/core/ingest/mergeIngest.ts';
import { releaseBuffer } from '../../src/core/sessions/releaseBuffer.ts';
import { encoder, ingestBytes, ingestFingerprint, ingestPartBytes, readFixture } from '../helpers/ingestText.ts';
import { HEADER } from '../fixtures/handmade.ts';

type WithTransfer = { transfer?: (n: number) => ArrayBuffer };
const proto = ArrayBuffer.prototype as unknown as WithTransfer;
const original = proto.transfer;
afterEach(() => {
  if (original) proto.transfer = original;
  else delete proto.transfer;
});

/** Installs a transfer() that records each buffer and fills it with 0xab; returns the record. */
function recordingTransfer(): ArrayBuffer[] {
  const released: ArrayBuffer[] = [];
  proto.transfer = function (this: ArrayBuffer, n: number) {
    released.push(this);
    new Uint8Array(this).fill(0xab);
    return new ArrayBuffer(n);
  };
  return released;
}

function csv(from: number, rows: number, price: (i: number) => string): Uint8Array {
  const lines = [HEADER];
  for (let i = from; i < from + rows; i++) lines.push(`2019-10-01 10:${String(i % 60).padStart(2, '0')}:00 UTC,${i % 5 === 0 ? 'cart' : 'view'},${i % 13},7${i % 3},,b${i % 4},${price(i)},${i % 11},S${i % 17}`);
  return encoder.encode(`${lines.join('\n')}\n`);
}

/** Two ranges' parts: items (few products), or the five columns (a product an event). */
const parts = (columns: boolean) => [ingestPartBytes(csv(0, 300, (i) => (i % 2 ? '1.25' : '3.5'))), ingestPartBytes(csv(300, columns ? 70_000 : 300, (i) => (columns ? `${i}.125` : '2')))];
const merged = (columns: boolean) => {
  const m = mergeIngestResults(parts(columns)).events;
  return { ...m, items: { ...m.items } };
};

describe('releaseBuffer', () => {
  it('does nothing without ArrayBuffer.prototype.transfer, and frees a buffer with it', () => {
    delete proto.transfer;
    const a = new Uint32Array(4).fill(7);
    releaseBuffer(a);
    expect(Array.from(a)).toEqual([7, 7, 7, 7]);
    const released = recordingTransfer();
    releaseBuffer(a);
    releaseBuffer(new Uint8Array(0)); // nothing to free
    expect(released).toEqual([a.buffer]);
  });

  for (const columns of [false, true]) {
    it(`the merge of ${columns ? 'parts with the five columns (too many items)' : 'parts parsed as items'} releases every consumed column, each once, and none too early`, () => {
      delete proto.transfer;
      const want = merged(columns);
      const ps = parts(columns);
      const kept = new Set([ps[0].events.sessionFirstSec.buffer, ps[0].events.sessionUser.buffer, ps[1].events.sessionFirstSec.buffer, ps[1].events.sessionUser.buffer]);
      const consumed = ps.flatMap((p) => Object.values(p.events).filter((v): v is Uint8Array => ArrayBuffer.isView(v) && v.byteLength > 0 && !kept.has(v.buffer)).map((v) => v.buffer as ArrayBuffer));
      const released = recordingTransfer();
      const got = mergeIngestResults(ps).events;
      expect(got).toEqual(want);
      // Every column of the parts, and (too many items) the columns expanded from a part's items.
      expect(consumed.filter((b) => !released.includes(b))).toEqual([]);
      expect(released.length - consumed.length).toBe(columns ? 5 : 0);
      expect(released.length).toBe(new Set(released).size);
    });
  }

  it('a whole load and its features (the user history sort released too) come out the same', () => {
    delete proto.transfer;
    const bytes = readFixture('rees46-oct-excerpt.csv');
    const want = ingestFingerprint(ingestBytes(bytes), 'faithful');
    const released = recordingTransfer();
    expect(ingestFingerprint(ingestBytes(bytes), 'faithful')).toEqual(want);
    expect(released.length).toBeGreaterThan(6);
  });
});
