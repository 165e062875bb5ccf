// user_session values look like the real ones: random UUID v4 text ("c6bd7419-0748-4f25-9a0a-ce8f6f8de4c8").
import type { Rng } from './random.ts';

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX_BYTE[x >>> 24] + HEX_BYTE[(x >>> 16) & 255] + HEX_BYTE[(x >>> 8) & 255] + HEX_BYTE[x & 255];
}

export function randomSessionId(rng: Rng): string {
  const a = rng.nextUint32();
  // Version nibble 4 and variant bits 10xx, as RFC 4122 random UUIDs carry.
  const b = ((rng.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0;
  const c = ((rng.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.nextUint32();
  const bh = hex32(b);
  const ch = hex32(c);
  return `${hex32(a)}-${bh.slice(0, 4)}-${bh.slice(4)}-${ch.slice(0, 4)}-${ch.slice(4)}${hex32(d)}`;
}
