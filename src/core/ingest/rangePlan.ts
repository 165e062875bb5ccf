// Splitting one file into byte ranges for parallel parsing. A range starts just after the first
// newline at or after its nominal offset. That newline may sit inside a quoted field; the check in
// `findBadRangeStart` catches it: range k-1 parses records until the first one starting at or after
// range k's start, so when range k's start is a true record boundary, range k-1 ends exactly there.

/** Nominal start offsets of `n` ranges over a file (the first is 0). */
export function nominalOffsets(fileBytes: number, n: number, minRangeBytes = 4 << 20): number[] {
  const count = Math.max(1, Math.min(n, Math.floor(fileBytes / minRangeBytes) || 1));
  return Array.from({ length: count }, (_, k) => Math.floor((fileBytes * k) / count));
}

/** Offset just past the first newline in `probe`, or -1 when it holds none. */
export function firstLineStart(probe: Uint8Array): number {
  const nl = probe.indexOf(10);
  return nl < 0 ? -1 : nl + 1;
}

/**
 * Index of the first range whose start was not a record boundary (the previous range ran past it),
 * or -1 when all ranges line up. Re-parse that range from the previous range's end and check again.
 */
export function findBadRangeStart(parts: readonly { startOffset: number; endOffset: number }[]): number {
  for (let k = 1; k < parts.length; k++) if (parts[k - 1].endOffset !== parts[k].startOffset) return k;
  return -1;
}
