// The `event_time,event_type,` head of a row as bytes ("2019-10-01 00:00:04 UTC,view,") from whole
// seconds since 2019-10-01 00:00:00 UTC. Rows come out in time order and most repeat the previous
// second, so one head per event type is kept and only the digits that changed are rewritten; Date is
// consulted once per day, never per row.

export const WINDOW_START_MS = Date.UTC(2019, 9, 1);

const ZERO = 48;

export class RowHeadWriter {
  /** Per event type: the time text, then `,type,`. */
  private readonly heads: Uint8Array[];
  private lastSec = -1;
  private lastDay = -1;

  constructor(eventTypeNames: readonly string[]) {
    this.heads = eventTypeNames.map((name) => {
      const text = `2019-10-01 00:00:00 UTC,${name},`;
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      return bytes;
    });
  }

  get maxBytes(): number {
    return Math.max(...this.heads.map((h) => h.length));
  }

  /** Writes the head for (sec, type) at dst[pos] and returns the position after it. */
  write(sec: number, type: number, dst: Uint8Array, pos: number): number {
    if (sec !== this.lastSec) this.setTime(sec);
    const head = this.heads[type];
    dst.set(head, pos);
    return pos + head.length;
  }

  private setTime(sec: number): void {
    this.lastSec = sec;
    const day = Math.floor(sec / 86_400);
    const inDay = sec - day * 86_400;
    const hour = Math.floor(inDay / 3600);
    const minute = Math.floor((inDay - hour * 3600) / 60);
    const second = inDay - hour * 3600 - minute * 60;
    const date = day !== this.lastDay ? new Date(WINDOW_START_MS + day * 86_400_000).toISOString() : '';
    this.lastDay = day;
    for (const head of this.heads) {
      if (date) for (let i = 0; i < 10; i++) head[i] = date.charCodeAt(i);
      head[11] = ZERO + Math.floor(hour / 10);
      head[12] = ZERO + (hour % 10);
      head[14] = ZERO + Math.floor(minute / 10);
      head[15] = ZERO + (minute % 10);
      head[17] = ZERO + Math.floor(second / 10);
      head[18] = ZERO + (second % 10);
    }
  }
}
