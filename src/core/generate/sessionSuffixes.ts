// The `,user_id,user_session\n` tail shared by every row of a session, written once per session as
// bytes. user_session looks like the real ones: random UUID v4 text ("c6bd7419-0748-4f25-9a0a-ce8f6f8de4c8").
import type { Rng } from './random.ts';

/** "," + 9-digit user id + "," + 36-character UUID + "\n". */
export const SESSION_SUFFIX_BYTES = 48;

const HEX = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX[i] = '0123456789abcdef'.charCodeAt(i);
const COMMA = 44;
const DASH = 45;
const NEWLINE = 10;

/** user ids must have 9 digits (the real ones do: 33,869,381 … 566,280,860 are 8–9; ours are all 9). */
export function writeSessionSuffix(userId: number, rng: Rng, dst: Uint8Array, pos: number): void {
  if (userId < 100_000_000 || userId > 999_999_999) throw new RangeError(`user id ${userId} does not have 9 digits`);
  dst[pos] = COMMA;
  let id = userId;
  for (let i = 9; i >= 1; i--) {
    dst[pos + i] = 48 + (id % 10);
    id = Math.floor(id / 10);
  }
  dst[pos + 10] = COMMA;
  let p = pos + 11;
  const a = rng.nextUint32();
  // Version nibble 4 and variant bits 10xx, as RFC 4122 random UUIDs carry.
  const b = ((rng.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0;
  const c = ((rng.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.nextUint32();
  p = hex(a, 8, dst, p);
  dst[p++] = DASH;
  p = hex(b >>> 16, 4, dst, p);
  dst[p++] = DASH;
  p = hex(b & 0xffff, 4, dst, p);
  dst[p++] = DASH;
  p = hex(c >>> 16, 4, dst, p);
  dst[p++] = DASH;
  p = hex(c & 0xffff, 4, dst, p);
  p = hex(d, 8, dst, p);
  dst[p] = NEWLINE;
}

function hex(x: number, digits: number, dst: Uint8Array, pos: number): number {
  for (let i = digits - 1; i >= 0; i--) {
    dst[pos + i] = HEX[x & 15];
    x >>>= 4;
  }
  return pos + digits;
}

/**
 * Suffix bytes of the sessions that still have events waiting in the heap, in fixed 48-byte slots.
 * A slot is freed when its session's last event is written, so the pool holds only live sessions.
 */
export class SessionSuffixPool {
  private bytes = new Uint8Array(1024 * SESSION_SUFFIX_BYTES);
  /** One view per slot, made once, so writing a row allocates nothing. */
  private views: Uint8Array[] = [];
  private pending = new Int32Array(1024);
  private readonly free: number[] = [];
  private fresh = 0;

  /** The 48 bytes of a slot. */
  view(slot: number): Uint8Array {
    return this.views[slot];
  }

  /** A slot for a session with `events` rows still to write; fill view(slot) with writeSessionSuffix. */
  alloc(events: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.fresh++;
      if (slot === this.pending.length) this.grow();
    }
    if (this.views.length <= slot) {
      for (let s = this.views.length; s < this.pending.length; s++) {
        this.views.push(this.bytes.subarray(s * SESSION_SUFFIX_BYTES, (s + 1) * SESSION_SUFFIX_BYTES));
      }
    }
    this.pending[slot] = events;
    return slot;
  }

  /** One row of the session was written; frees the slot after the last. */
  written(slot: number): void {
    if (--this.pending[slot] === 0) this.free.push(slot);
  }

  private grow(): void {
    const pending = new Int32Array(this.pending.length * 2);
    pending.set(this.pending);
    this.pending = pending;
    const bytes = new Uint8Array(this.bytes.length * 2);
    bytes.set(this.bytes);
    this.bytes = bytes;
    this.views = [];
  }
}
