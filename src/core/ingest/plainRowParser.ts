// The fast path of the byte ingestor: one pass over each plain REES46 row (the nine columns in
// their standard order, no quotes, `YYYY-MM-DD HH:MM:SS UTC` times) that splits, validates, parses
// and hashes the dictionary keys in the same loop, then stores the event. The general path
// (RecordScanner → per-field parsers → ByteStringTable.intern) reads each byte three times: split,
// parse, hash. Any row this path is not sure about — a quote, another time format, a bad value, a
// field too many or too few, a blank line — is left to the general path, which decides and reports
// it, so both paths accept exactly the same rows with the same values (test/ingest/plainRowParser.test.ts).
import { REQUIRED_COLUMNS, type ColumnLayout } from '../csv/schema.ts';
import { civilDay as importedCivilDay } from '../csv/fieldParsers.ts';
import { MAX_LINE_BYTES as IMPORTED_MAX_LINE_BYTES } from '../csv/recordScanner.ts';
import { FNV_OFFSET as IMPORTED_FNV_OFFSET, FNV_PRIME as IMPORTED_FNV_PRIME } from '../sessions/byteStringTable.ts';
import type { EventColumns, EventDictionaries } from '../sessions/eventColumns.ts';

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
const CR = 13;
const DOT = 46;
const U32_MAX = 4294967295;
/** ByteStringTable cuts longer keys; such rows go the general way so the cut happens in one place. */
const MAX_KEY_BYTES = 0xffff;
// Module-local copies: loaded through a CommonJS transform (tsx running a script outside this ES-module
// package), every use of an imported binding is a getter call, a third of this loop's time in such a
// profile. The browser bundle and the CLI (ES modules) never paid it; the copies cost nothing there.
const FNV_OFFSET = IMPORTED_FNV_OFFSET;
const FNV_PRIME = IMPORTED_FNV_PRIME;
const civilDay = importedCivilDay;
const MAX_LINE_BYTES = IMPORTED_MAX_LINE_BYTES;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** True when the header has exactly the nine REES46 columns in the standard order. */
export function isStandardLayout(layout: ColumnLayout): boolean {
  return layout.fieldCount === REQUIRED_COLUMNS.length && REQUIRED_COLUMNS.every((name, i) => layout.index[name] === i);
}

/**
 * Parses consecutive plain rows of buf[pos, end) into `events`, stopping before the first row it
 * cannot take whole (or that starts at or after `stopAt`, or has no newline before `end`). Returns
 * the offset where it stopped; every row consumed is exactly one physical line.
 */
export function parsePlainRows(buf: Uint8Array, pos: number, end: number, stopAt: number, events: EventColumns, dict: EventDictionaries): number {
  pendingCount = 0; // nothing is left over, even from a call that threw
  const stopped = parseRows(buf, pos, end, stopAt, events, dict);
  internPendingSessions(buf, events, dict);
  return stopped;
}

/**
 * Session ids are interned a block of rows at a time, after the rows are parsed. A look-up in the
 * session table (2^24 slots on the month) misses the cache, and one row at a time those misses
 * come one after the other; touching a block's slots first in a loop of independent loads lets the
 * CPU wait for many at once. The rows of a block are consecutive events, whose sessionIdx is
 * filled in here, in row order, so indices stay in order of first appearance.
 */
const SESSION_BLOCK = 256;
const pendingStart = new Int32Array(SESSION_BLOCK);
const pendingEnd = new Int32Array(SESSION_BLOCK);
const pendingHash = new Int32Array(SESSION_BLOCK);
/** The users of the pending rows: a session's user is kept per session (EventColumns.noteUser), once its index is known. */
const pendingUser = new Uint32Array(SESSION_BLOCK);
let pendingFirstRow = 0;
let pendingCount = 0;

function internPendingSessions(buf: Uint8Array, events: EventColumns, dict: EventDictionaries): void {
  const n = pendingCount;
  if (n === 0) return;
  pendingCount = 0;
  const sessions = dict.sessions;
  sessions.touchSlots(pendingHash, n);
  const sessionIdx = events.sessionIdx;
  for (let i = 0; i < n; i++) {
    const h = pendingHash[i];
    sessionIdx[pendingFirstRow + i] = sessions.internHashParts(buf, pendingStart[i], pendingEnd[i], h >>> 16, h & 0xffff);
  }
  // Each session's earliest event and its user (smallest on a tie): keepEarliestUser inlined, since
  // a call taking a time would box it (see parseRows). While the rows come in time order, a session
  // first seen at an earlier second cannot change (EventColumns.inTimeOrder): not read at all.
  events.ensureSessions(sessions.size);
  const first = events.sessionFirstSec;
  const users = events.sessionUser;
  const time = events.timeSec;
  let ordered = events.inTimeOrder;
  let lastT = events.lastTimeSec;
  let before = events.sessionsBeforeSecond;
  let seen = events.sessionsSeen;
  for (let i = 0; i < n; i++) {
    const r = pendingFirstRow + i;
    const s = sessionIdx[r];
    const t = time[r];
    if (ordered) {
      if (t > lastT) {
        before = seen; // every session seen so far was first seen at an earlier second
        lastT = t;
      } else if (t < lastT) ordered = false;
      if (s >= seen) seen = s + 1;
      if (ordered && s < before) continue;
    }
    const st = first[s];
    if (t <= st) {
      const u = pendingUser[i];
      if (t < st || u < users[s]) {
        first[s] = t;
        users[s] = u;
      }
    }
  }
  events.inTimeOrder = ordered;
  events.lastTimeSec = lastT;
  events.sessionsBeforeSecond = before;
  events.sessionsSeen = seen;
}

function parseRows(buf: Uint8Array, pos: number, end: number, stopAt: number, events: EventColumns, dict: EventDictionaries): number {
  // Consecutive rows share their date: its day number is computed once per run of equal dates.
  let lastDate = -1;
  let lastDay = 0;
  // No search for the line's end first (an indexOf a row, ~8 % of the loop): every scan below stops
  // at `end`, a newline ends only the last field, and a row counts only once its newline is found.
  while (pos < end && pos < stopAt) {
    // event_time: exactly "YYYY-MM-DD HH:MM:SS UTC" and a comma (what parseEventTime accepts in that
    // form; anything else goes the general way). Parsed here rather than by a call, whose result
    // (epoch seconds, above 2^30) would be boxed as a heap number in Chromium. A newline among these
    // 24 bytes fails one of the checks.
    if (pos + 24 >= end || buf[pos + 23] !== COMMA) return pos;
    if (buf[pos + 4] !== 45 || buf[pos + 7] !== 45 || buf[pos + 10] !== 32 || buf[pos + 13] !== 58 || buf[pos + 16] !== 58) return pos;
    if (buf[pos + 19] !== 32 || buf[pos + 20] !== 85 || buf[pos + 21] !== 84 || buf[pos + 22] !== 67) return pos; // " UTC"
    const y0 = buf[pos] - 48;
    const y1 = buf[pos + 1] - 48;
    const y2 = buf[pos + 2] - 48;
    const y3 = buf[pos + 3] - 48;
    const m0 = buf[pos + 5] - 48;
    const m1 = buf[pos + 6] - 48;
    const d0 = buf[pos + 8] - 48;
    const d1 = buf[pos + 9] - 48;
    // Each a digit (as unsigned, a byte below '0' is over 9 too).
    if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return pos;
    const date = ((y0 * 10 + y1) * 10 + y2) * 100000 + y3 * 10000 + (m0 * 10 + m1) * 100 + d0 * 10 + d1;
    if (date !== lastDate) {
      const day = civilDay(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
      if (day !== day) return pos; // NaN: not a date of the accepted years
      lastDate = date;
      lastDay = day;
    }
    const h0 = buf[pos + 11] - 48;
    const h1 = buf[pos + 12] - 48;
    const n0 = buf[pos + 14] - 48;
    const n1 = buf[pos + 15] - 48;
    const s0 = buf[pos + 17] - 48;
    const s1 = buf[pos + 18] - 48;
    if (h0 >>> 0 > 9 || h1 >>> 0 > 9 || n0 >>> 0 > 9 || n1 >>> 0 > 9 || s0 >>> 0 > 9 || s1 >>> 0 > 9) return pos;
    const hour = h0 * 10 + h1;
    const minute = n0 * 10 + n1;
    const second = s0 * 10 + s1;
    if (hour > 23 || minute > 59 || second > 59) return pos;
    const t = lastDay * 86400 + hour * 3600 + minute * 60 + second;
    let q = pos + 24;

    // event_type
    let type: number;
    if (q + 5 > end) return pos;
    const c0 = buf[q];
    if (c0 === 118 && buf[q + 1] === 105 && buf[q + 2] === 101 && buf[q + 3] === 119 && buf[q + 4] === COMMA) {
      type = 0; // view
      q += 5;
    } else if (c0 === 99 && buf[q + 1] === 97 && buf[q + 2] === 114 && buf[q + 3] === 116 && buf[q + 4] === COMMA) {
      type = 1; // cart
      q += 5;
    } else if (c0 === 112 && isWordThenComma(buf, q, end, PURCHASE)) {
      type = 2;
      q += PURCHASE.length + 1;
    } else if (c0 === 114 && isWordThenComma(buf, q, end, REMOVE_FROM_CART)) {
      type = 3;
      q += REMOVE_FROM_CART.length + 1;
    } else return pos;

    // product_id: 1–16 digits (as parseUnsignedInt), at most 2^32 − 1.
    let product = 0;
    let from = q;
    for (; q < end; q++) {
      const d = buf[q] - 48;
      if (d >>> 0 > 9) break;
      product = product * 10 + d;
    }
    if (q >= end || buf[q] !== COMMA || q === from || q - from > 16 || product > U32_MAX) return pos;
    q++;

    // category_id: one or more digits, hashed as it is read.
    const catStart = q;
    let catHash = FNV_OFFSET;
    for (; q < end; q++) {
      const c = buf[q];
      if (c - 48 >>> 0 > 9) break;
      catHash = Math.imul(catHash ^ c, FNV_PRIME);
    }
    const catEnd = q;
    if (q >= end || buf[q] !== COMMA || catEnd === catStart || catEnd - catStart > MAX_KEY_BYTES) return pos;
    q++;

    // category_code and brand: any bytes but a comma or a quote (may be empty), hashed.
    const codeStart = q;
    let codeHash = FNV_OFFSET;
    for (; q < end; q++) {
      const c = buf[q];
      if (c === COMMA || c === QUOTE || c === NEWLINE) break;
      codeHash = Math.imul(codeHash ^ c, FNV_PRIME);
    }
    const codeEnd = q;
    if (q >= end || buf[q] !== COMMA || codeEnd - codeStart > MAX_KEY_BYTES) return pos;
    q++;
    const brandStart = q;
    let brandHash = FNV_OFFSET;
    for (; q < end; q++) {
      const c = buf[q];
      if (c === COMMA || c === QUOTE || c === NEWLINE) break;
      brandHash = Math.imul(brandHash ^ c, FNV_PRIME);
    }
    const brandEnd = q;
    if (q >= end || buf[q] !== COMMA || brandEnd - brandStart > MAX_KEY_BYTES) return pos;
    q++;

    // price: digits with at most one dot, at most 15 digits (parsePrice's exact fast form).
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    for (; q < end; q++) {
      const c = buf[q];
      if (c - 48 >>> 0 <= 9) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === DOT && fraction < 0) fraction = 0;
      else break;
    }
    if (q >= end || buf[q] !== COMMA || digits === 0 || digits > 15) return pos;
    const price = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
    q++;

    // user_id
    let user = 0;
    from = q;
    for (; q < end; q++) {
      const d = buf[q] - 48;
      if (d >>> 0 > 9) break;
      user = user * 10 + d;
    }
    if (q >= end || buf[q] !== COMMA || q === from || q - from > 16 || user > U32_MAX) return pos;
    q++;

    // user_session: the rest of the line, up to the newline (a CR just before it is not part of it);
    // not blank, no comma, no quote. The hash and blankness before the last byte are kept, so a
    // final CR can be taken back out.
    const sessStart = q;
    let sessHash = FNV_OFFSET;
    let blank = true;
    let hashBeforeLast = FNV_OFFSET;
    let blankBeforeLast = true;
    for (; ; q++) {
      if (q >= end) return pos; // no newline yet: the row is not whole in this buffer
      const c = buf[q];
      if (c === NEWLINE) break;
      if (c === COMMA || c === QUOTE) return pos;
      hashBeforeLast = sessHash;
      blankBeforeLast = blank;
      if (c !== 32 && c !== 9) blank = false;
      sessHash = Math.imul(sessHash ^ c, FNV_PRIME);
    }
    const nl = q;
    if (nl - pos > MAX_LINE_BYTES) return pos; // the general path rejects it (recordScanner.ts)
    let lineEnd = nl;
    if (nl > sessStart && buf[nl - 1] === CR) {
      lineEnd = nl - 1;
      sessHash = hashBeforeLast;
      blank = blankBeforeLast;
    }
    if (blank || lineEnd - sessStart > MAX_KEY_BYTES) return pos;

    // Stored column by column, with no call taking the time, the price or a hash whole: each would
    // be boxed as a heap number in Chromium (31-bit small integers), ~60 bytes of garbage a row.
    const cat = dict.categoryIds.internHashParts(buf, catStart, catEnd, catHash >>> 16, catHash & 0xffff);
    const code = dict.categoryCodes.internHashParts(buf, codeStart, codeEnd, codeHash >>> 16, codeHash & 0xffff);
    const brand = dict.brands.internHashParts(buf, brandStart, brandEnd, brandHash >>> 16, brandHash & 0xffff);
    const r = events.next();
    if (pendingCount === 0) pendingFirstRow = r;
    pendingStart[pendingCount] = sessStart;
    pendingEnd[pendingCount] = lineEnd;
    pendingHash[pendingCount] = sessHash;
    pendingCount++;
    events.timeSec[r] = t;
    events.type[r] = type;
    pendingUser[pendingCount - 1] = user;
    // exactCents(), inline (a parsed price is never negative or -0): whole cents go as an integer.
    // The session index comes with its block (internPendingSessions).
    const cents = Math.round(price * 100);
    if (cents / 100 === price && cents <= U32_MAX) events.setItem(r, product, cat, code, brand, cents);
    else events.setItemPrice(r, product, cat, code, brand, price);
    pos = nl + 1;
    if (pendingCount === SESSION_BLOCK) internPendingSessions(buf, events, dict);
  }
  return pos;
}

const PURCHASE = [112, 117, 114, 99, 104, 97, 115, 101];
const REMOVE_FROM_CART = [114, 101, 109, 111, 118, 101, 95, 102, 114, 111, 109, 95, 99, 97, 114, 116];

function isWordThenComma(buf: Uint8Array, at: number, lineEnd: number, word: readonly number[]): boolean {
  if (at + word.length >= lineEnd) return false;
  for (let i = 0; i < word.length; i++) if (buf[at + i] !== word[i]) return false;
  return buf[at + word.length] === COMMA;
}
