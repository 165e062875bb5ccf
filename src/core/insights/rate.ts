/**
 * part / whole, or NaN when there is nothing to divide: a rate of no sessions is not 0 % (an excerpt
 * of one night has no day sessions, and "0.0 % by day" read as a measured zero). The UI shows NaN
 * as "–" and the charts skip empty buckets; pandas gives NaN for the mean of nothing too.
 */
export function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : NaN;
}
