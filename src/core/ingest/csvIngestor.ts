// CSV bytes → validated, columnar events. Feed it chunks of any size with `push`, then `finish`.
// Every row is accepted into EventColumns or rejected with a reason and its line number.
import { checkHeader, REQUIRED_COLUMNS, type ColumnLayout } from '../csv/schema.ts';
import { MAX_FIELDS, RecordScanner, recordText, type ScanHandlers, type ScannedRecord } from '../csv/recordScanner.ts';
import { RejectionLog, type RejectReason, type RejectionSummary } from '../csv/rejections.ts';
import { JoinedRecordLog, type JoinedRecordsSummary } from '../csv/joinedRecords.ts';
import { isBlank, isDigits, parseEventTime, parseEventType, parsePrice, parseUnsignedInt } from '../csv/fieldParsers.ts';
import { isStandardLayout, parsePlainRows } from './plainRowParser.ts';
import { EventColumns, newDictionaries, type EventColumnsData, type EventDictionaries, type ParsedEventsData } from '../sessions/eventColumns.ts';
import { groupEvents } from '../sessions/sessionGrouping.ts';

export class IngestError extends Error {
  constructor(
    readonly code: 'bad_header' | 'empty_file' | 'not_text',
    message: string,
    readonly line?: number,
    /** A refused file's rejected rows, as the rejected-rows download writes them (rejectionReportCsv). */
    readonly rejected?: RefusedRows,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

/** The rejected rows of a file that was refused because none of its rows was valid. */
export interface RefusedRows {
  readonly fileName: string;
  readonly csv: string;
}

export interface IngestResult {
  readonly fileName: string;
  /** Grouped by session (sessionGrouping.ts). */
  readonly events: EventColumnsData;
  readonly dict: EventDictionaries;
  readonly rejected: RejectionSummary;
  /** Records that span several lines (a quoted field holding a line break), accepted or rejected. */
  readonly joinedRecords: JoinedRecordsSummary;
  /** Valid events (rows accepted). */
  readonly rows: number;
  readonly blankLines: number;
  readonly bytes: number;
  /** Physical lines read, header included. */
  readonly lines: number;
  readonly layout: ColumnLayout;
  /** Absolute byte offsets of the first record read and just past the last one consumed. */
  readonly startOffset: number;
  readonly endOffset: number;
}

/** A parse before its events are grouped: a byte range's, which the merge takes (mergeIngest.ts). */
export interface IngestPart extends Omit<IngestResult, 'events'> {
  readonly events: ParsedEventsData;
}

const U32_MAX = 4294967295;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');
const utf8enc = new TextEncoder();

export interface IngestorOptions {
  fileName: string;
  /** Total bytes, used to pre-size the columns (≈ 120 bytes a REES46 row). */
  expectedBytes?: number;
  /**
   * Parallel ranges: a range after the first starts mid-file with the header's layout already known,
   * at absolute byte `startOffset`, and consumes only records that start before `stopAt`.
   */
  layout?: ColumnLayout;
  startOffset?: number;
  stopAt?: number;
  /** Off: every row takes the general path (tests compare the two). Default on. */
  plainRowFastPath?: boolean;
}

export class CsvIngestor {
  readonly fileName: string;
  rows = 0;
  /** Rows accepted by the plain-row fast path (the rest of `rows` took the general path). */
  plainRowsParsed = 0;
  bytesConsumed = 0;
  blankLines = 0;
  readonly rejections = new RejectionLog();
  private readonly joinedRecords = new JoinedRecordLog();
  private readonly scanner = new RecordScanner();
  private readonly events: EventColumns;
  private readonly dict: EventDictionaries;
  private layout: ColumnLayout | null = null;
  /** The header is the standard nine columns in order, so plain rows can take parsePlainRows. */
  private plainRows = false;
  private readonly plainRowFastPath: boolean;
  /**
   * Bytes being scanned: the carried tail of the last chunk (`carryLen` bytes at its start) and then
   * the new chunk. One buffer, reused: a copy per chunk (the scanner unescapes quoted fields in place,
   * so the caller's buffer must stay intact) made 11 GB of short-lived buffers on the month.
   */
  private work = new Uint8Array(0);
  private carryLen = 0;
  /** Field position of each REQUIRED_COLUMNS entry, in that order (hot path: no property lookups). */
  private readonly col = new Int32Array(9);
  private first = true;
  private readonly handlers: ScanHandlers;
  private fieldBuf = new Uint8Array(1024);
  private readonly fieldRecord: ScannedRecord = {
    buf: this.fieldBuf,
    fieldStart: new Int32Array(MAX_FIELDS),
    fieldEnd: new Int32Array(MAX_FIELDS),
    fieldCount: 0,
    recordStart: 0,
    recordEnd: 0,
    line: 0,
    lineBreaks: 0,
  };

  readonly startOffset: number;
  private readonly stopAt: number;
  /** True once a range has reached its stopAt: later bytes belong to the next range. */
  done = false;

  constructor(opts: IngestorOptions) {
    this.fileName = opts.fileName;
    this.startOffset = opts.startOffset ?? 0;
    this.stopAt = opts.stopAt ?? Infinity;
    this.plainRowFastPath = opts.plainRowFastPath ?? true;
    if (opts.layout) {
      this.setLayout(opts.layout);
      this.first = false;
    }
    const expectedRows = opts.expectedBytes ? Math.ceil(opts.expectedBytes / 115) + 1024 : 1 << 16;
    this.events = new EventColumns(Math.min(expectedRows, 1 << 27), true);
    this.dict = newDictionaries(Math.max(1024, Math.ceil(expectedRows / 4)));
    this.handlers = {
      record: (rec) => this.onRecord(rec),
      blankLine: () => {
        this.blankLines++;
      },
      broken: (kind, line, buf, start, end) => {
        this.rejections.add(kind, line, () => utf8.decode(buf.subarray(start, Math.min(end, start + 400))));
      },
    };
  }

  /** The number of lines fully read so far. */
  get lines(): number {
    return Math.max(this.scanner.line - 1, this.externalLines);
  }

  /** Lines read by an external tokenizer (pushFields), for the summary. */
  externalLines = 0;

  /** The header's column layout, once the header has been read. */
  get columnLayout(): ColumnLayout | null {
    return this.layout;
  }

  /** Parses a chunk; the chunk's buffer is not kept (the caller may reuse it at once). */
  push(chunk: Uint8Array): void {
    if (this.done) return;
    const n = this.carryLen + chunk.length;
    if (this.work.length < n) {
      const grown = new Uint8Array(Math.max(n, this.work.length * 2, 1 << 16));
      grown.set(this.work.subarray(0, this.carryLen));
      this.work = grown;
    }
    this.work.set(chunk, this.carryLen);
    this.scanFrom(this.work.subarray(0, n), false);
  }

  /**
   * Feeds one already-split row (e.g. from papaparse) through the same header check and validation
   * as the byte scanner. `line` is its 1-based physical line, `lineBreaks` the line breaks inside its
   * quoted fields.
   */
  pushFields(fields: readonly string[], line: number, lineBreaks = 0): void {
    let total = fields.length;
    for (const f of fields) total += f.length * 3;
    if (this.fieldBuf.length < total) this.fieldBuf = new Uint8Array(total * 2);
    const rec = this.fieldRecord;
    rec.buf = this.fieldBuf;
    let w = 0;
    const n = Math.min(fields.length, rec.fieldStart.length);
    for (let f = 0; f < n; f++) {
      rec.fieldStart[f] = w;
      w += utf8enc.encodeInto(fields[f], this.fieldBuf.subarray(w)).written;
      rec.fieldEnd[f] = w;
      if (f < n - 1) this.fieldBuf[w++] = 44;
    }
    rec.fieldCount = fields.length;
    rec.recordStart = 0;
    rec.recordEnd = w;
    rec.line = line;
    rec.lineBreaks = lineBreaks;
    this.first = false;
    this.onRecord(rec);
  }

  /** Counts a blank line seen by an external tokenizer. */
  pushBlankLine(): void {
    this.blankLines++;
  }

  /** The result, its events grouped by session. */
  finish(): IngestResult {
    const part = this.finishPart();
    return { ...part, events: groupEvents(part.events, part.dict) };
  }

  /** The result with its events still in file order (a byte range's, for mergeIngestResults). */
  finishPart(): IngestPart {
    if (this.carryLen > 0 && !this.done) this.scanFrom(this.work.subarray(0, this.carryLen), true);
    this.carryLen = 0;
    this.work = new Uint8Array(0);
    if (!this.layout) throw new IngestError('empty_file', `${this.fileName} is empty: it has no header line`);
    return {
      fileName: this.fileName,
      events: this.events.freeze(this.dict.sessions.size),
      dict: this.dict,
      rejected: this.rejections.summary(),
      joinedRecords: this.joinedRecords.summary(),
      rows: this.rows,
      blankLines: this.blankLines,
      bytes: this.bytesConsumed,
      lines: this.lines,
      layout: this.layout,
      startOffset: this.startOffset,
      endOffset: this.startOffset + this.bytesConsumed,
    };
  }

  private scanFrom(buf: Uint8Array, final: boolean): void {
    let pos = 0;
    if (this.first && buf.length >= 3) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3; // UTF-8 BOM
      this.first = false;
      if (looksBinary(buf, pos)) throw new IngestError('not_text', `${this.fileName} is not a text CSV file: ${whatBinaryIs(buf)}`);
    } else if (this.first && !final) {
      this.carryLen = buf.length; // fewer than 3 bytes so far: they stay at the work buffer's start
      return;
    }
    this.first = false;
    const base = this.startOffset + this.bytesConsumed;
    const consumed = this.scanRecords(buf, pos, final, this.stopAt - base);
    this.bytesConsumed += consumed;
    // A range is done at its stop, but not in the middle of a record being skipped (too long): that
    // record is read to its end, past the stop, and the next range is parsed again from there.
    if (base + consumed >= this.stopAt && !this.scanner.skipping) {
      this.done = true;
      this.carryLen = 0;
      return;
    }
    // The unconsumed tail (an incomplete record) moves to the front, for the next chunk to follow.
    this.carryLen = buf.length - consumed;
    if (consumed > 0 && this.carryLen > 0) buf.copyWithin(0, consumed);
  }

  /**
   * Plain rows go through parsePlainRows; whatever it stops at (the header, a quoted or malformed
   * row, a blank line, an incomplete last line) goes through the general scanner one record at a
   * time, and then the fast path resumes. Returns the offset of the first byte not consumed.
   */
  private scanRecords(buf: Uint8Array, pos: number, final: boolean, stopAt: number): number {
    const end = buf.length;
    if (this.scanner.skipping) {
      // The rest of a too-long record, up to its newline, even past the range's stop.
      pos = this.scanner.scan(buf, pos, end, final, this.handlers, pos + 1);
      if (this.scanner.skipping) return pos;
    }
    for (;;) {
      if (this.layout && !this.plainRows) return this.scanner.scan(buf, pos, end, final, this.handlers, stopAt);
      if (this.plainRows && !this.scanner.skipping) {
        const before = this.events.length;
        pos = parsePlainRows(buf, pos, end, stopAt, this.events, this.dict);
        const accepted = this.events.length - before;
        this.rows += accepted;
        this.plainRowsParsed += accepted;
        this.scanner.line += accepted;
      }
      if (pos >= end || pos >= stopAt) return pos;
      const next = this.scanner.scan(buf, pos, end, final, this.handlers, Math.min(stopAt, pos + 1));
      if (next === pos) return pos; // an incomplete record: its bytes are carried into the next chunk
      pos = next;
    }
  }

  private onRecord(rec: ScannedRecord): void {
    if (!this.layout) {
      this.readHeader(rec);
      return;
    }
    if (rec.lineBreaks > 0) this.joinedRecords.add(rec.line, rec.lineBreaks);
    const reason = this.acceptRow(rec);
    if (reason !== null) {
      this.rejections.add(reason, rec.line, () => recordText(rec));
    }
  }

  private readHeader(rec: ScannedRecord): void {
    const names: string[] = [];
    for (let f = 0; f < Math.min(rec.fieldCount, rec.fieldStart.length); f++) names.push(utf8.decode(rec.buf.subarray(rec.fieldStart[f], rec.fieldEnd[f])));
    const check = checkHeader(names);
    if (!check.ok) throw new IngestError('bad_header', `${this.fileName}, line ${rec.line}: ${check.message}`, rec.line);
    this.setLayout(check.layout);
  }

  private setLayout(layout: ColumnLayout): void {
    this.layout = layout;
    this.plainRows = this.plainRowFastPath && isStandardLayout(layout);
    REQUIRED_COLUMNS.forEach((name, i) => (this.col[i] = layout.index[name]));
  }

  /** Validates one row and stores it; returns the reject reason, or null when accepted. */
  private acceptRow(rec: ScannedRecord): RejectReason | null {
    const layout = this.layout as ColumnLayout;
    const { buf, fieldStart: fs, fieldEnd: fe } = rec;
    if (rec.fieldCount !== layout.fieldCount) return 'field_count';
    const c = this.col;
    const t = parseEventTime(buf, fs[c[0]], fe[c[0]]);
    if (Number.isNaN(t)) {
      // A header repeated with its BOM (files exported with one, then concatenated) is a header too.
      return latin1.decode(buf.subarray(fs[c[0]], fe[c[0]])).replace(/^\u00ef\u00bb\u00bf/, '').trim().toLowerCase() === 'event_time' ? 'repeated_header' : 'bad_time';
    }
    const type = parseEventType(buf, fs[c[1]], fe[c[1]]);
    if (type < 0) return 'unknown_event_type';
    const product = parseUnsignedInt(buf, fs[c[2]], fe[c[2]], U32_MAX);
    if (product < 0) return 'bad_product_id';
    if (!isDigits(buf, fs[c[3]], fe[c[3]])) return 'bad_category_id';
    const price = parsePrice(buf, fs[c[6]], fe[c[6]]);
    if (Number.isNaN(price)) return 'bad_price';
    const user = parseUnsignedInt(buf, fs[c[7]], fe[c[7]], U32_MAX);
    if (user < 0) return 'bad_user_id';
    const sStart = fs[c[8]];
    const sEnd = fe[c[8]];
    if (isBlank(buf, sStart, sEnd)) return 'empty_session';

    const d = this.dict;
    this.events.add(
      t,
      type,
      product,
      user,
      price,
      d.categoryIds.intern(buf, fs[c[3]], fe[c[3]]),
      d.categoryCodes.intern(buf, fs[c[4]], fe[c[4]]),
      d.brands.intern(buf, fs[c[5]], fe[c[5]]),
      d.sessions.intern(buf, sStart, sEnd),
    );
    this.rows++;
    return null;
  }
}

/** What a file that looksBinary seems to be, from its first bytes, and what to do about it. */
function whatBinaryIs(buf: Uint8Array): string {
  const starts = (...bytes: number[]) => bytes.every((b, i) => buf[i] === b);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff) || (buf.length > 3 && ((buf[0] !== 0 && buf[1] === 0 && buf[2] !== 0 && buf[3] === 0) || (buf[0] === 0 && buf[1] !== 0 && buf[2] === 0)))) {
    return 'it is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8) and load it again';
  }
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'it is a zip archive; unzip it and load the CSV inside';
  if (starts(0x1f, 0x8b)) return 'it is gzip-compressed; decompress it (gunzip) and load the CSV';
  if (starts(0x50, 0x41, 0x52, 0x31)) return 'it is a Parquet file, and not a features file (user_session, label, features) this app reads';
  return 'it contains binary data in its first bytes';
}

/**
 * A zip, gzip, parquet, image or UTF-16 file has NUL bytes among its first 16 bytes (its signature)
 * or in its first line, and many in its first kilobyte; a text CSV has none, or a stray NUL in a data
 * row (pandas reads on, and so does the app: that row's field keeps the byte). So: a NUL in the
 * first 16 bytes or the header line, or more than 4 in the first KiB.
 */
function looksBinary(buf: Uint8Array, from: number): boolean {
  const end = Math.min(buf.length, from + 1024);
  let nuls = 0;
  let inHeader = true;
  for (let i = from; i < end; i++) {
    const c = buf[i];
    if (c === 10) inHeader = false;
    else if (c === 0 && (inHeader || i < from + 16 || ++nuls > 4)) return true;
  }
  return false;
}
