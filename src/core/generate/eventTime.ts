// `event_time` text ("2019-10-01 00:00:04 UTC") from whole seconds since 2019-10-01 00:00:00 UTC.
// Rows come out in time order, so most rows repeat the previous second: the last string is cached and
// a new one is built from precomputed day prefixes and two-digit tables, never through Date per row.

export const WINDOW_START_MS = Date.UTC(2019, 9, 1);

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

export class EventTimeFormatter {
  private readonly dayPrefixes: string[] = [];
  private lastSec = -1;
  private lastText = '';

  format(sec: number): string {
    if (sec === this.lastSec) return this.lastText;
    const day = Math.floor(sec / 86_400);
    const inDay = sec - day * 86_400;
    const hour = Math.floor(inDay / 3600);
    const minute = Math.floor((inDay - hour * 3600) / 60);
    const second = inDay - hour * 3600 - minute * 60;
    const text = `${this.dayPrefix(day)}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]} UTC`;
    this.lastSec = sec;
    this.lastText = text;
    return text;
  }

  private dayPrefix(day: number): string {
    let prefix = this.dayPrefixes[day];
    if (prefix === undefined) {
      prefix = `${new Date(WINDOW_START_MS + day * 86_400_000).toISOString().slice(0, 10)} `;
      this.dayPrefixes[day] = prefix;
    }
    return prefix;
  }
}
