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

function isDashAt(i: number): boolean {
  return i === 8 || i === 13 || i === 18 || i === 23;
}

/** True when src[start, end) is `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase hex. */
export function isLowercaseUuid(src: Uint8Array, start: number, end: number): boolean {
  if (end - start !== UUID_CHARS) return false;
  for (let i = 0; i < UUID_CHARS; i++) {
    const c = src[start + i];
    if (isDashAt(i) ? c !== DASH : NIBBLE[c] < 0) return false;
  }
  return true;
}

/** Writes the 16 bytes of the UUID src[start, start + 36) at out[at]. */
function packUuid(src: Uint8Array, start: number, out: Uint8Array, at: number): void {
  let k = at;
  let high = -1;
  for (let i = 0; i < UUID_CHARS; i++) {
    if (isDashAt(i)) continue;
    const v = NIBBLE[src[start + i]];
    if (high < 0) high = v;
    else {
      out[k++] = (high << 4) | v;
      high = -1;
    }
  }
}

/** Writes the 36 characters of the UUID whose 16 bytes are at src[at] into out[0, 36). */
function unpackUuid(src: Uint8Array, at: number, out: Uint8Array): void {
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
  if (allPooledUuids(pool, starts, lengths, rowKey, rows)) {
    const bytes = new Uint8Array(rows * UUID_BYTES);
    for (let r = 0; r < rows; r++) packUuid(pool, starts[rowKey[r]], bytes, r * UUID_BYTES);
    return { bytes, offsets: null };
  }
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

function allPooledUuids(pool: Uint8Array, starts: ArrayLike<number>, lengths: ArrayLike<number>, rowKey: Int32Array, rows: number): boolean {
  for (let r = 0; r < rows; r++) {
    const k = rowKey[r];
    if (!isLowercaseUuid(pool, starts[k], starts[k] + lengths[k])) return false;
  }
  return true;
}

/** The UUID form of a column in the UTF-8 form when every id is a lowercase UUID, else the column itself. */
export function compactIds(ids: PackedStrings): PackedStrings {
  const { bytes, offsets } = ids;
  if (!offsets) return ids;
  const rows = offsets.length - 1;
  for (let r = 0; r < rows; r++) if (!isLowercaseUuid(bytes, offsets[r], offsets[r + 1])) return ids;
  const packed = new Uint8Array(rows * UUID_BYTES);
  for (let r = 0; r < rows; r++) packUuid(bytes, offsets[r], packed, r * UUID_BYTES);
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
