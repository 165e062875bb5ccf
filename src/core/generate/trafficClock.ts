// When sessions start: the generated rows are spread over a window that begins 2019-10-01 00:00:00 UTC,
// with a day/night traffic curve. Session starts are driven by a progress variable x in [0, 1) (the
// expected share of rows already generated); this clock maps x to seconds so that equal steps of x
// land more densely in busy hours.

/** Real October 2019: 42,448,764 rows over 31 days ≈ 1.37 M rows a day. */
export const REAL_ROWS_PER_DAY = 42_448_764 / 31;
const DAY_SEC = 86_400;
const MAX_DAYS = 31;

/**
 * Relative traffic per UTC hour. The shop is Russian (UTC+3): the real file is quiet at night, the
 * first 17k rows of October cover 00:00–02:50 UTC, ~0.11 of the month's mean hourly rate, and it
 * peaks in the Moscow afternoon and evening.
 */
export const HOURLY_TRAFFIC: readonly number[] = [
  0.12, 0.12, 0.2, 0.4, 0.7, 1.0, 1.2, 1.3, 1.35, 1.35, 1.35, 1.35, //
  1.35, 1.4, 1.5, 1.6, 1.65, 1.6, 1.4, 1.1, 0.75, 0.45, 0.25, 0.15,
];

/**
 * Window length for a row count: the real file's density (1.37 M rows a day), but never less than one
 * day, so every file, even a 10k-row demo, has the whole diurnal curve and night sessions in it, and
 * never more than the 31 days of October (42.4 M rows fill the month).
 */
export function windowSeconds(rows: number): number {
  const days = Math.min(MAX_DAYS, Math.max(1, rows / REAL_ROWS_PER_DAY));
  return Math.round(days * DAY_SEC);
}

export class TrafficClock {
  /** Cumulative traffic at the start of each hour of the window, normalised so the window ends at 1. */
  private readonly cumAtHour: Float64Array;
  private readonly hours: number;
  private readonly windowSec: number;
  private hour = 0;

  constructor(windowSec: number) {
    this.windowSec = windowSec;
    this.hours = Math.ceil(windowSec / 3600);
    this.cumAtHour = new Float64Array(this.hours + 1);
    for (let h = 0; h < this.hours; h++) {
      const lengthSec = Math.min(3600, windowSec - h * 3600);
      this.cumAtHour[h + 1] = this.cumAtHour[h] + HOURLY_TRAFFIC[h % 24] * (lengthSec / 3600);
    }
    const total = this.cumAtHour[this.hours];
    for (let h = 1; h <= this.hours; h++) this.cumAtHour[h] /= total;
  }

  /**
   * Whole seconds since the window start for progress x in [0, 1). Calls must come with
   * non-decreasing x: the hour cursor only moves forward, which keeps the mapping O(1) per session.
   */
  secondsAt(x: number): number {
    while (this.hour < this.hours - 1 && this.cumAtHour[this.hour + 1] <= x) this.hour++;
    const h = this.hour;
    const span = this.cumAtHour[h + 1] - this.cumAtHour[h];
    const lengthSec = Math.min(3600, this.windowSec - h * 3600);
    const within = span > 0 ? ((x - this.cumAtHour[h]) / span) * lengthSec : 0;
    return Math.min(this.windowSec - 1, h * 3600 + Math.floor(within));
  }
}
