// Dirty files for the DuckDB SQL: what the SQL must read exactly as the app does (mixed line ends,
// blank and whitespace-only lines, wrong field counts, UTF-8 text of every kind, the 64 KiB limit,
// quoted line breaks), and the known differences the README lists (bytes that are not UTF-8 among
// them), pinned so a DuckDB upgrade that changes them is noticed. Built as bytes.
import { HEADER } from '../fixtures/handmade.ts';

const enc = new TextEncoder();
const bytes = (s: string | Uint8Array) => (typeof s === 'string' ? enc.encode(s) : s);

/** A file from lines, each followed by its own line end ('' for none: the last line). */
function file(lines: readonly [string | Uint8Array, '\n' | '\r\n' | '\r' | ''][]): Uint8Array {
  const parts = lines.flatMap(([text, end]) => [bytes(text), bytes(end)]);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `head` + raw bytes + `tail`, for fields that are not UTF-8. */
function latin1(head: string, raw: number[], tail: string): Uint8Array {
  return new Uint8Array([...bytes(head), ...raw, ...bytes(tail)]);
}

/** A row whose line (without its line end) is exactly `length` bytes: the brand pads it. */
function rowOfLength(length: number, session: string): string {
  const row = (brand: string) => `2019-10-06 10:00:00 UTC,view,5,2,,${brand},1,44,${session}`;
  return row('b'.repeat(length - row('').length));
}

/** Read alike by the app and the SQL: every session's features agree (test/sql/duckdbConformance). */
export const SQL_DIRTY_BYTES = file([
  [HEADER, '\r\n'], // a CRLF header, then mostly LF rows
  // D1 (user 40): LF and CRLF rows mixed, a purchase, a view after it.
  ['2019-10-02 08:00:00 UTC,view,1,5,,acme,10,40,D1', '\n'],
  ['2019-10-02 08:00:30 UTC,view,2,5,,acme,20,40,D1', '\r\n'],
  ['2019-10-02 08:01:00 UTC,cart,2,5,,acme,20,40,D1', '\n'],
  ['', '\r\n'], // blank CRLF line
  ['   ', '\n'], // spaces only: blank
  ['\t', '\r\n'], // tab only: blank
  ['', '\n'],
  ['2019-10-02 08:02:00 UTC,purchase,2,5,,acme,20,40,D1', '\r\n'],
  ['2019-10-02 08:03:00 UTC,view,3,5,,acme,30,40,D1', '\n'],
  // Wrong field counts, all rejected (field_count): 8, 10 with an empty tenth (trailing comma), 10, 11, 79.
  ['2019-10-02 08:00:10 UTC,view,9,5,,acme,10,40', '\n'],
  ['2019-10-02 08:00:10 UTC,view,9,5,,acme,10,40,D1,', '\n'],
  ['2019-10-02 08:00:10 UTC,view,9,5,,acme,10,40,D1,', '\r\n'],
  ['2019-10-02 08:00:10 UTC,view,9,5,,acme,10,40,D1,x', '\n'],
  ['2019-10-02 08:00:10 UTC,view,9,5,,acme,10,40,D1,,', '\n'],
  [`2019-10-02 08:00:10 UTC,view,9,5,,acme,10,40,D1${',z'.repeat(70)}`, '\n'],
  [',,,,,,,,', '\n'], // nine empty fields: rejected by the rules (bad_time)
  // D2 (user 41): UTF-8 brands whose bytes include 0x80-0x9F (É, €, —, ß: what latin-1 reading refused),
  // two that differ only in case, a NUL byte, an empty one.
  ['2019-10-03 09:00:00 UTC,view,11,6,,CAFÉ,5,41,D2', '\n'],
  ['2019-10-03 09:01:00 UTC,view,12,6,,café,5,41,D2', '\n'],
  ['2019-10-03 09:01:30 UTC,view,12,6,,€uro—straße,5,41,D2', '\n'],
  ['2019-10-03 09:02:00 UTC,view,13,6,,café,5,41,D2', '\n'],
  ['2019-10-03 09:03:00 UTC,cart,13,6,,nul\u0000brand,5,41,D2', '\n'],
  ['2019-10-03 09:04:00 UTC,view,14,6,,,5,41,D2', '\r\n'],
  // Session ids with such bytes (D3-€…) and another UTF-8 one (D4-é), both of user 42: history across them.
  ['2019-10-03 10:00:00 UTC,view,21,7,,z,3,42,D3-€', '\n'],
  ['2019-10-03 10:05:00 UTC,purchase,21,7,,z,3,42,D3-€', '\r\n'],
  ['2019-10-03 11:00:00 UTC,view,22,7,,z,4,42,D4-é', '\n'],
  ['2019-10-03 11:01:00 UTC,view,22,7,,z,4,42,D4-é', '\n'],
  // Quoting: a line break and a CRLF inside quotes, a doubled quote, every field quoted, a quote inside
  // an unquoted field (text), a quoted empty brand.
  ['2019-10-04 12:00:00 UTC,view,31,8,"electronics,\nsmartphone","a""b",7,43,D5', '\n'],
  ['"2019-10-04 12:01:00 UTC","view","32","8","x\r\ny","acme","7.5","43","D5"', '\r\n'],
  ['2019-10-04 12:02:00 UTC,cart,32,8,,12" screen,7.5,43,D5', '\n'],
  ['2019-10-04 12:03:00 UTC,view,33,8,,"",7.5,43,D5', '\n'],
  // A stray quote closed two lines later, with nine fields in all: one record (its brand holds the
  // three lines), read alike. Another closed one line later with eight in all: rejected (field_count).
  ['2019-10-04 12:04:00 UTC,view,34,8,,"stray,7.5,43,D5', '\n'],
  ['2019-10-04 12:05:00 UTC,view,35,8,,acme,7.5,43,D5', '\n'],
  ['2019-10-04 12:06:00 UTC,view,36,8,,x",7.5,43,D5', '\n'],
  ['2019-10-04 12:07:00 UTC,view,37,8,"open,acme,7.5,43,D5', '\n'],
  ['close",7.5,43,D5', '\n'],
  // The 64 KiB limit: a line of 65,536 bytes is read, one of 65,537 (or a long quoted field) is not.
  [rowOfLength(64 * 1024, 'D6'), '\n'],
  [rowOfLength(64 * 1024 + 1, 'D6'), '\n'],
  [`2019-10-06 10:01:00 UTC,view,5,2,,"${'q'.repeat(70_000)}",1,44,D6`, '\n'],
  ['2019-10-06 10:02:00 UTC,view,6,2,,acme,2,44,D6', '\n'],
  // A repeated header, then a last line without a line end.
  [HEADER, '\r\n'],
  ['2019-10-06 10:03:00 UTC,purchase,6,2,,acme,2,44,D6', ''],
]);

/** Sessions both read from SQL_DIRTY_BYTES (D1…D6), and the ids of the two written as text. */
export const SQL_DIRTY_SESSIONS = 6;
export const SQL_DIRTY_IDS = ['D3-€', 'D4-é'];

/**
 * The known differences (README, SQL export): each line here is read one way by the app and another
 * by the DuckDB SQL. K1/K2: two rows joined by a lone CR (the app: one line, field_count; DuckDB: two
 * rows). K3: a session id with text after its closing quote (the app: `K3x`, a session of its own;
 * DuckDB: `K3`, merged into K3). K4: a quote left open with no quote in the next 64 KiB (the app
 * rejects that one line and reads the K5 rows after it; DuckDB drops everything up to the next quote,
 * here the end of the file). K0: a brand and an id that are not UTF-8 (the app reads the row, DuckDB
 * skips it).
 */
export const SQL_KNOWN_DIFFERENCES_BYTES = file([
  [HEADER, '\n'],
  [latin1('2019-10-07 09:00:00 UTC,view,1,5,,caf', [0xe9], ',10,49,K0-a'), '\n'],
  [latin1('2019-10-07 09:00:01 UTC,view,1,5,,acme,10,49,K0-', [0x85], ''), '\n'],
  ['2019-10-07 10:00:00 UTC,view,1,5,,acme,10,50,K1', '\r'],
  ['2019-10-07 10:01:00 UTC,view,1,5,,acme,10,51,K2', '\n'],
  ['2019-10-07 10:02:00 UTC,view,1,5,,acme,10,52,K3', '\n'],
  ['2019-10-07 10:03:00 UTC,view,2,5,,acme,20,52,"K3"x', '\n'],
  ['2019-10-07 10:04:00 UTC,view,1,5,,"open,10,53,K4', '\n'],
  ...Array.from({ length: 1000 }, (_, i): [string, '\n'] => [`2019-10-07 11:${String(i % 60).padStart(2, '0')}:00 UTC,view,${i},5,,acme,10,54,K5-${Math.floor(i / 10)}`, '\n']),
]);
