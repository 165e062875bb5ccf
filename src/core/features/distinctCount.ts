// Distinct values in a small scratch slice: sort in place, count runs. Sessions average ~4.6 events,
// so this beats a Set per session (allocation) by far and needs no per-session memory.

export function countDistinct(values: Float64Array, n: number): number {
  if (n <= 1) return n;
  const view = sortPrefix(values, n);
  let distinct = 1;
  for (let i = 1; i < n; i++) if (view[i] !== view[i - 1]) distinct++;
  return distinct;
}

/** Largest number of repeats of one value (0 when n = 0). */
export function maxMultiplicity(values: Float64Array, n: number): number {
  if (n <= 1) return n;
  const view = sortPrefix(values, n);
  let best = 1;
  let run = 1;
  for (let i = 1; i < n; i++) {
    run = view[i] === view[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Sorts values[0, n) in place; insertion sort below 24 values avoids a subarray per session. */
function sortPrefix(values: Float64Array, n: number): Float64Array {
  if (n > 24) return values.subarray(0, n).sort();
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
  return values;
}
