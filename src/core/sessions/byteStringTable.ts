// Interns byte strings (session ids, brands, category codes) to dense indices 0, 1, 2… in order of
// first appearance, without making a JS string per row: an open-addressing table over an FNV-1a hash
// of the raw UTF-8 bytes, with the bytes kept in one pooled Uint8Array. A JS Map keyed by 36-char
// UUID strings would cost a string allocation per row and ~100 bytes of heap per session
// (BROWSER-LIMITS.md: the heap is shared with the page), while this table costs ~50 bytes per key
// outside the JS heap.

import { packUuidChecked, packUuidKeys, unpackUuid } from '../features/packedIds.ts';

const EMPTY = -1;
/**
 * Slots grow when more than 3/4 are taken: with the hash beside each index a probe stays within one
 * or two cache lines, and the month's 9.2M session ids need 2^24 slots (128 MB) instead of 2^25
 * (256 MB at the former 1/2).
 */
const overLoaded = (keys: number, slotPairs: number) => keys * 4 > slotPairs * 3;
const utf8 = new TextDecoder('utf-8');
const UUID_CHARS = 36;
const UUID_BYTES = 16;

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function fnv1a(buf: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    h ^= buf[i];
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** The table's state as plain typed arrays, to cross a worker boundary as transferables. */
export interface ByteStringTableData {
  size: number;
  slots: Int32Array;
  hashes: Uint32Array;
  starts: Float64Array;
  lengths: Uint16Array;
  pool: Uint8Array;
  poolUsed: number;
  /** False when the table no longer interns or finds (see dropLookup, appendKey). */
  lookups?: boolean;
  /** After packUuidKeys: every key as 16 bytes (starts, lengths and pool then empty). */
  uuids?: Uint8Array | null;
}

export class LookupDroppedError extends Error {
  constructor() {
    super('ByteStringTable: this table no longer adds or finds keys (dropLookup)');
    this.name = 'LookupDroppedError';
  }
}

export class ByteStringTable {
  /** Number of distinct keys. */
  size = 0;
  /** Open addressing, two Int32 per slot: [entry index or EMPTY, hash]. */
  private slots: Int32Array;
  /** Slot count − 1 (slots.length / 2 − 1), and the same in Int32 positions. */
  private mask: number;
  private slotMask: number;
  private hashes: Uint32Array;
  private starts: Float64Array;
  private lengths: Uint16Array;
  private pool: Uint8Array;
  private poolUsed = 0;
  private readonly decoded: (string | undefined)[] = [];
  /** touchSlots' result, kept so its loads are not optimised away. */
  private touched = 0;
  /** A looked-up key packed (findHashed on a packed table). */
  private readonly probe = new Uint8Array(UUID_BYTES);
  /** False once look-ups are dropped or a key was appended without a slot (appendKey). */
  private lookups = true;
  /** Set by packUuidKeys: key k as 16 bytes at [16 k, 16 k + 16); starts, lengths and pool are then empty. */
  private uuids: Uint8Array | null = null;

  /**
   * `uuidKeys`: keys are expected to be lowercase UUIDs (session ids) and are kept as 16 bytes from
   * the first (no text pool, starts or lengths: 30 bytes a key less while a file is parsed, 0.26 GiB
   * over the month's two ranges); the first key that is not one turns the table back to text
   * (unpackKeys) for good. Indices and hashes are the same either way.
   */
  constructor(expectedKeys = 1024, uuidKeys = false) {
    let cap = 16;
    while (overLoaded(expectedKeys, cap)) cap *= 2;
    this.slots = new Int32Array(cap * 2).fill(EMPTY);
    this.mask = cap - 1;
    this.slotMask = cap * 2 - 1;
    this.hashes = new Uint32Array(Math.max(16, expectedKeys));
    if (uuidKeys) {
      this.starts = new Float64Array(0);
      this.lengths = new Uint16Array(0);
      this.pool = new Uint8Array(0);
      this.uuids = new Uint8Array(this.hashes.length * UUID_BYTES);
      return;
    }
    this.starts = new Float64Array(this.hashes.length);
    this.lengths = new Uint16Array(this.hashes.length);
    this.pool = new Uint8Array(Math.max(1024, expectedKeys * 40));
  }

  /** Index of the key buf[start, end), adding it when new. Keys longer than 65535 bytes are cut there. */
  intern(buf: Uint8Array, start: number, end: number): number {
    if (end - start > 0xffff) end = start + 0xffff;
    return this.internHashed(buf, start, end, fnv1a(buf, start, end));
  }

  /**
   * `intern` with the key's FNV-1a hash already computed (the plain-row parser hashes while it
   * splits). The key must be at most 65535 bytes and `hash` must equal fnv1a of it.
   */
  internHashed(buf: Uint8Array, start: number, end: number, hash: number): number {
    return this.internHashParts(buf, start, end, hash >>> 16, hash & 0xffff);
  }

  /**
   * `internHashed` with the hash in two 16-bit halves. A 32-bit value passed to a call that is not
   * inlined is boxed as a heap number where small integers have 31 bits (Chromium's V8, with pointer
   * compression; not Node's): four keys a row made ~60 bytes of garbage a row in the range workers.
   */
  internHashParts(buf: Uint8Array, start: number, end: number, hashHigh: number, hashLow: number): number {
    const h = (hashHigh << 16) | hashLow;
    const len = end - start;
    if (!this.lookups) throw new LookupDroppedError();
    if (this.uuids) {
      if (len === UUID_CHARS && packUuidChecked(buf, start, this.probe, 0)) return this.internPacked(h);
      this.unpackKeys();
    }
    const slots = this.slots;
    let slot = (h & this.mask) << 1;
    for (;;) {
      const idx = slots[slot];
      if (idx === EMPTY) break;
      // The hash sits next to the index, so a miss costs one cache line, not a trip to the entries.
      if (slots[slot + 1] === h && this.lengths[idx] === len && this.equals(idx, buf, start, len)) return idx;
      slot = (slot + 2) & this.slotMask;
    }
    const idx = this.addEntry(buf, start, len, h);
    slots[slot] = idx;
    slots[slot + 1] = h;
    if (overLoaded(this.size, slots.length >> 1)) this.rehash();
    return idx;
  }

  /** internHashParts for a key packed into `probe`, the keys being packed. */
  private internPacked(h: number): number {
    const u = this.uuids!;
    const probe = this.probe;
    const slots = this.slots;
    let slot = (h & this.mask) << 1;
    for (;;) {
      const idx = slots[slot];
      if (idx === EMPTY) break;
      if (slots[slot + 1] === h && samePacked(u, idx * UUID_BYTES, probe, 0)) return idx;
      slot = (slot + 2) & this.slotMask;
    }
    const idx = this.addPacked(probe, 0, h);
    slots[slot] = idx;
    slots[slot + 1] = h;
    if (overLoaded(this.size, slots.length >> 1)) this.rehash();
    return idx;
  }

  /**
   * Reads the first slot of each of n hashes and nothing else: the loads are independent, so the CPU
   * fetches their cache lines together; an intern of each key right after finds them in the cache.
   */
  touchSlots(hashes: Int32Array, n: number): void {
    const slots = this.slots;
    const mask = this.mask;
    const lengths = this.lengths;
    const starts = this.starts;
    const pool = this.pool;
    const uuids = this.uuids;
    let sink = 0;
    for (let i = 0; i < n; i++) sink ^= slots[(hashes[i] & mask) << 1];
    // Then, for a slot whose hash matches, the entry and the key's first bytes a compare reads.
    for (let i = 0; i < n; i++) {
      const h = hashes[i];
      const slot = (h & mask) << 1;
      const idx = slots[slot];
      if (idx >= 0 && slots[slot + 1] === h) sink ^= uuids ? uuids[idx * UUID_BYTES] : lengths[idx] ^ pool[starts[idx]];
    }
    this.touched = sink;
  }

  /** Index of the key, or -1 when absent. */
  find(buf: Uint8Array, start: number, end: number): number {
    if (end - start > 0xffff) end = start + 0xffff;
    if (!this.lookups) throw new LookupDroppedError();
    return this.findHashed(buf, start, end, fnv1a(buf, start, end));
  }

  /**
   * Index of a key added by intern, or -1; `hash` as intern computes it. Keys added by appendKey are
   * not found: a merge calls this on part 0's table while appending a later part's new keys to it.
   */
  findHashed(buf: Uint8Array, start: number, end: number, hash: number): number {
    if (this.uuids) {
      // Every key is a lowercase UUID: anything else is not in the table.
      if (end - start !== UUID_CHARS || !packUuidChecked(buf, start, this.probe, 0)) return -1;
      return this.findPacked(this.probe, 0, hash);
    }
    const h = hash | 0;
    const len = end - start;
    const slots = this.slots;
    if (slots.length === 0) throw new LookupDroppedError();
    let slot = (h & this.mask) << 1;
    for (;;) {
      const idx = slots[slot];
      if (idx === EMPTY) return -1;
      if (slots[slot + 1] === h && this.lengths[idx] === len && this.equals(idx, buf, start, len)) return idx;
      slot = (slot + 2) & this.slotMask;
    }
  }

  /**
   * findHashed for a packed table (packUuidKeys), with the key given as its 16 bytes keys[at, at + 16):
   * the merge of parsed ranges looks a later range's packed ids up in the earlier ranges' tables.
   */
  findPacked(keys: Uint8Array, at: number, hash: number): number {
    const h = hash | 0;
    const slots = this.slots;
    const u = this.uuids;
    if (!u) throw new Error('ByteStringTable.findPacked: the keys are not packed');
    if (slots.length === 0) throw new LookupDroppedError();
    let slot = (h & this.mask) << 1;
    for (;;) {
      const idx = slots[slot];
      if (idx === EMPTY) return -1;
      if (slots[slot + 1] === h && samePacked(u, idx * UUID_BYTES, keys, at)) return idx;
      slot = (slot + 2) & this.slotMask;
    }
  }

  /**
   * Index here of key i of `from`, a table in the same form (packed or not), found by its stored hash;
   * -1 when absent. The merge looks later ranges' session ids up in earlier ranges' tables this way.
   */
  findKeyOf(from: ByteStringTable, i: number): number {
    const h = from.hashes[i];
    if (from.uuids) return this.findPacked(from.uuids, i * UUID_BYTES, h);
    const start = from.starts[i];
    return this.findHashed(from.pool, start, start + from.lengths[i], h);
  }

  /** Appends key i of `from` (a table in this one's form) with the next index and no slot (appendKey, appendPacked). */
  appendKeyOf(from: ByteStringTable, i: number): number {
    const h = from.hashes[i];
    if (from.uuids) return this.appendPacked(from.uuids, i * UUID_BYTES, h);
    const start = from.starts[i];
    return this.appendKey(from.pool, start, start + from.lengths[i], h);
  }

  /** True once the keys are packed (packUuidKeys). */
  get packed(): boolean {
    return this.uuids !== null;
  }

  /** The packed keys, key k at [16 k, 16 k + 16) (null unless packed). */
  get packedKeys(): Uint8Array | null {
    return this.uuids;
  }

  /**
   * Adds a key given as its 16 packed bytes keys[at, at + 16) to a packed table, with the next index
   * and no slot (appendKey's counterpart). `hash` is kept (hashOf).
   */
  appendPacked(keys: Uint8Array, at: number, hash: number): number {
    const u = this.uuids;
    if (!u) throw new Error('ByteStringTable.appendPacked: the keys are not packed');
    this.lookups = false;
    return this.addPacked(keys, at, hash);
  }

  /** Stores a new packed key keys[at, at + 16) and its hash under the next index (no slot); returns it. */
  private addPacked(keys: Uint8Array, at: number, hash: number): number {
    const idx = this.size++;
    this.ensurePackedCapacity(this.size);
    const to = idx * UUID_BYTES;
    const dst = this.uuids!;
    for (let b = 0; b < UUID_BYTES; b++) dst[to + b] = keys[at + b];
    this.hashes[idx] = hash >>> 0;
    return idx;
  }

  /** The key as a string (decoded once, then cached). */
  get(idx: number): string {
    let s: string | undefined = this.decoded[idx];
    if (s === undefined) {
      s = utf8.decode(this.bytes(idx));
      this.decoded[idx] = s;
    }
    return s;
  }

  /** The key's raw bytes (a view into the pool, or a new array once packed; copy it before the table grows). */
  bytes(idx: number): Uint8Array {
    if (this.uuids) {
      const out = new Uint8Array(UUID_CHARS);
      unpackUuid(this.uuids, idx * 16, out);
      return out;
    }
    const start = this.starts[idx];
    return this.pool.subarray(start, start + this.lengths[idx]);
  }

  /**
   * Drops what only adding and finding keys need, the slots and the stored hashes (165 MB for the
   * month's 9.2M session ids), once the table is complete: get(), bytes(), size and toData() keep
   * working; intern() and find() throw LookupDroppedError.
   */
  dropLookup(): void {
    this.lookups = false;
    this.slots = new Int32Array(0);
    this.hashes = new Uint32Array(0);
    this.mask = -1;
    this.slotMask = -1;
  }

  /**
   * Keeps the keys as the 16 bytes of their 32 hex digits when every one is a lowercase UUID (REES46's
   * session ids, and the generator's): 16 bytes a key instead of 46 (36 of text, an 8-byte start, a
   * 2-byte length). The month's 9.2M session ids then take 148 MB instead of 425 MB. True when
   * packed. From then on no key is interned; `keepSlots` keeps findHashed/findPacked working (a
   * parsed range's table, which the merge looks later ranges' ids up in), else look-ups must have
   * been dropped before.
   */
  packUuidKeys(keepSlots = false): boolean {
    if (this.uuids) return true;
    if (this.lookups && !keepSlots) throw new Error('ByteStringTable.packUuidKeys: drop the look-ups first');
    const packed = packUuidKeys(this.pool, this.starts, this.lengths, this.size);
    if (!packed) return false;
    this.lookups = false;
    this.uuids = packed;
    this.starts = new Float64Array(0);
    this.lengths = new Uint16Array(0);
    this.pool = new Uint8Array(0);
    this.poolUsed = 0;
    return true;
  }

  /**
   * Back to keys as text, slots and hashes as they were: the merge needs every range's table in one
   * form, and a range with one id that is not a lowercase UUID stays as text.
   */
  unpackKeys(): void {
    const u = this.uuids;
    if (!u) return;
    const n = this.size;
    const cap = Math.max(n, this.hashes.length);
    this.pool = new Uint8Array(n * UUID_CHARS);
    this.starts = new Float64Array(cap);
    this.lengths = new Uint16Array(cap);
    for (let k = 0; k < n; k++) {
      unpackUuid(u, k * UUID_BYTES, this.pool.subarray(k * UUID_CHARS));
      this.starts[k] = k * UUID_CHARS;
      this.lengths[k] = UUID_CHARS;
    }
    this.poolUsed = n * UUID_CHARS;
    this.uuids = null;
  }

  toData(): ByteStringTableData {
    return { size: this.size, slots: this.slots, hashes: this.hashes, starts: this.starts, lengths: this.lengths, pool: this.pool, poolUsed: this.poolUsed, lookups: this.lookups, uuids: this.uuids };
  }

  static fromData(d: ByteStringTableData): ByteStringTable {
    const t = new ByteStringTable(1);
    t.size = d.size;
    t.slots = d.slots;
    t.mask = d.slots.length / 2 - 1;
    t.slotMask = d.slots.length - 1;
    t.hashes = d.hashes;
    t.starts = d.starts;
    t.lengths = d.lengths;
    t.pool = d.pool;
    t.poolUsed = d.poolUsed;
    t.lookups = (d.lookups ?? true) && d.slots.length > 0;
    t.uuids = d.uuids ?? null;
    return t;
  }

  /** Approximate bytes held by the table. */
  byteSize(): number {
    return this.slots.byteLength + this.hashes.byteLength + this.starts.byteLength + this.lengths.byteLength + this.pool.byteLength + (this.uuids?.byteLength ?? 0);
  }

  private equals(idx: number, buf: Uint8Array, start: number, len: number): boolean {
    const p = this.starts[idx];
    const pool = this.pool;
    for (let i = 0; i < len; i++) if (pool[p + i] !== buf[start + i]) return false;
    return true;
  }

  /**
   * Makes room for `keys` more keys holding `bytes` bytes in all, so a bulk insert (the parallel merge
   * adds a range's ~4.5M session ids) never regrows: on 42.4M rows the growth steps cost ~1.5 s.
   */
  reserve(keys: number, bytes: number): void {
    this.reserveAppends(keys, bytes);
    const n = this.size + keys;
    let slotPairs = this.slots.length / 2;
    while (overLoaded(n, slotPairs)) slotPairs *= 2;
    if (slotPairs * 2 > this.slots.length) this.rehash(slotPairs);
  }

  /**
   * Adds a key with the next index but no slot, so it cannot be found or interned again: the merge of
   * parsed ranges adds a later range's new session ids this way (no slots to grow and fill for them:
   * nothing looks a session id up after the parse). From then on intern() and find() throw. The key
   * must be at most 65535 bytes; `hash` is kept (hashOf) as intern would.
   */
  appendKey(buf: Uint8Array, start: number, end: number, hash: number): number {
    this.lookups = false;
    return this.addEntry(buf, start, end - start, hash);
  }

  /** Stores a new key's bytes, hash, start and length under the next index (no slot); returns it. */
  private addEntry(buf: Uint8Array, start: number, len: number, hash: number): number {
    const idx = this.size++;
    this.ensureEntryCapacity(this.size);
    this.ensurePoolCapacity(this.poolUsed + len);
    // A byte loop, not pool.set(buf.subarray(…)): keys are short, and a subarray is an object
    // allocated per new key (a session id every ~4.6 rows).
    const pool = this.pool;
    const at = this.poolUsed;
    for (let i = 0; i < len; i++) pool[at + i] = buf[start + i];
    this.hashes[idx] = hash >>> 0;
    this.starts[idx] = at;
    this.lengths[idx] = len;
    this.poolUsed += len;
    return idx;
  }

  /** Room for `keys` more keys of `bytes` bytes in all, added by appendKey (no slots), or appendPacked. */
  reserveAppends(keys: number, bytes: number): void {
    const n = this.size + keys;
    if (this.uuids) {
      this.ensurePackedCapacity(n, n);
      return;
    }
    this.ensureEntryCapacity(n, n);
    this.ensurePoolCapacity(this.poolUsed + bytes);
  }

  /** Bytes of all keys together (as text). */
  get poolBytes(): number {
    return this.uuids ? this.size * UUID_CHARS : this.poolUsed;
  }

  /** The stored FNV-1a hash of key idx (lets a merge re-intern keys without hashing them again). */
  hashOf(idx: number): number {
    return this.hashes[idx];
  }

  private ensureEntryCapacity(n: number, atLeast = 0): void {
    if (n <= this.hashes.length) return;
    const cap = Math.max(atLeast, Math.ceil(this.hashes.length * 1.5) + 16);
    const hashes = new Uint32Array(cap);
    hashes.set(this.hashes);
    const starts = new Float64Array(cap);
    starts.set(this.starts);
    const lengths = new Uint16Array(cap);
    lengths.set(this.lengths);
    this.hashes = hashes;
    this.starts = starts;
    this.lengths = lengths;
  }

  private ensurePackedCapacity(n: number, atLeast = 0): void {
    if (n * UUID_BYTES <= this.uuids!.length && n <= this.hashes.length) return;
    const cap = Math.max(atLeast, n, Math.ceil(this.hashes.length * 1.5) + 16);
    const hashes = new Uint32Array(cap);
    hashes.set(this.hashes.subarray(0, this.size));
    const uuids = new Uint8Array(cap * UUID_BYTES);
    uuids.set(this.uuids!.subarray(0, this.size * UUID_BYTES));
    this.hashes = hashes;
    this.uuids = uuids;
  }

  private ensurePoolCapacity(n: number): void {
    if (n <= this.pool.length) return;
    const pool = new Uint8Array(Math.max(n, Math.ceil(this.pool.length * 1.5)));
    pool.set(this.pool.subarray(0, this.poolUsed));
    this.pool = pool;
  }

  /** Rebuilds the slots with `cap` slot pairs (default: twice as many). */
  private rehash(cap = this.slots.length): void {
    const slots = new Int32Array(cap * 2).fill(EMPTY);
    const mask = cap - 1;
    const slotMask = cap * 2 - 1;
    for (let idx = 0; idx < this.size; idx++) {
      const h = this.hashes[idx] | 0;
      let slot = (h & mask) << 1;
      while (slots[slot] !== EMPTY) slot = (slot + 2) & slotMask;
      slots[slot] = idx;
      slots[slot + 1] = h;
    }
    this.slots = slots;
    this.mask = mask;
    this.slotMask = slotMask;
  }
}

function samePacked(a: Uint8Array, i: number, b: Uint8Array, j: number): boolean {
  for (let k = 0; k < UUID_BYTES; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}
