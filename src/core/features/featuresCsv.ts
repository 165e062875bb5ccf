// features.csv: `user_session,label,<feature names…>`, one row per session, written in chunks so a
// 9-million-session month never becomes one string (BROWSER-LIMITS.md: ~512 MB string ceiling).
// Rows are written as bytes: building one string per row and field cost ~5 µs a row (mostly garbage
// collection), 6.5 s of the CLI's 14 s on 5M rows.
import { csvField } from '../csv/csvField.ts';
import { FEATURES } from './featureDefinitions.ts';
import { idBytes, UUID_CHARS } from './packedIds.ts';
import type { FeatureTable } from './featureTable.ts';

/**
 * A finite value in full: the shortest text that reads back as the same double, so features.csv
 * compares exactly with pandas or DuckDB (6 decimals, as before, put 1/60 events a minute 2e-5 off
 * relatively, outside pandas' default tolerance). NaN and ±Infinity: empty.
 */
export function formatFeatureValue(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}

export function featuresCsvHeader(table: FeatureTable): string {
  return ['user_session', 'label', ...table.names].join(',');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;

/** features.csv as UTF-8 chunks of `rowsPerChunk` rows (the first one starts with the header). */
export function* featuresCsvByteChunks(table: FeatureTable, rowsPerChunk = 50_000): Generator<Uint8Array> {
  const integer = table.names.map((n) => FEATURES.find((f) => f.name === n)?.integer ?? false);
  const ids = table.sessionIds;
  const scratch = new Uint8Array(UUID_CHARS);
  const out = new ByteWriter(1 << 20);
  out.utf8(`${featuresCsvHeader(table)}\n`);
  for (let r = 0; r < table.rows; r++) {
    const id = idBytes(ids, r, scratch);
    out.sessionId(id, 0, id.length);
    out.byte(COMMA);
    out.integer(table.label[r]);
    for (let c = 0; c < table.columns.length; c++) {
      const v = table.columns[c][r];
      out.byte(COMMA);
      if (v >= 0 && v <= 0xffffffff && v === Math.floor(v)) out.integer(v);
      else out.ascii(integer[c] ? String(v) : formatFeatureValue(v));
    }
    out.byte(NEWLINE);
    if ((r + 1) % rowsPerChunk === 0) yield out.take();
  }
  if (out.length > 0) yield out.take();
}

/** The same chunks as text (tests, and callers that want strings). */
export function* featuresCsvChunks(table: FeatureTable, rowsPerChunk = 50_000): Generator<string> {
  for (const chunk of featuresCsvByteChunks(table, rowsPerChunk)) yield decoder.decode(chunk);
}

/** A growable byte buffer with the few writes a CSV row needs. */
class ByteWriter {
  length = 0;
  private buf: Uint8Array;

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  byte(b: number): void {
    if (this.length === this.buf.length) this.grow(1);
    this.buf[this.length++] = b;
  }

  /** A non-negative integer below 2^32, as String() writes it. */
  integer(v: number): void {
    if (this.length + 10 > this.buf.length) this.grow(10);
    if (v < 10) {
      this.buf[this.length++] = 48 + v;
      return;
    }
    let digits = 0;
    for (let x = v; x >= 1; x = Math.floor(x / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    for (let x = v; x >= 1; x = Math.floor(x / 10)) this.buf[--at] = 48 + (x % 10);
  }

  /** Text that is plain ASCII (header names, numbers). */
  ascii(s: string): void {
    if (this.length + s.length > this.buf.length) this.grow(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.length++] = s.charCodeAt(i);
  }

  /** Any text (a header may come from an imported features file). */
  utf8(s: string): void {
    const b = encoder.encode(s);
    if (this.length + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /**
   * A session id as csvField(sessionIdAt(…)) writes it: plain ASCII ids (all of REES46) are copied as
   * they are; anything else (a quote, comma or line break, non-ASCII or invalid UTF-8) goes through
   * the same decode, quote and encode as the text path.
   */
  sessionId(src: Uint8Array, start: number, end: number): void {
    let special = false;
    for (let i = start; i < end; i++) {
      const c = src[i];
      if (c === QUOTE || c === COMMA || c === NEWLINE || c === 13 || c >= 0x80) {
        special = true;
        break;
      }
    }
    if (!special) {
      if (this.length + (end - start) > this.buf.length) this.grow(end - start);
      this.buf.set(src.subarray(start, end), this.length);
      this.length += end - start;
      return;
    }
    this.utf8(csvField(decoder.decode(src.subarray(start, end))));
  }

  /** The bytes written so far (a copy), and the writer emptied. */
  take(): Uint8Array {
    const chunk = this.buf.slice(0, this.length);
    this.length = 0;
    return chunk;
  }

  private grow(extra: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + extra));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}
