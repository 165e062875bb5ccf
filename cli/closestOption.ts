// "Did you mean --cut?" for a mistyped option: the known option nearest in spelling, when one is near
// enough that the suggestion is likely right rather than noise.

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment):
 * "modle" is one typo away from "model", not two.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known option closest to `given` (names without dashes), or null when none is near: at most one
 * edit per three letters of the known name (at least one), or `given` is the start of exactly one
 * known name ("timeout" for "timeout-min"). Ties go to the option declared first.
 */
export function closestOption(given: string, known: readonly string[]): string | null {
  const name = given.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const option of known) {
    const distance = editDistance(name, option);
    if (distance <= Math.max(1, Math.floor(option.length / 3)) && distance < bestDistance) {
      best = option;
      bestDistance = distance;
    }
  }
  if (best !== null) return best;
  const extended = name.length >= 3 ? known.filter((option) => option.startsWith(name)) : [];
  return extended.length === 1 ? extended[0] : null;
}
