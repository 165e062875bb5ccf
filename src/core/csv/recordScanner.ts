// Splits UTF-8 CSV bytes into records and fields (RFC 4180: quoted fields may hold commas, doubled
// quotes and newlines; CRLF or LF line ends). It works on one buffer at a time and reports where the
// last complete record ended, so the caller carries the unfinished tail into the next chunk: results
// never depend on where a chunk boundary falls (inside a quoted field, between \r and \n, …).
import { csvField } from './csvField.ts';
// A line of nothing but spaces and tabs is blank, as pandas' skip_blank_lines takes it.
import { isBlank } from './fieldParsers.ts';

export const MAX_FIELDS = 64;
/**
 * The longest record: its line end (the \n) at most this many bytes after its first byte (a REES46
 * row is ~130 bytes). A longer one is rejected, and the scan resumes after the first newline from
 * where it passed the limit: `unterminated_quote` when a quoted field is still open there (a quote
 * left open would otherwise swallow the rest of the file), else `line_too_long`. The rule reads only
 * the record's own bytes, so where chunks or byte ranges end never changes a result (with a limit
 * checked only when a record ran past the end of a buffer, 256 KiB chunks rejected a 1.2 MB row that
 * 8 MiB chunks kept). It also bounds the bytes carried between chunks, and every dictionary key
 * (ByteStringTable stores keys of up to 65,535 bytes).
 */
export const MAX_LINE_BYTES = 64 * 1024;

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
  /** Line breaks inside its quoted fields: the record ends on line `line + lineBreaks` (joinedRecords.ts). */
  lineBreaks: number;
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
    lineBreaks: 0,
  };
  private readonly quoted = new Uint8Array(MAX_FIELDS);
  /** Set after an over-long line: discard bytes up to the next newline. */
  skipping = false;
  /**
   * The first quote at or after `quoteFrom` in `quoteBuf`[…, `quoteEnd`), kept across calls: the
   * ingestor scans a chunk one record at a time between runs of plain rows, and searching the rest of
   * the chunk for a quote on every call made rejected rows quadratic (1,000 of them in one 30 MB
   * chunk: 5.6 s instead of 0.5). Valid while the same array object is scanned: callers hand each new
   * chunk as a new array (the ingestor's subarray of its work buffer) and never change one in between.
   */
  private quoteBuf: Uint8Array | null = null;
  private quoteEnd = 0;
  private quoteFrom = 0;
  private quoteAt = -1;

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
    let nextQuote = this.quoteBuf === buf && this.quoteEnd === end && this.quoteFrom <= pos ? this.quoteAt : -1;
    while (pos < end) {
      if (pos >= stopAt) return pos;
      // Fast path: a complete line with no quote in it (nearly every REES46 row). The newline comes
      // from native indexOf; the next quote position is cached, so finding it is amortised O(n).
      if (nextQuote < pos) {
        const q = buf.indexOf(34, pos);
        nextQuote = q < 0 || q >= end ? end : q;
        this.quoteBuf = buf;
        this.quoteEnd = end;
        this.quoteFrom = pos;
        this.quoteAt = nextQuote;
      }
      const nl = buf.indexOf(10, pos);
      if (nl >= 0 && nl < end && nl < nextQuote) {
        if (nl - pos > MAX_LINE_BYTES) {
          on.broken('line_too_long', this.line++, buf, pos, Math.min(nl, pos + 400));
          pos = nl + 1;
          continue;
        }
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
        if (nf === 0 && isBlank(buf, recStart, fieldEnd)) {
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
        rec.lineBreaks = 0;
        on.record(rec);
        continue;
      }
      const recStart = pos;
      /** The last position the record's newline may have. */
      const limit = recStart + MAX_LINE_BYTES;
      let i = pos;
      let nf = 0;
      let fieldStart = i;
      let innerNewlines = 0;
      let complete = false;
      let recEnd = end;
      let isQuoted = 0;
      /** Set when the record breaks the limit: where the scan resumes from (after the next newline). */
      let broken: 'unterminated_quote' | 'line_too_long' | null = null;
      let resumeFrom = 0;
      while (i < end) {
        if (i > limit) {
          broken = 'line_too_long';
          resumeFrom = i;
          break;
        }
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
          let needMore = false;
          for (;;) {
            const q = buf.indexOf(34, j);
            if (q < 0 || q >= end) {
              needMore = !final && end <= limit; // past the limit with no close: open there
              break;
            }
            if (q > limit) break; // still open at the limit
            if (q + 1 < end && buf[q + 1] === 34) {
              j = q + 2;
              continue;
            }
            if (q + 1 >= end && !final) {
              needMore = true; // the next chunk may start with the second quote of ""
              break;
            }
            closed = q;
            break;
          }
          if (closed < 0) {
            if (needMore) return recStart;
            // Unterminated: reject the record and resume after the line that opened the quote.
            broken = 'unterminated_quote';
            resumeFrom = i;
            break;
          }
          for (let k = i + 1; k < closed; k++) if (buf[k] === 10) innerNewlines++;
          isQuoted = 1;
          i = closed + 1;
        } else {
          i++;
        }
      }
      // The last line of a file, with no newline: as if one followed its last byte.
      if (broken === null && !complete && final && end - recStart > MAX_LINE_BYTES) {
        broken = 'line_too_long';
        resumeFrom = end;
      }
      if (broken !== null) {
        const nl = buf.indexOf(10, resumeFrom);
        const found = nl >= 0 && nl < end;
        // The text shown is the line without its line end (the \r of a CRLF too).
        const lineEnd = found && nl > recStart && buf[nl - 1] === 13 ? nl - 1 : nl;
        on.broken(broken, this.line, buf, recStart, broken === 'unterminated_quote' && found ? lineEnd : Math.min(found ? lineEnd : end, recStart + 400));
        this.line += innerNewlines;
        if (found) {
          this.line++;
          pos = nl + 1;
          continue;
        }
        if (final) this.line++;
        else this.skipping = true; // the newline is in a later chunk
        return end;
      }
      if (!complete) {
        if (!final) return recStart; // at most MAX_LINE_BYTES + 1 bytes carried
        recEnd = end;
      }
      // Strip the \r of a CRLF line end (never one inside quotes: those were skipped above).
      let fieldEnd = recEnd;
      if (fieldEnd > recStart && buf[fieldEnd - 1] === 13 && fieldEnd - 1 >= fieldStart) fieldEnd--;
      const line = this.line;
      this.line += 1 + innerNewlines;
      pos = complete ? recEnd + 1 : end;
      if (nf === 0 && !isQuoted && isBlank(buf, recStart, fieldEnd)) {
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
      rec.lineBreaks = innerNewlines;
      on.record(rec);
    }
    return pos;
  }
}

/**
 * `"a""b"x` → `a"bx`, rewritten in place (the result is never longer than the raw field). Text after
 * the closing quote is kept as it is, quotes included (`"abc"def"` → `abcdef"`), as pandas reads it.
 */
function unquoteInPlace(buf: Uint8Array, fs: Int32Array, fe: Int32Array, f: number): void {
  const end = fe[f];
  let w = fs[f];
  let r = fs[f] + 1; // past the opening quote
  for (; r < end; r++) {
    const c = buf[r];
    if (c === 34) {
      if (r + 1 < end && buf[r + 1] === 34) {
        buf[w++] = 34;
        r++;
        continue;
      }
      r++; // the closing quote
      break;
    }
    buf[w++] = c;
  }
  for (; r < end; r++) buf[w++] = buf[r];
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
