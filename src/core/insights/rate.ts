/** part / whole, or 0 when there is nothing to divide (an empty bucket reads as 0 %, not NaN). */
export function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
