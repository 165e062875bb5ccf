import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseBuffer } from '../../src/core/sessions/releaseBuffer.ts';
import { ByteStringTable } from '../../src/core/sessions/byteStringTable.ts';
import { encoder } from '../helpers/ingestText.ts';
import { withArrayBufferTransfer } from '../helpers/arrayBufferTransfer.ts';

describe('releaseBuffer where ArrayBuffer.prototype.transfer exists (Chromium)', () => {
  let uninstall = () => {};
  beforeAll(() => (uninstall = withArrayBufferTransfer()));
  afterAll(() => uninstall());

  it('detaches the whole buffer: the array and every other view of it read as empty', () => {
    const a = new Float64Array(1000).fill(3);
    const view = a.subarray(10, 20);
    releaseBuffer(view);
    expect([a.length, view.length, a.buffer.byteLength]).toEqual([0, 0, 0]);
    expect(() => releaseBuffer(a)).not.toThrow(); // twice is harmless
  });

  it('a growing ByteStringTable frees its old arrays and still finds every key', () => {
    const t = new ByteStringTable(2);
    const first = t.toData();
    const keys = Array.from({ length: 3000 }, (_, i) => encoder.encode(`session-${i}`));
    keys.forEach((k, i) => expect(t.intern(k, 0, k.length)).toBe(i));
    expect([first.slots.length, first.hashes.length, first.pool.length]).toEqual([0, 0, 0]);
    keys.forEach((k, i) => expect(t.find(k, 0, k.length)).toBe(i));
    expect(t.get(2999)).toBe('session-2999');
  });
});

describe('releaseBuffer without transfer (Node 20)', () => {
  it('leaves the array to the garbage collector', () => {
    if (typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function') return; // a newer runtime
    const a = new Uint8Array(16);
    releaseBuffer(a);
    expect(a.length).toBe(16);
  });
});
