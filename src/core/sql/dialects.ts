// The few places where Spark SQL and DuckDB SQL differ for the feature pipeline: reading the CSV,
// string literals, regular expressions, day arithmetic and writing the result. Everything else in the
// generated text is SQL both engines read alike.
//
// Regular expressions are written without backslashes ([0-9], [.], [+]) because Spark processes
// backslash escapes in string literals and DuckDB does not; `\t` is the one exception, and it works in
// both (Spark turns it into a tab, DuckDB passes it to RE2, which reads it as a tab).
import { REQUIRED_COLUMNS } from '../csv/schema.ts';

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
  /** Statement(s) that make the view `raw_events`: the CSV's nine columns as text. */
  readRawEvents(input: string): string;
  /** Statement that makes (or replaces) a temporary view. */
  createView(name: string, body: string): string;
  /** The closing statement: print the features, or write them to `output` (.parquet → Parquet, else CSV). */
  emit(view: string, output?: string): string;
}

const isParquet = (path: string) => /\.parquet$/i.test(path);

const duckdb: Dialect = {
  id: 'duckdb',
  title: 'DuckDB (≥ 1.1)',
  stringLiteral: (v) => `'${v.replace(/'/g, "''")}'`,
  fullMatch: (expr, pattern) => `regexp_full_match(${expr}, '${pattern}')`,
  partialMatch: (expr, pattern) => `regexp_matches(${expr}, '${pattern}')`,
  // chr(9): DuckDB reads no backslash escapes in string literals.
  trimSpacesTabs: (expr) => `trim(${expr}, ' ' || chr(9))`,
  epochDays: (expr) => `datediff('day', DATE '1970-01-01', ${expr})`,
  readRawEvents(input) {
    const columns = REQUIRED_COLUMNS.map((c) => `'${c}': 'VARCHAR'`).join(', ');
    return [
      '-- The raw file, every field as text. The columns are the REES46 schema in its usual order. The',
      '-- sniffer is off so a dirty file cannot change the dialect. ignore_errors skips rows with the wrong',
      '-- number of fields (the app rejects those as field_count). Two kinds of broken quoting make DuckDB',
      '-- stop reading at that line without an error, where the app rejects or reads only that line: a quote',
      '-- never closed (the app: unterminated_quote) and text after a closing quote, which the app and pandas',
      '-- append to the field. If the session counts differ from those of the app, look for such lines in its',
      '-- rejection report (strict_mode = false would read on, but it also keeps rows with extra fields).',
      `CREATE OR REPLACE TEMP VIEW raw_events AS`,
      `SELECT * FROM read_csv(${duckdb.stringLiteral(input)},`,
      `  header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ignore_errors = true,`,
      `  columns = {${columns}});`,
    ].join('\n');
  },
  createView: (name, body) => `CREATE OR REPLACE TEMP VIEW ${name} AS\n${body};`,
  emit(view, output) {
    if (!output) return `SELECT * FROM ${view} ORDER BY user_session;`;
    const format = isParquet(output) ? '(FORMAT parquet)' : '(FORMAT csv, HEADER true)';
    return `COPY (SELECT * FROM ${view} ORDER BY user_session) TO ${duckdb.stringLiteral(output)} ${format};`;
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
  readRawEvents(input) {
    const columns = REQUIRED_COLUMNS.map((c) => `${c} STRING`).join(', ');
    return [
      '-- The raw file(s), every field as text, with the REES46 columns in their usual order. The path may',
      '-- be a directory or a glob (s3://bucket/rees46/*.csv). escape is set because Spark escapes quotes',
      '-- with a backslash by default, RFC 4180 files double them. DROPMALFORMED drops rows with the wrong',
      '-- number of fields (the app rejects those as field_count). It sees the count only when every column',
      '-- is parsed, hence column pruning off. multiLine stays off so a big file is split across tasks.',
      '-- REES46 has no line breaks inside quotes (set it to true if your export has them).',
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
