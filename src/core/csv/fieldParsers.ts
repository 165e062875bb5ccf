// Byte-level parsers for the REES46 fields. They read straight from the UTF-8 bytes of a row, so the
// hot path makes no strings. Each returns NaN (or -1) for a value it cannot accept; the caller names
// the reason.

const D0 = 48; // '0'

/** Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function digit(buf: Uint8Array, i: number): number {
  const c = buf[i] - D0;
  return c >= 0 && c <= 9 ? c : -100_000;
}

// Epoch seconds are stored in a Uint32 column: accept 1970 … 2105.
const MIN_YEAR = 1970;
const MAX_YEAR = 2105;

/**
 * `YYYY-MM-DD HH:MM:SS` followed by ` UTC`, `Z`, `+00:00` or nothing → epoch seconds, else NaN.
 * Parsed by hand: Date's string parsing is implementation-defined and slow.
 */
export function parseEventTime(buf: Uint8Array, start: number, end: number): number {
  if (end - start < 19) return NaN;
  const p = start;
  if (buf[p + 4] !== 45 || buf[p + 7] !== 45 || (buf[p + 10] !== 32 && buf[p + 10] !== 84) || buf[p + 13] !== 58 || buf[p + 16] !== 58) return NaN;
  const y = digit(buf, p) * 1000 + digit(buf, p + 1) * 100 + digit(buf, p + 2) * 10 + digit(buf, p + 3);
  const mo = digit(buf, p + 5) * 10 + digit(buf, p + 6);
  const d = digit(buf, p + 8) * 10 + digit(buf, p + 9);
  const h = digit(buf, p + 11) * 10 + digit(buf, p + 12);
  const mi = digit(buf, p + 14) * 10 + digit(buf, p + 15);
  const s = digit(buf, p + 17) * 10 + digit(buf, p + 18);
  const day = civilDay(y, mo, d);
  if (day !== day) return NaN;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return NaN;
  const rest = end - (p + 19);
  if (rest !== 0 && !isUtcSuffix(buf, p + 19, end)) return NaN;
  return day * 86400 + h * 3600 + mi * 60 + s;
}

/** Days from 1970-01-01 to a valid date of the accepted years (1970 … 2105), else NaN. */
export function civilDay(y: number, mo: number, d: number): number {
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d);
}

function isUtcSuffix(buf: Uint8Array, i: number, end: number): boolean {
  const n = end - i;
  if (n === 4) return buf[i] === 32 && buf[i + 1] === 85 && buf[i + 2] === 84 && buf[i + 3] === 67; // " UTC"
  if (n === 1) return buf[i] === 90; // "Z"
  if (n === 6) return buf[i] === 43 && buf[i + 1] === 48 && buf[i + 2] === 48 && buf[i + 3] === 58 && buf[i + 4] === 48 && buf[i + 5] === 48; // "+00:00"
  return false;
}

/** A non-negative decimal integer up to `max`, else -1. No sign, no spaces, no decimals. */
export function parseUnsignedInt(buf: Uint8Array, start: number, end: number, max: number): number {
  if (end <= start || end - start > 16) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] - D0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v <= max ? v : -1;
}

/** True when the field is one or more ASCII digits (category_id: 19 digits, over 2^53, never a number). */
export function isDigits(buf: Uint8Array, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = buf[i] - D0;
    if (c < 0 || c > 9) return false;
  }
  return true;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const latin1 = new TextDecoder('latin1');

/**
 * A price: `123`, `123.45`, `.5`. Digits are accumulated as one integer and divided once by a power of
 * ten; both are exact below 2^53, and IEEE division rounds correctly, so the result equals
 * Number("123.45") bit for bit. Longer or unusual forms (exponents, signs, spaces around) fall back
 * to Number(). Negative (but not `-0`, which is 0), empty or non-numeric → NaN.
 */
export function parsePrice(buf: Uint8Array, start: number, end: number): number {
  if (end <= start) return NaN;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return parsePriceSlow(buf, start, end);
    }
  }
  if (digits === 0) return NaN;
  if (digits > 15) return parsePriceSlow(buf, start, end);
  return fraction > 0 ? mantissa / POW10[fraction] : mantissa;
}

function parsePriceSlow(buf: Uint8Array, start: number, end: number): number {
  // Spaces and tabs around the number are allowed, nothing else (String.trim would also take line
  // breaks, form feeds and no-break spaces, which the SQL export and the README do not).
  const text = latin1.decode(buf.subarray(start, end)).replace(/^[ \t]+|[ \t]+$/g, '');
  if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return NaN;
  const v = Number(text);
  // A minus sign is kept only on zero (`-0.00` is not below zero, as pandas and DuckDB see it), stored as 0.
  if (!Number.isFinite(v) || v < 0) return NaN;
  return v === 0 ? 0 : v;
}

/** Matches event_type bytes to its code (see EventType), or -1. */
export function parseEventType(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  const c = buf[start];
  if (n === 4 && c === 118 && buf[start + 1] === 105 && buf[start + 2] === 101 && buf[start + 3] === 119) return 0; // view
  if (n === 4 && c === 99 && buf[start + 1] === 97 && buf[start + 2] === 114 && buf[start + 3] === 116) return 1; // cart
  if (n === 8 && c === 112 && matches(buf, start, 'purchase')) return 2;
  if (n === 16 && c === 114 && matches(buf, start, 'remove_from_cart')) return 3;
  return -1;
}

function matches(buf: Uint8Array, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (buf[start + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** True when the bytes are empty or only spaces/tabs. */
export function isBlank(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
  return true;
}
