// The user_session column of a FeatureTable, without a JS string per row. Two forms:
//  - UTF-8 bytes with offsets: row i is bytes[offsets[i], offsets[i + 1]) (any ids);
//  - UUIDs: when every row's id is a lowercase UUID (REES46's, and the generator's), the 16 bytes
//    its 32 hex digits encode, row i at bytes[16 i, 16 i + 16), and no offsets. The month's 9.2M
//    sessions then take 148 MB instead of 406 MB (36 bytes and an 8-byte offset each).
// Readers go through idBytes(), which gives the id's UTF-8 bytes either way.

export interface PackedStrings {
  readonly bytes: Uint8Array;
  /** Where each row's UTF-8 bytes start (rows + 1 entries); null in the UUID form. */
  readonly offsets: Float64Array | null;
}

export const UUID_CHARS = 36;
const UUID_BYTES = 16;
const DASH = 45;
const HEX = new TextEncoder().encode('0123456789abcdef');
/** Hex digit value of an ASCII code, or -1 (lowercase only: uppercase would not round-trip). */
const NIBBLE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) NIBBLE[HEX[i]] = i;

/** True when src[start, end) is `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase hex. */
export function isLowercaseUuid(src: Uint8Array, start: number, end: number): boolean {
  return end - start === UUID_CHARS && packUuidChecked(src, start, new Uint8Array(UUID_BYTES), 0);
}

/** Where each of the 16 bytes' two hex digits start in the 36 characters (the dashes skipped). */
const HEX_AT = Int8Array.from([0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34]);

/**
 * Packs src[start, start + 36) into out[at, at + 16) when it is a lowercase UUID, in one pass; false
 * (out partly written) when it is not. The checking and the packing were two passes with a call per
 * character: 1.0 s for 3.3M ids, the third of the features' time (node).
 */
export function packUuidChecked(src: Uint8Array, start: number, out: Uint8Array, at: number): boolean {
  if (src[start + 8] !== DASH || src[start + 13] !== DASH || src[start + 18] !== DASH || src[start + 23] !== DASH) return false;
  let bad = 0;
  for (let b = 0; b < UUID_BYTES; b++) {
    const p = start + HEX_AT[b];
    const hi = NIBBLE[src[p]];
    const lo = NIBBLE[src[p + 1]];
    bad |= hi | lo; // -1 for a character that is not a lowercase hex digit
    out[at + b] = (hi << 4) | lo;
  }
  return bad >= 0;
}

/** Writes the 36 characters of the UUID whose 16 bytes are at src[at] into out[0, 36). */
export function unpackUuid(src: Uint8Array, at: number, out: Uint8Array): void {
  let k = 0;
  for (let b = 0; b < UUID_BYTES; b++) {
    if (k === 8 || k === 13 || k === 18 || k === 23) out[k++] = DASH;
    const v = src[at + b];
    out[k++] = HEX[v >> 4];
    out[k++] = HEX[v & 15];
  }
}

/** Row count of a packed column. */
export function idCount(ids: PackedStrings): number {
  return ids.offsets ? ids.offsets.length - 1 : ids.bytes.length / UUID_BYTES;
}

/**
 * The UTF-8 bytes of row r's id: a view into the column, or (UUID form) `scratch` filled with them
 * (pass a 36-byte array to reuse it across rows; the result is valid until the next call).
 */
export function idBytes(ids: PackedStrings, r: number, scratch: Uint8Array = new Uint8Array(UUID_CHARS)): Uint8Array {
  if (ids.offsets) return ids.bytes.subarray(ids.offsets[r], ids.offsets[r + 1]);
  unpackUuid(ids.bytes, r * UUID_BYTES, scratch);
  return scratch;
}

/**
 * Ids held in one pool (a dictionary): row r's id is pool[starts[k], starts[k] + lengths[k]) with
 * k = rowKey[r]. The UUID form when every one is a lowercase UUID, else UTF-8 bytes with offsets,
 * copied in runs (rows of consecutive keys sit back to back in the pool).
 */
export function packPooledIds(pool: Uint8Array, starts: ArrayLike<number>, lengths: ArrayLike<number>, rowKey: Int32Array, rows: number): PackedStrings {
  const packed = new Uint8Array(rows * UUID_BYTES);
  let uuids = true;
  for (let r = 0; r < rows && uuids; r++) {
    const k = rowKey[r];
    uuids = lengths[k] === UUID_CHARS && packUuidChecked(pool, starts[k], packed, r * UUID_BYTES);
  }
  if (uuids) return { bytes: packed, offsets: null };
  const offsets = new Float64Array(rows + 1);
  for (let r = 0; r < rows; r++) offsets[r + 1] = offsets[r] + lengths[rowKey[r]];
  const bytes = new Uint8Array(offsets[rows]);
  let runFrom = 0;
  let runTo = 0;
  let runAt = 0;
  for (let r = 0; r < rows; r++) {
    const from = starts[rowKey[r]];
    if (from !== runTo) {
      if (runTo > runFrom) bytes.set(pool.subarray(runFrom, runTo), runAt);
      runAt = offsets[r];
      runFrom = from;
      runTo = from;
    }
    runTo += lengths[rowKey[r]];
  }
  if (runTo > runFrom) bytes.set(pool.subarray(runFrom, runTo), runAt);
  return { bytes, offsets };
}

/**
 * Keys 0 … n − 1 of a pool (key k at pool[starts[k], starts[k] + lengths[k])) as 16 bytes each, key
 * k at [16 k, 16 k + 16), when every one is a lowercase UUID; else null.
 */
export function packUuidKeys(pool: Uint8Array, starts: ArrayLike<number>, lengths: ArrayLike<number>, n: number): Uint8Array | null {
  const packed = new Uint8Array(n * UUID_BYTES);
  for (let k = 0; k < n; k++) if (lengths[k] !== UUID_CHARS || !packUuidChecked(pool, starts[k], packed, k * UUID_BYTES)) return null;
  return packed;
}

/** The UUID-form column whose row r is key rowKey[r] of keys packed by packUuidKeys. */
export function gatherUuids(keys: Uint8Array, rowKey: Int32Array, rows: number): PackedStrings {
  const bytes = new Uint8Array(rows * UUID_BYTES);
  for (let r = 0; r < rows; r++) {
    // A byte loop, not set(subarray(…)): a subarray is an object per row.
    const from = rowKey[r] * UUID_BYTES;
    const to = r * UUID_BYTES;
    for (let b = 0; b < UUID_BYTES; b++) bytes[to + b] = keys[from + b];
  }
  return { bytes, offsets: null };
}

/** The UUID form of a column in the UTF-8 form when every id is a lowercase UUID, else the column itself. */
export function compactIds(ids: PackedStrings): PackedStrings {
  const { bytes, offsets } = ids;
  if (!offsets) return ids;
  const rows = offsets.length - 1;
  const packed = new Uint8Array(rows * UUID_BYTES);
  for (let r = 0; r < rows; r++) {
    if (offsets[r + 1] - offsets[r] !== UUID_CHARS || !packUuidChecked(bytes, offsets[r], packed, r * UUID_BYTES)) return ids;
  }
  return { bytes: packed, offsets: null };
}

/** True when both columns hold the same ids in the same order (whatever their forms). */
export function sameIds(a: PackedStrings, b: PackedStrings): boolean {
  const n = idCount(a);
  if (n !== idCount(b)) return false;
  if (!a.offsets !== !b.offsets) {
    const sa = new Uint8Array(UUID_CHARS);
    const sb = new Uint8Array(UUID_CHARS);
    for (let r = 0; r < n; r++) if (!equalBytes(idBytes(a, r, sa), idBytes(b, r, sb))) return false;
    return true;
  }
  if (a.offsets && b.offsets) for (let i = 0; i <= n; i++) if (a.offsets[i] !== b.offsets[i]) return false;
  return equalBytes(a.bytes, b.bytes);
}

export function equalBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The buffers of a column, to transfer it. */
export function idBuffers(ids: PackedStrings): ArrayBufferLike[] {
  return ids.offsets ? [ids.bytes.buffer, ids.offsets.buffer] : [ids.bytes.buffer];
}

/** A copy of a column. */
export function copyIds(ids: PackedStrings): PackedStrings {
  return { bytes: ids.bytes.slice(), offsets: ids.offsets ? ids.offsets.slice() : null };
}
