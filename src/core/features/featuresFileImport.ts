// Import of pre-computed session features, so training, evaluation and the dashboard can run on
// features a cluster computed (the SQL export, src/core/sql/) from logs the browser never parsed.
// Accepts `user_session,label,<feature names…>` as CSV (our features.csv, DuckDB's COPY, or Spark's
// part files concatenated: repeated header lines are skipped) or as Parquet (read with hyparquet,
// one row group at a time). Any subset of the catalogue's features may be present; the table keeps
// the catalogue's column order.
import { parquetMetadataAsync, parquetRead, type AsyncBuffer } from 'hyparquet';
import { FEATURES, FEATURE_NAMES } from './featureDefinitions.ts';
import type { FeatureTable } from './featureTable.ts';
import { compactIds } from './packedIds.ts';

export type FeaturesFileErrorCode = 'empty_file' | 'bad_header' | 'bad_row' | 'bad_value' | 'bad_parquet';

export class FeaturesFileError extends Error {
  constructor(
    readonly code: FeaturesFileErrorCode,
    message: string,
    /** 1-based physical line (CSV) or row (Parquet, data rows only). */
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'FeaturesFileError';
  }
}

export interface FeaturesImportOptions {
  /** Skip columns that are not features (e.g. user_id) instead of rejecting the file. */
  ignoreUnknownColumns?: boolean;
}

interface ColumnPlan {
  /** Feature names in catalogue order. */
  readonly names: string[];
  /** File column of user_session, label, and of each table column. */
  readonly session: number;
  readonly label: number;
  readonly features: number[];
  readonly integer: boolean[];
  readonly fileColumns: readonly string[];
}

function planColumns(found: readonly string[], opts: FeaturesImportOptions, where: string, line = 1): ColumnPlan {
  const names = found.map((c) => c.trim());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new FeaturesFileError('bad_header', `${where} has the column "${dup}" twice`, line, dup);
  const missing = ['user_session', 'label'].filter((n) => !names.includes(n));
  const unknown = names.filter((n) => n !== 'user_session' && n !== 'label' && !FEATURE_NAMES.includes(n));
  const features = FEATURE_NAMES.filter((n) => names.includes(n));
  const expect = `Expected user_session,label and some of: ${FEATURE_NAMES.join(', ')}`;
  if (missing.length > 0) {
    throw new FeaturesFileError('bad_header', `${where} lacks ${missing.join(' and ')} (found: ${names.join(', ')}). ${expect}`, line, missing[0]);
  }
  if (unknown.length > 0 && !opts.ignoreUnknownColumns) {
    throw new FeaturesFileError('bad_header', `${where} has columns that are not features: ${unknown.join(', ')}. ${expect}`, line, unknown[0]);
  }
  if (features.length === 0) throw new FeaturesFileError('bad_header', `${where} has no feature column. ${expect}`, line);
  return {
    names: features,
    session: names.indexOf('user_session'),
    label: names.indexOf('label'),
    features: features.map((n) => names.indexOf(n)),
    integer: features.map((n) => FEATURES.find((f) => f.name === n)?.integer ?? false),
    fileColumns: names,
  };
}

/** A number from a CSV field or a Parquet value, or NaN when it is not one (or not an integer). */
function toNumber(v: unknown, integer: boolean): number {
  let x: number;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'bigint') x = Number(v);
  else if (typeof v === 'boolean') x = v ? 1 : 0;
  else if (typeof v === 'string' && v.trim() !== '') x = Number(v);
  else return NaN;
  return Number.isFinite(x) && (!integer || Number.isInteger(x)) ? x : NaN;
}

/** 0 or 1 (also true/false), or NaN. */
function toLabel(v: unknown): number {
  const x = v === 'true' ? 1 : v === 'false' ? 0 : toNumber(typeof v === 'string' ? v.trim() : v, true);
  return x === 0 || x === 1 ? x : NaN;
}

function valueError(place: string, line: number, column: string, v: unknown, expected: string): FeaturesFileError {
  const shown = v === null || v === undefined ? 'nothing' : `"${String(v)}"`;
  return new FeaturesFileError('bad_value', `${place}, column ${column}: expected ${expected}, got ${shown}`, line, column);
}

const expected = (integer: boolean) => (integer ? 'an integer' : 'a number');

const utf8 = new TextEncoder();

/** Growable columns of the table being read. */
class TableBuilder {
  rows = 0;
  columns: Float64Array[];
  label: Uint8Array;
  private bytes = new Uint8Array(1 << 16);
  private byteLength = 0;
  private offsets: Float64Array;

  constructor(readonly names: string[], capacity = 1024) {
    this.columns = names.map(() => new Float64Array(capacity));
    this.label = new Uint8Array(capacity);
    this.offsets = new Float64Array(capacity + 1);
  }

  /** Makes room for `rows` rows in total. */
  reserve(rows: number): void {
    if (rows <= this.label.length) return;
    const cap = Math.max(rows, Math.ceil(this.label.length * 1.5));
    this.columns = this.columns.map((c) => grow(c, new Float64Array(cap)));
    this.label = grow(this.label, new Uint8Array(cap));
    this.offsets = grow(this.offsets, new Float64Array(cap + 1));
  }

  /** Appends the session id of the next row (rows are added in order). */
  pushSession(id: string): number {
    const r = this.rows++;
    this.reserve(this.rows);
    if (this.bytes.length - this.byteLength < id.length * 3) this.bytes = grow(this.bytes, new Uint8Array(Math.max(this.bytes.length * 2, this.byteLength + id.length * 3)));
    this.byteLength += utf8.encodeInto(id, this.bytes.subarray(this.byteLength)).written;
    this.offsets[r + 1] = this.byteLength;
    return r;
  }

  build(): FeatureTable {
    const n = this.rows;
    return {
      names: this.names,
      rows: n,
      columns: this.columns.map((c) => c.slice(0, n)),
      label: this.label.slice(0, n),
      sessionIds: compactIds({ bytes: this.bytes.slice(0, this.byteLength), offsets: this.offsets.slice(0, n + 1) }),
    };
  }
}

function grow<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from.subarray(0, Math.min(from.length, to.length)) as never);
  return to;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

interface CsvRecord {
  fields: string[];
  /** Index just past the record's line break. */
  end: number;
  /** Physical lines the record spans (quoted line breaks included). */
  lines: number;
}

/** One RFC 4180 record starting at `pos`, or null when the text ends inside it and more may come. */
function readRecord(text: string, pos: number, final: boolean, line: number): CsvRecord | null {
  const n = text.length;
  const fields: string[] = [];
  let lines = 1;
  let i = pos;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0 || (q + 1 >= n && !final)) {
          if (!final) return null;
          throw new FeaturesFileError('bad_row', `line ${line}: a quoted field is never closed`, line);
        }
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) !== QUOTE) {
          i = q + 1;
          break;
        }
        value += '"';
        j = q + 2;
      }
      for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) lines++;
      fields.push(value);
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        j++;
      }
      if (j >= n && !final) return null;
      fields.push(text.slice(i, j));
      i = j;
    }
    if (i >= n) return { fields, end: n, lines };
    const c = text.charCodeAt(i);
    if (c === COMMA) i++;
    else if (c === LF) return { fields, end: i + 1, lines };
    else if (c === CR) {
      if (i + 1 >= n && !final) return null;
      return { fields, end: text.charCodeAt(i + 1) === LF ? i + 2 : i + 1, lines };
    } else {
      throw new FeaturesFileError('bad_row', `line ${line}: unexpected "${text[i]}" after a closing quote`, line);
    }
  }
}

/** Streaming reader: push text chunks of any size (e.g. a File read with TextDecoderStream), then finish. */
export class FeaturesCsvReader {
  private pending = '';
  private line = 1;
  private started = false;
  private plan: ColumnPlan | null = null;
  private builder: TableBuilder | null = null;

  constructor(private readonly opts: FeaturesImportOptions = {}) {}

  push(chunk: string): void {
    this.consume(this.pending + chunk, false);
  }

  finish(): FeatureTable {
    this.consume(this.pending, true);
    if (!this.builder) throw new FeaturesFileError('empty_file', 'the features file is empty: it has no header line');
    return this.builder.build();
  }

  private consume(text: string, final: boolean): void {
    let pos = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) pos = 1; // BOM
    }
    while (pos < text.length) {
      const rec = readRecord(text, pos, final, this.line);
      if (!rec) break;
      this.onRecord(rec.fields, this.line);
      this.line += rec.lines;
      pos = rec.end;
    }
    this.pending = text.slice(pos);
  }

  private onRecord(fields: string[], line: number): void {
    if (fields.length === 1 && fields[0].trim() === '') return; // blank line
    const plan = this.plan;
    if (!plan) {
      this.plan = planColumns(fields, this.opts, `the header (line ${line})`, line);
      this.builder = new TableBuilder(this.plan.names);
      return;
    }
    if (fields.length !== plan.fileColumns.length) {
      throw new FeaturesFileError('bad_row', `line ${line}: ${fields.length} fields, the header has ${plan.fileColumns.length}`, line);
    }
    if (fields.every((f, i) => f.trim() === plan.fileColumns[i])) return; // a repeated header (concatenated part files)
    const b = this.builder as TableBuilder;
    const id = fields[plan.session];
    if (id.trim() === '') throw valueError(`line ${line}`, line, 'user_session', id, 'a session id');
    const label = toLabel(fields[plan.label]);
    if (Number.isNaN(label)) throw valueError(`line ${line}`, line, 'label', fields[plan.label], '0 or 1');
    const r = b.pushSession(id);
    b.label[r] = label;
    for (let k = 0; k < plan.features.length; k++) {
      const text = fields[plan.features[k]];
      const x = toNumber(text, plan.integer[k]);
      if (Number.isNaN(x)) throw valueError(`line ${line}`, line, plan.names[k], text, expected(plan.integer[k]));
      b.columns[k][r] = x;
    }
  }
}

/** A whole features CSV, as one string or as chunks. */
export function parseFeaturesCsv(input: string | Iterable<string>, opts: FeaturesImportOptions = {}): FeatureTable {
  const reader = new FeaturesCsvReader(opts);
  if (typeof input === 'string') reader.push(input);
  else for (const chunk of input) reader.push(chunk);
  return reader.finish();
}

/** The part of Blob/File the Parquet reader needs (kept structural: src/core has no DOM types). */
export interface BlobLike {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** Lets hyparquet read byte ranges of a File without loading all of it. */
export function asyncBufferFromBlob(blob: BlobLike): AsyncBuffer {
  return { byteLength: blob.size, slice: (start, end) => blob.slice(start, end).arrayBuffer() };
}

/** True when the bytes start like a Parquet file ("PAR1"). */
export function isParquet(firstBytes: Uint8Array): boolean {
  return firstBytes.length >= 4 && firstBytes[0] === 0x50 && firstBytes[1] === 0x41 && firstBytes[2] === 0x52 && firstBytes[3] === 0x31;
}

/**
 * A features Parquet file (flat schema, snappy or uncompressed: Spark's and DuckDB's defaults).
 * Read one row group at a time, so memory holds the table plus one row group.
 */
export async function parseFeaturesParquet(file: AsyncBuffer, opts: FeaturesImportOptions = {}): Promise<FeatureTable> {
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw new FeaturesFileError('bad_parquet', `this is not a readable Parquet file: ${(err as Error).message}`);
  }
  const topLevel = metadata.schema.slice(1).filter((s) => !s.num_children);
  const plan = planColumns(topLevel.map((s) => s.name), opts, 'the Parquet schema');
  const total = Number(metadata.num_rows);
  const b = new TableBuilder(plan.names, total);
  const used = [plan.fileColumns[plan.session], plan.fileColumns[plan.label], ...plan.features.map((c) => plan.fileColumns[c])];
  const target = new Map<string, number>(plan.features.map((c, k) => [plan.fileColumns[c], k]));
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const ids: string[] = new Array(rowEnd - rowStart);
    const labels: unknown[] = new Array(rowEnd - rowStart);
    // hyparquet does not stop on an exception thrown from onChunk: keep the first bad value instead.
    let bad: FeaturesFileError | null = null;
    try {
      await parquetRead({
        file,
        metadata,
        columns: used,
        rowStart,
        rowEnd,
        onChunk: ({ columnName, columnData, rowStart: from }) => {
          const k = target.get(columnName);
          for (let i = 0; i < columnData.length && !bad; i++) {
            const r = from + i;
            if (r < rowStart || r >= rowEnd) continue;
            const v = columnData[i];
            if (columnName === 'user_session') ids[r - rowStart] = String(v ?? '');
            else if (columnName === 'label') labels[r - rowStart] = v;
            else if (k !== undefined) {
              const x = toNumber(v, plan.integer[k]);
              if (Number.isNaN(x)) bad = valueError(`row ${r + 1}`, r + 1, columnName, v, expected(plan.integer[k]));
              else b.columns[k][r] = x;
            }
          }
        },
      });
    } catch (err) {
      const msg = (err as Error).message;
      throw new FeaturesFileError('bad_parquet', `cannot read this Parquet file: ${msg}${/compress|codec/i.test(msg) ? ' (write it with snappy or no compression)' : ''}`);
    }
    if (bad) throw bad;
    for (let i = 0; i < ids.length; i++) {
      const r = rowStart + i;
      if (!ids[i]) throw valueError(`row ${r + 1}`, r + 1, 'user_session', ids[i], 'a session id');
      const label = toLabel(labels[i]);
      if (Number.isNaN(label)) throw valueError(`row ${r + 1}`, r + 1, 'label', labels[i], '0 or 1');
      b.pushSession(ids[i]);
      b.label[r] = label;
    }
    rowStart = rowEnd;
  }
  return b.build();
}
