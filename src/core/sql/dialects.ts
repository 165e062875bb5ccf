// The few places where Spark SQL and DuckDB SQL differ for the feature pipeline: reading the CSV,
// string literals, regular expressions, day arithmetic and writing the result. Everything else in the
// generated text is SQL both engines read alike.
//
// Regular expressions are written without backslashes ([0-9], [.], [+]) because Spark processes
// backslash escapes in string literals and DuckDB does not; `\t` is the one exception, and it works in
// both (Spark turns it into a tab, DuckDB passes it to RE2, which reads it as a tab).
import { REQUIRED_COLUMNS } from '../csv/schema.ts';
import { MAX_LINE_BYTES } from '../csv/recordScanner.ts';
import { EXTRA_FIELDS_COLUMN, isUsualColumnOrder } from './rawEventColumns.ts';

/** DuckDB reads one column past the file's last to see rows with too many fields (see readRawEvents). */
const EXTRA_FIELD = EXTRA_FIELDS_COLUMN;

/** `text` as SQL comment lines of at most about 104 characters, broken at spaces. */
function commentLines(text: string): string[] {
  const lines: string[] = [];
  let line = '--';
  for (const word of text.split(' ')) {
    if (line.length + 1 + word.length > 104 && line !== '--') {
      lines.push(line);
      line = '--';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/**
 * The comment's words for the order the columns are read in: the usual one, or the file's own, read
 * from its header when the script was generated (rawEventColumns.ts).
 */
function columnOrderDoc(fileColumns: readonly string[], before: string, after: string): string[] {
  if (isUsualColumnOrder(fileColumns)) return [`-- ${before} with the REES46 columns in their usual order.${after}`];
  return commentLines(
    `${before} with the columns in the order of the file's header when this script was generated: ${fileColumns.join(',')}` +
      ` (the REES46 columns by their names, any other as unused_column_<position>).${after}`,
  );
}

export type SqlDialect = 'spark' | 'duckdb';
export const SQL_DIALECTS: readonly SqlDialect[] = ['spark', 'duckdb'];

export interface Dialect {
  readonly id: SqlDialect;
  readonly title: string;
  /** A string literal holding `value` exactly. */
  stringLiteral(value: string): string;
  /** True when the whole of `expr` matches `pattern`. */
  fullMatch(expr: string, pattern: string): string;
  /** True when some part of `expr` matches `pattern`. */
  partialMatch(expr: string, pattern: string): string;
  /** `expr` without the spaces and tabs around it. */
  trimSpacesTabs(expr: string): string;
  /** Days from 1970-01-01 to the DATE `expr`. */
  epochDays(expr: string): string;
  /**
   * Statement(s) that make the view `raw_events`: the CSV's nine columns as text. `fileColumns`: the
   * file's columns in its order (rawEventColumns), default the nine in their usual order.
   */
  readRawEvents(input: string, fileColumns?: readonly string[]): string;
  /** Statement that makes (or replaces) a temporary view. */
  createView(name: string, body: string): string;
  /** The closing statement: print the features, or write them to `output` (.parquet → Parquet, else CSV). */
  emit(view: string, output?: string): string;
}

const isParquet = (path: string) => /\.parquet$/i.test(path);

const duckdb: Dialect = {
  id: 'duckdb',
  title: 'DuckDB (≥ 1.4)',
  stringLiteral: (v) => `'${v.replace(/'/g, "''")}'`,
  fullMatch: (expr, pattern) => `regexp_full_match(${expr}, '${pattern}')`,
  partialMatch: (expr, pattern) => `regexp_matches(${expr}, '${pattern}')`,
  // chr(9): DuckDB reads no backslash escapes in string literals.
  trimSpacesTabs: (expr) => `trim(${expr}, ' ' || chr(9))`,
  epochDays: (expr) => `datediff('day', DATE '1970-01-01', ${expr})`,
  readRawEvents(input, fileColumns = REQUIRED_COLUMNS) {
    const columns = [...fileColumns, EXTRA_FIELD].map((c) => `'${c}': 'VARCHAR'`).join(', ');
    const usualOrder = isUsualColumnOrder(fileColumns);
    const lastColumn = fileColumns[fileColumns.length - 1];
    const nine = fileColumns.length === 9;
    const fieldCount = nine ? 'nine' : String(fileColumns.length);
    const extraColumn = nine ? 'a tenth column' : `a column after the last (number ${fileColumns.length + 1})`;
    const extraEmptyField = nine ? 'a tenth, empty field' : 'one more, empty field';
    return [
      ...columnOrderDoc(fileColumns, 'The raw file, every field as text,', ' The options make'),
      '-- a dirty file read on instead of failing or stopping (cli sql --run compares the session count with',
      '-- the app and says when they differ):',
      '-- - strict_mode = false: a file mixing CRLF and LF line ends (or with a lone CR) fails in strict mode,',
      '--   and with a broken quote the parallel strict reader silently stops reading the file.',
      `-- - ${EXTRA_FIELD}: ${extraColumn}, NULL unless the row has more than ${fieldCount} fields. With null_padding a`,
      '--   short row gets NULLs (rejected below) instead of an error, and nullstr (a string no field holds)',
      `--   keeps empty fields as empty text, so a trailing comma (${extraEmptyField}) is caught. The app`,
      '--   rejects both as field_count. null_padding reads quoted line breaks only with parallel = false.',
      '-- - encoding utf-8 with ignore_errors: a row holding bytes that are not UTF-8 is skipped (latin-1,',
      '--   which would read them, refuses the bytes 0x80-0x9F that the UTF-8 of €, —, É or ß holds).',
      '-- - max_line_size: a record longer than 64 KiB is an error, which ignore_errors skips (the app rejects',
      '--   it as line_too_long or unterminated_quote).',
      '-- Known differences from the app (README, Known differences):',
      '-- - text after a closing quote loses its last character and the quotes in it (the app keeps it all),',
      '--   and an odd quote in that text opens a new quoted field (for the app it is text).',
      '-- - a quote left open joins the lines up to the next quote, however far: a record that grows past',
      '--   64 KiB is dropped with every line up to that quote (or to the end of the file). The app joins',
      '--   only up to 64 KiB, and otherwise rejects the one line that opened the quote.',
      '-- - a lone CR (not before a LF) ends a line here, and after a header line ending in CRLF the byte',
      '--   after it is lost. The app reads a lone CR as data (field_count).',
      '-- - a row with bytes that are not UTF-8 is skipped here, where the app reads it (it compares fields',
      '--   byte by byte) and writes such an id with U+FFFD for each of those bytes.',
      `CREATE OR REPLACE TEMP VIEW raw_events AS`,
      `SELECT ${REQUIRED_COLUMNS.join(', ')}`,
      `FROM read_csv(${duckdb.stringLiteral(input)},`,
      `  header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = false,`,
      `  null_padding = true, parallel = false, nullstr = chr(0) || 'no null string' || chr(0),`,
      `  encoding = 'utf-8', max_line_size = ${MAX_LINE_BYTES + 1}, ignore_errors = true,`,
      `  columns = {${columns}})`,
      // In the usual order the last column is user_session, whose check rejects the NULL of a short row;
      // in another it may be one no check reads (brand), so a short row is refused here.
      ...(usualOrder
        ? [`WHERE ${EXTRA_FIELD} IS NULL;`]
        : ['-- A row short of a field has its last column NULL (null_padding): the app rejects it (field_count).', `WHERE ${EXTRA_FIELD} IS NULL AND ${lastColumn} IS NOT NULL;`]),
    ].join('\n');
  },
  createView: (name, body) => `CREATE OR REPLACE TEMP VIEW ${name} AS\n${body};`,
  emit(view, output) {
    const select = `SELECT * FROM ${view} ORDER BY user_session`;
    if (!output) return `${select};`;
    const format = isParquet(output) ? '(FORMAT parquet)' : '(FORMAT csv, HEADER true)';
    return ['COPY (', `  ${select}`, `) TO ${duckdb.stringLiteral(output)} ${format};`].join('\n');
  },
};

const spark: Dialect = {
  id: 'spark',
  title: 'Apache Spark SQL (≥ 3.2)',
  // Spark reads backslash escapes inside literals: escape the backslash and the quote.
  stringLiteral: (v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  fullMatch: (expr, pattern) => `${expr} RLIKE '^(${pattern})$'`,
  partialMatch: (expr, pattern) => `${expr} RLIKE '${pattern}'`,
  // Spark turns the \t of a string literal into a tab.
  trimSpacesTabs: (expr) => `trim(BOTH ' \\t' FROM ${expr})`,
  epochDays: (expr) => `datediff(${expr}, DATE '1970-01-01')`,
  readRawEvents(input, fileColumns = REQUIRED_COLUMNS) {
    // With a schema given, Spark reads the columns by position and skips the header line (enforceSchema).
    const columns = fileColumns.map((c) => `${c} STRING`).join(', ');
    return [
      ...columnOrderDoc(fileColumns, 'The raw file(s), every field as text,', ' The path may'),
      '-- be a directory or a glob (s3://bucket/rees46/*.csv). escape is set because Spark escapes quotes',
      '-- with a backslash by default, RFC 4180 files double them. DROPMALFORMED drops rows with the wrong',
      '-- number of fields (the app rejects those as field_count). It sees the count only when every column',
      '-- is parsed, hence column pruning off. multiLine stays off so a big file is split across tasks.',
      '-- REES46 has no line breaks inside quotes (set it to true if your export has them). Unlike the app,',
      '-- Spark has no 64 KiB limit: a record the app rejects as line_too_long is read here.',
      'SET spark.sql.csv.parser.columnPruning.enabled = false;',
      `CREATE OR REPLACE TEMPORARY VIEW raw_events (${columns})`,
      'USING csv',
      `OPTIONS (path ${spark.stringLiteral(input)}, header 'true', escape '"', mode 'DROPMALFORMED', multiLine 'false');`,
    ].join('\n');
  },
  createView: (name, body) => `CREATE OR REPLACE TEMPORARY VIEW ${name} AS\n${body};`,
  emit(view, output) {
    if (!output) return `SELECT * FROM ${view} ORDER BY user_session;`;
    const using = isParquet(output) ? 'parquet' : "csv OPTIONS (header 'true')";
    const oneFile = isParquet(output)
      ? ['-- Writes a directory of part files. DuckDB merges them into the one Parquet file the app reads:', '--   COPY (FROM DIR/*.parquet) TO features.parquet (FORMAT parquet), with the paths quoted.']
      : ['-- Writes a directory of part files. The app reads them as one CSV file (it skips repeated header lines):', '--   cat DIR/part-*.csv > features.csv'];
    return [
      ...oneFile,
      `INSERT OVERWRITE DIRECTORY ${spark.stringLiteral(output)} USING ${using}`,
      `SELECT * FROM ${view};`,
    ].join('\n');
  },
};

export const DIALECTS: Readonly<Record<SqlDialect, Dialect>> = { spark, duckdb };
