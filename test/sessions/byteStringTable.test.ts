// ByteStringTable: dense indices in first-appearance order, through growth, reserve and pre-hashed keys.
import { describe, expect, it } from 'vitest';
import { ByteStringTable, fnv1a, LookupDroppedError } from '../../src/core/sessions/byteStringTable.ts';
import { encoder, mulberry32, randomUuids } from '../helpers/ingestText.ts';

/** A table holding `keys`, interned in order. */
function tableOf(keys: string[]): ByteStringTable {
  const t = new ByteStringTable(4);
  for (const k of keys) {
    const b = encoder.encode(k);
    t.intern(b, 0, b.length);
  }
  return t;
}

/** Keys in order of first appearance. */
const distinctInOrder = (keys: string[]) => [...new Set(keys)];
/** UUIDs as their 16 bytes each, back to back. */
function packUuids(ids: string[]): Uint8Array {
  const out = new Uint8Array(ids.length * 16);
  ids.forEach((id, i) => out.set(id.replaceAll('-', '').match(/../g)!.map((h) => parseInt(h, 16)), i * 16));
  return out;
}

const key = (n: number) => encoder.encode(`k${n.toString(36)}-${'x'.repeat(n % 50)}`);

describe('ByteStringTable', () => {
  it('gives first-appearance indices, finds every key, and decodes it back', () => {
    const rand = mulberry32(7);
    const t = new ByteStringTable(4);
    const seen = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const n = Math.floor(rand() * 5_000);
      const b = key(n);
      const idx = t.intern(b, 0, b.length);
      if (!seen.has(n)) seen.set(n, seen.size);
      expect(idx).toBe(seen.get(n));
    }
    expect(t.size).toBe(seen.size);
    for (const [n, idx] of seen) {
      const b = key(n);
      expect(t.find(b, 0, b.length)).toBe(idx);
      expect(t.get(idx)).toBe(new TextDecoder().decode(b));
      expect(t.hashOf(idx)).toBe(fnv1a(b, 0, b.length));
    }
    expect(t.find(encoder.encode('absent'), 0, 6)).toBe(-1);
  });

  it('reserve then internHashed: the same indices as plain intern, and no growth during the insert', () => {
    const a = new ByteStringTable(16);
    const b = new ByteStringTable(16);
    for (let n = 0; n < 100; n++) {
      const k = key(n);
      a.intern(k, 0, k.length);
      b.intern(k, 0, k.length);
    }
    const more = Array.from({ length: 50_000 }, (_, i) => key(50 + i)); // half overlap the first 100
    b.reserve(more.length, more.reduce((s, k) => s + k.length, 0));
    const bytesAfterReserve = b.byteSize();
    for (const k of more) expect(b.internHashed(k, 0, k.length, fnv1a(k, 0, k.length))).toBe(a.intern(k, 0, k.length));
    expect(b.size).toBe(a.size);
    expect(b.size).toBe(50_050);
    expect(b.byteSize()).toBe(bytesAfterReserve);
    expect(b.poolBytes).toBe(a.poolBytes);
  });

  it('dropLookup: keys still read back (and copy through toData), adding or finding throws', () => {
    const t = new ByteStringTable(4);
    const keys = Array.from({ length: 5000 }, (_, i) => key(i));
    for (const k of keys) t.intern(k, 0, k.length);
    const before = t.byteSize();
    t.dropLookup();
    expect(t.byteSize()).toBeLessThan(before);
    expect(t.size).toBe(5000);
    expect(t.get(4321)).toBe(new TextDecoder().decode(key(4321)));
    expect(Array.from(t.bytes(7))).toEqual(Array.from(key(7)));
    const copy = ByteStringTable.fromData(t.toData());
    expect(copy.get(4999)).toBe(new TextDecoder().decode(key(4999)));
    expect(() => t.intern(keys[0], 0, keys[0].length)).toThrow(LookupDroppedError);
    expect(() => t.find(keys[0], 0, keys[0].length)).toThrow(LookupDroppedError);
    expect(() => copy.internHashed(keys[1], 0, keys[1].length, fnv1a(keys[1], 0, keys[1].length))).toThrow(LookupDroppedError);
  });

  it('packUuidKeys: lowercase UUID keys read back the same in 16 bytes each, through toData too', () => {
    const uuid = randomUuids(mulberry32(11));
    const ids = Array.from({ length: 3000 }, uuid);
    const t = tableOf(ids);
    expect(() => t.packUuidKeys()).toThrow(/drop the look-ups first/);
    t.dropLookup();
    const before = t.byteSize();
    expect(t.packUuidKeys()).toBe(true);
    expect(t.byteSize()).toBe(3000 * 16);
    expect(t.byteSize()).toBeLessThan(before);
    expect(t.size).toBe(3000);
    expect(t.poolBytes).toBe(3000 * 36);
    for (const i of [0, 1, 1234, 2999]) {
      expect(t.get(i)).toBe(ids[i]);
      expect(new TextDecoder().decode(t.bytes(i))).toBe(ids[i]);
    }
    const copy = ByteStringTable.fromData(t.toData());
    expect(copy.get(2500)).toBe(ids[2500]);
    expect(copy.packUuidKeys()).toBe(true); // already packed
  });

  it('packUuidKeys(keepSlots): still finds keys (as text or packed), appends packed keys, and unpacks back', () => {
    const uuid = randomUuids(mulberry32(12));
    const ids = Array.from({ length: 2000 }, uuid);
    const t = tableOf(ids);
    expect(t.packUuidKeys(true)).toBe(true);
    expect(t.packed).toBe(true);
    const b = encoder.encode(ids[1500]);
    const h = fnv1a(b, 0, b.length);
    expect(t.findHashed(b, 0, b.length, h)).toBe(1500);
    const upper = encoder.encode(ids[1500].toUpperCase());
    expect(t.findHashed(upper, 0, upper.length, fnv1a(upper, 0, upper.length))).toBe(-1);
    expect(t.findPacked(t.packedKeys!.slice(1500 * 16, 1501 * 16), 0, h)).toBe(1500);
    expect(() => t.intern(b, 0, b.length)).toThrow(LookupDroppedError);
    // Append two keys packed elsewhere; they read back but are not found (no slot), as appendKey's.
    const extra = [uuid(), uuid()];
    const other = tableOf(extra);
    other.packUuidKeys(true);
    t.reserveAppends(1, 36);
    expect(t.appendPacked(other.packedKeys!, 16, other.hashOf(1))).toBe(2000);
    expect(t.appendPacked(other.packedKeys!, 0, other.hashOf(0))).toBe(2001);
    expect([t.get(2000), t.get(2001), t.get(7)]).toEqual([extra[1], extra[0], ids[7]]);
    expect(t.hashOf(2001)).toBe(other.hashOf(0));
    t.unpackKeys();
    expect(t.packed).toBe(false);
    expect(t.poolBytes).toBe(2002 * 36);
    expect(Array.from({ length: 2002 }, (_, i) => new TextDecoder().decode(t.bytes(i)))).toEqual([...ids, extra[1], extra[0]]);
    expect(t.findHashed(b, 0, b.length, h)).toBe(1500);
  });

  it('packUuidKeys: leaves the table as it is when one key is not a lowercase UUID', () => {
    const ids = ['0a1b2c3d-0000-4000-8000-00000000000a', '0A1B2C3D-0000-4000-8000-00000000000A', 'short'];
    for (const odd of ids.slice(1)) {
      const t = tableOf([ids[0], odd]);
      t.dropLookup();
      const size = t.byteSize();
      expect(t.packUuidKeys()).toBe(false);
      expect(t.byteSize()).toBe(size);
      expect(t.get(1)).toBe(odd);
      expect(t.toData().uuids).toBeNull();
    }
  });

  it('uuidKeys: the same indices, hashes and keys as a text table, 16 bytes a key, and text from the first key that is not a lowercase UUID', () => {
    const rand = mulberry32(13);
    const uuid = randomUuids(rand);
    const distinct = Array.from({ length: 3000 }, uuid);
    const stream = Array.from({ length: 12_000 }, () => distinct[Math.floor(rand() * distinct.length)]);
    for (const odd of [null, '0A1B2C3D-0000-4000-8000-00000000000A', 'short', '0a1b2c3d-0000-4000-8000-00000000000g']) {
      const keys = odd === null ? stream : [...stream.slice(0, 7000), odd, ...stream.slice(7000), odd];
      const text = new ByteStringTable(4);
      const packed = new ByteStringTable(4, true);
      expect(packed.packed).toBe(true);
      for (const k of keys) {
        const b = encoder.encode(k);
        const h = fnv1a(b, 0, b.length);
        expect(packed.internHashed(b, 0, b.length, h)).toBe(text.internHashed(b, 0, b.length, h));
      }
      expect(packed.size).toBe(text.size);
      expect(packed.packed).toBe(odd === null);
      for (let i = 0; i < text.size; i++) {
        expect(packed.get(i)).toBe(text.get(i));
        expect(packed.hashOf(i)).toBe(text.hashOf(i));
      }
      for (const k of [keys[0], keys[9000], 'absent']) {
        const b = encoder.encode(k);
        expect(packed.find(b, 0, b.length)).toBe(text.find(b, 0, b.length));
      }
      if (odd === null) expect(packed.toData().uuids!.subarray(0, packed.size * 16)).toEqual(packUuids(distinctInOrder(keys)));
    }
  });

  it('appendKey: the next index, readable, not findable; findHashed still finds interned keys; intern then throws', () => {
    const t = new ByteStringTable(4);
    const a = key(1);
    const b = key(2);
    expect(t.intern(a, 0, a.length)).toBe(0);
    t.reserveAppends(2, 100);
    expect(t.appendKey(b, 0, b.length, fnv1a(b, 0, b.length))).toBe(1);
    expect(t.size).toBe(2);
    expect(t.get(1)).toBe(new TextDecoder().decode(b));
    expect(t.hashOf(1)).toBe(fnv1a(b, 0, b.length));
    expect(t.findHashed(a, 0, a.length, fnv1a(a, 0, a.length))).toBe(0);
    expect(t.findHashed(b, 0, b.length, fnv1a(b, 0, b.length))).toBe(-1);
    expect(() => t.intern(b, 0, b.length)).toThrow(LookupDroppedError);
    expect(() => t.find(a, 0, a.length)).toThrow(LookupDroppedError);
    // The state survives a transfer.
    expect(() => ByteStringTable.fromData(t.toData()).intern(a, 0, a.length)).toThrow(LookupDroppedError);
  });
});

