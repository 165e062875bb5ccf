// Pending events of sessions that have started but not finished, ordered by (time, sequence number).
// A binary min-heap over a Float64Array of keys and an Int32Array of slots; the payload (product,
// event type, session suffix slot) lives in slot arrays that never move, so a swap touches two numbers.

/** time·2^31 + seq stays an exact integer below 2^53 for times under 2^22 s (48 days) and 2^31 events. */
const SEQ_SPAN = 2 ** 31;

export class EventHeap {
  private keys = new Float64Array(1024);
  private slotOf = new Int32Array(1024);
  private size = 0;

  private productOf = new Int32Array(1024);
  private typeOf = new Uint8Array(1024);
  private sessionOf = new Int32Array(1024);
  private readonly freeSlots: number[] = [];
  private freshSlots = 0;

  /** The event removed by the last pop(); fields rather than a returned object, so no allocation per row. */
  poppedTimeSec = 0;
  poppedProduct = 0;
  poppedType = 0;
  poppedSession = 0;

  get length(): number {
    return this.size;
  }

  /** Time of the earliest pending event; only valid when length > 0. */
  peekTimeSec(): number {
    return Math.floor(this.keys[0] / SEQ_SPAN);
  }

  push(timeSec: number, seq: number, product: number, type: number, session: number): void {
    const slot = this.allocSlot();
    this.productOf[slot] = product;
    this.typeOf[slot] = type;
    this.sessionOf[slot] = session;
    if (this.size === this.keys.length) this.growHeap();
    const key = timeSec * SEQ_SPAN + (seq % SEQ_SPAN);
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.slotOf[i] = this.slotOf[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.slotOf[i] = slot;
  }

  /** Removes the earliest event; read it through the popped* fields. */
  pop(): void {
    const slot = this.slotOf[0];
    this.poppedTimeSec = Math.floor(this.keys[0] / SEQ_SPAN);
    this.poppedProduct = this.productOf[slot];
    this.poppedType = this.typeOf[slot];
    this.poppedSession = this.sessionOf[slot];
    this.freeSlots.push(slot);

    const last = --this.size;
    if (last === 0) return;
    const key = this.keys[last];
    const lastSlot = this.slotOf[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= key) break;
      this.keys[i] = this.keys[child];
      this.slotOf[i] = this.slotOf[child];
      i = child;
    }
    this.keys[i] = key;
    this.slotOf[i] = lastSlot;
  }

  private allocSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.freshSlots++;
    if (slot === this.productOf.length) {
      const product = new Int32Array(slot * 2);
      product.set(this.productOf);
      this.productOf = product;
      const type = new Uint8Array(slot * 2);
      type.set(this.typeOf);
      this.typeOf = type;
      const session = new Int32Array(slot * 2);
      session.set(this.sessionOf);
      this.sessionOf = session;
    }
    return slot;
  }

  private growHeap(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const slots = new Int32Array(this.slotOf.length * 2);
    slots.set(this.slotOf);
    this.slotOf = slots;
  }
}
