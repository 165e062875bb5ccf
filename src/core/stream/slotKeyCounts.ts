// Distinct counts for open sessions: per slot, a small set of uint32 keys, each with a count. Sessions
// average ~4.6 events, so eight inline entries per slot cover almost all of them with a linear scan over
// a typed array and no allocation; a session that outgrows them moves its keys into a Map of its own,
// which is dropped when the slot is cleared. Memory is per open slot, never per session ever seen.

const INLINE = 8;
const SPILLED = INLINE + 1;

export class SlotKeyCounts {
  /** Whether the last `add` inserted a key it had not seen in that slot. */
  inserted = false;
  private keys: Uint32Array;
  private counts: Uint32Array;
  private used: Uint8Array;
  private spill: (Map<number, number> | undefined)[] = [];

  constructor(slots: number) {
    this.keys = new Uint32Array(slots * INLINE);
    this.counts = new Uint32Array(slots * INLINE);
    this.used = new Uint8Array(slots);
  }

  get capacity(): number {
    return this.used.length;
  }

  /** Grows to `slots` slots, keeping the contents. */
  resize(slots: number): void {
    const keys = new Uint32Array(slots * INLINE);
    keys.set(this.keys);
    const counts = new Uint32Array(slots * INLINE);
    counts.set(this.counts);
    const used = new Uint8Array(slots);
    used.set(this.used);
    this.keys = keys;
    this.counts = counts;
    this.used = used;
  }

  clear(slot: number): void {
    if (this.used[slot] === SPILLED) this.spill[slot] = undefined;
    this.used[slot] = 0;
  }

  /** Adds `weight` to the key's count, inserting the key (count 0) when absent; returns the new count. */
  add(slot: number, key: number, weight: number): number {
    const n = this.used[slot];
    if (n === SPILLED) {
      const map = this.spill[slot] as Map<number, number>;
      const old = map.get(key);
      this.inserted = old === undefined;
      const c = (old ?? 0) + weight;
      map.set(key, c);
      return c;
    }
    const base = slot * INLINE;
    for (let i = base; i < base + n; i++) {
      if (this.keys[i] === key) {
        this.inserted = false;
        this.counts[i] += weight;
        return this.counts[i];
      }
    }
    this.inserted = true;
    if (n < INLINE) {
      this.keys[base + n] = key;
      this.counts[base + n] = weight;
      this.used[slot] = n + 1;
      return weight;
    }
    const map = new Map<number, number>();
    for (let i = base; i < base + INLINE; i++) map.set(this.keys[i], this.counts[i]);
    map.set(key, weight);
    this.spill[slot] = map;
    this.used[slot] = SPILLED;
    return weight;
  }

  /** Distinct keys held for the slot. */
  size(slot: number): number {
    const n = this.used[slot];
    return n === SPILLED ? (this.spill[slot] as Map<number, number>).size : n;
  }
}
