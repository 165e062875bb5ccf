// Splits UTF-8 CSV bytes into records and fields (RFC 4180: quoted fields may hold commas, doubled
// quotes and newlines; CRLF or LF line ends). It works on one buffer at a time and reports where the
// last complete record ended, so the caller carries the unfinished tail into the next chunk: results
// never depend on where a chunk boundary falls (inside a quoted field, between \r and \n, …).
import { csvField } from './csvField.ts';

export const MAX_FIELDS = 64;
/** A quoted field still open after this many bytes is taken as an unterminated quote, not data. */
export const MAX_QUOTED_BYTES = 64 * 1024;
/** An unquoted line longer than this is rejected and skipped, so a binary file cannot grow the carry. */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface ScannedRecord {
  buf: Uint8Array;
  /** Field byte ranges [fieldStart[i], fieldEnd[i]) in buf, quotes removed and "" unescaped in place. */
  readonly fieldStart: Int32Array;
  readonly fieldEnd: Int32Array;
  /** Number of fields (may exceed MAX_FIELDS; only the first MAX_FIELDS ranges are kept). */
  fieldCount: number;
  /** Byte range of the whole record, without its line end. */
  recordStart: number;
  recordEnd: number;
  /** 1-based physical line where the record starts. */
  line: number;
}

export interface ScanHandlers {
  record(rec: ScannedRecord): void;
  blankLine(line: number): void;
  /** A record that cannot be split (unterminated quote, over-long line); the scanner resumes after it. */
  broken(kind: 'unterminated_quote' | 'line_too_long', line: number, buf: Uint8Array, start: number, end: number): void;
}

export class RecordScanner {
  /** The line number the next record starts on. */
  line = 1;
  private readonly rec: ScannedRecord = {
    buf: new Uint8Array(0),
    fieldStart: new Int32Array(MAX_FIELDS),
    fieldEnd: new Int32Array(MAX_FIELDS),
    fieldCount: 0,
    recordStart: 0,
    recordEnd: 0,
    line: 1,
  };
  private readonly quoted = new Uint8Array(MAX_FIELDS);
  /** Set after an over-long line: discard bytes up to the next newline. */
  skipping = false;

  /**
   * Scans buf[pos, end). Returns the offset of the first byte not consumed (the start of an incomplete
   * record) — `end` when everything was consumed. With `final`, the last record may lack a line end.
   * Records starting at or after `stopAt` are left unconsumed (a parallel range ends there).
   */
  scan(buf: Uint8Array, pos: number, end: number, final: boolean, on: ScanHandlers, stopAt = Infinity): number {
    const rec = this.rec;
    const fs = rec.fieldStart;
    const fe = rec.fieldEnd;
    const quoted = this.quoted;
    rec.buf = buf;
    if (this.skipping) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0 || nl >= end) return end;
      this.skipping = false;
      this.line++;
      pos = nl + 1;
    }
    let nextQuote = -1;
    while (pos < end) {
      if (pos >= stopAt) return pos;
      // Fast path: a complete line with no quote in it (nearly every REES46 row). The newline comes
      // from native indexOf; the next quote position is cached, so finding it is amortised O(n).
      if (nextQuote < pos) {
        const q = buf.indexOf(34, pos);
        nextQuote = q < 0 || q >= end ? end : q;
      }
      const nl = buf.indexOf(10, pos);
      if (nl >= 0 && nl < end && nl < nextQuote) {
        let nf = 0;
        let fieldStart = pos;
        for (let i = pos; i < nl; i++) {
          if (buf[i] === 44) {
            if (nf < MAX_FIELDS) {
              fs[nf] = fieldStart;
              fe[nf] = i;
            }
            nf++;
            fieldStart = i + 1;
          }
        }
        let fieldEnd = nl;
        if (fieldEnd > fieldStart && buf[fieldEnd - 1] === 13) fieldEnd--;
        const line = this.line++;
        const recStart = pos;
        pos = nl + 1;
        if (nf === 0 && fieldEnd === recStart) {
          on.blankLine(line);
          continue;
        }
        if (nf < MAX_FIELDS) {
          fs[nf] = fieldStart;
          fe[nf] = fieldEnd;
        }
        rec.fieldCount = nf + 1;
        rec.recordStart = recStart;
        rec.recordEnd = fieldEnd;
        rec.line = line;
        on.record(rec);
        continue;
      }
      const recStart = pos;
      let i = pos;
      let nf = 0;
      let fieldStart = i;
      let innerNewlines = 0;
      let complete = false;
      let recEnd = end;
      let isQuoted = 0;
      while (i < end) {
        const c = buf[i];
        if (c === 44) {
          if (nf < MAX_FIELDS) {
            fs[nf] = fieldStart;
            fe[nf] = i;
            quoted[nf] = isQuoted;
          }
          nf++;
          isQuoted = 0;
          fieldStart = ++i;
        } else if (c === 10) {
          recEnd = i;
          complete = true;
          break;
        } else if (c === 34 && i === fieldStart) {
          // Quoted field: jump to its closing quote ("" is an escaped quote).
          let j = i + 1;
          let closed = -1;
          for (;;) {
            const q = buf.indexOf(34, j);
            if (q < 0 || q >= end) break;
            if (q + 1 < end && buf[q + 1] === 34) {
              j = q + 2;
              continue;
            }
            if (q + 1 >= end && !final) break; // the next chunk may start with the second quote of ""
            closed = q;
            break;
          }
          if (closed < 0) {
            if (!final && end - i < MAX_QUOTED_BYTES) return recStart;
            // Unterminated: reject the line that opened the quote and resume after its newline.
            const nl = buf.indexOf(10, i);
            const lineEnd = nl < 0 || nl >= end ? end : nl;
            on.broken('unterminated_quote', this.line, buf, recStart, lineEnd);
            this.line++;
            pos = lineEnd < end ? lineEnd + 1 : end;
            nf = -1;
            break;
          }
          for (let k = i + 1; k < closed; k++) if (buf[k] === 10) innerNewlines++;
          isQuoted = 1;
          i = closed + 1;
        } else {
          i++;
        }
      }
      if (nf < 0) continue; // broken record already reported
      if (!complete) {
        if (!final) {
          if (end - recStart > MAX_LINE_BYTES) {
            on.broken('line_too_long', this.line, buf, recStart, Math.min(end, recStart + 200));
            this.skipping = true;
            return end;
          }
          return recStart;
        }
        recEnd = end;
      }
      // Strip the \r of a CRLF line end (never one inside quotes: those were skipped above).
      let fieldEnd = recEnd;
      if (fieldEnd > recStart && buf[fieldEnd - 1] === 13 && fieldEnd - 1 >= fieldStart) fieldEnd--;
      const line = this.line;
      this.line += 1 + innerNewlines;
      pos = complete ? recEnd + 1 : end;
      if (nf === 0 && fieldEnd === recStart && !isQuoted) {
        on.blankLine(line);
        continue;
      }
      if (nf < MAX_FIELDS) {
        fs[nf] = fieldStart;
        fe[nf] = fieldEnd;
        quoted[nf] = isQuoted;
      }
      nf++;
      for (let f = 0; f < Math.min(nf, MAX_FIELDS); f++) if (quoted[f]) unquoteInPlace(buf, fs, fe, f);
      rec.fieldCount = nf;
      rec.recordStart = recStart;
      rec.recordEnd = fieldEnd;
      rec.line = line;
      on.record(rec);
    }
    return pos;
  }
}

/** `"a""b"x` → `a"bx`, rewritten in place (the result is never longer than the raw field). */
function unquoteInPlace(buf: Uint8Array, fs: Int32Array, fe: Int32Array, f: number): void {
  const start = fs[f];
  const end = fe[f];
  let w = start;
  let inQuotes = false;
  for (let r = start; r < end; r++) {
    const c = buf[r];
    if (c === 34) {
      if (inQuotes && r + 1 < end && buf[r + 1] === 34) {
        buf[w++] = 34;
        r++;
      } else inQuotes = !inQuotes;
    } else buf[w++] = c;
  }
  fe[f] = w;
}

const utf8 = new TextDecoder('utf-8');

/**
 * The record as CSV text, for a rejected row's example. Quoted fields were unescaped in place, so
 * the raw bytes no longer read as the row: such a record is written again from its fields, quoted
 * where a field needs it (`"acme, inc"` stays `"acme, inc"`, `"ok"` becomes `ok`). A record whose
 * fields were never quoted is its raw bytes. At most `maxBytes` bytes of it are decoded.
 */
export function recordText(rec: ScannedRecord, maxBytes = 400): string {
  const { buf, fieldStart, fieldEnd, fieldCount, recordStart, recordEnd } = rec;
  let untouched = fieldCount <= MAX_FIELDS && fieldCount > 0 && fieldStart[0] === recordStart && fieldEnd[fieldCount - 1] === recordEnd;
  for (let f = 1; untouched && f < fieldCount; f++) untouched = fieldStart[f] === fieldEnd[f - 1] + 1;
  if (untouched || fieldCount > MAX_FIELDS) return utf8.decode(buf.subarray(recordStart, Math.min(recordEnd, recordStart + maxBytes)));
  const fields: string[] = [];
  let bytes = 0;
  for (let f = 0; f < fieldCount && bytes < maxBytes; f++) {
    const text = utf8.decode(buf.subarray(fieldStart[f], Math.min(fieldEnd[f], fieldStart[f] + maxBytes)));
    fields.push(csvField(text));
    bytes += fieldEnd[f] - fieldStart[f] + 1;
  }
  return fields.join(',');
}
