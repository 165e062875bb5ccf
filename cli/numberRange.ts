// The values a numeric option accepts, said in words and checked in one place: a value outside its
// range is refused with the option, the value and the range, never clamped ("--rounds 0" quietly
// becoming 1) or truncated.

export interface NumberRange {
  /** The smallest value allowed (-Infinity: no lower bound). */
  readonly min: number;
  /** True when `min` itself is not allowed (the range is open at the bottom: "above 0"). */
  readonly minExclusive?: boolean;
  /** The largest value allowed (Infinity: no upper bound). */
  readonly max: number;
  /** Whole numbers only, and exactly representable ones (at most 2^53 - 1 in size). */
  readonly integer: boolean;
}

/** "a whole number from 1 to 2000", "a number above 0 and at most 10", "a whole number of at least 0", "any number". */
export function rangeInWords(range: NumberRange): string {
  const kind = range.integer ? 'a whole number' : 'a number';
  const hasMin = Number.isFinite(range.min);
  const hasMax = Number.isFinite(range.max);
  if (!hasMin && !hasMax) return range.integer ? 'any whole number' : 'any number';
  if (range.minExclusive) return hasMax ? `${kind} above ${range.min} and at most ${range.max}` : `${kind} above ${range.min}`;
  if (!hasMax) return `${kind} of at least ${range.min}`;
  if (!hasMin) return `${kind} of at most ${range.max}`;
  return `${kind} from ${range.min} to ${range.max}`;
}

/**
 * Decimal text: digits with an optional fraction and exponent ("1e6", ".5"); underscores may group
 * digits ("42_448_764"). Not "", "0x10" or "Infinity", which Number() would also read.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The number `text` holds when it is in `range`, else why not (a sentence naming option, value and range). */
export function parseNumberInRange(option: string, text: string, range: NumberRange): { ok: true; value: number } | { ok: false; message: string } {
  const compact = text.trim().replace(/(?<=\d)_(?=\d)/g, '');
  const value = DECIMAL.test(compact) ? Number(compact) : NaN;
  const belowMin = range.minExclusive ? value <= range.min : value < range.min;
  if (!Number.isFinite(value) || belowMin || value > range.max || (range.integer && !Number.isSafeInteger(value))) {
    return { ok: false, message: `--${option} must be ${rangeInWords(range)}, got "${text}"` };
  }
  return { ok: true, value };
}
