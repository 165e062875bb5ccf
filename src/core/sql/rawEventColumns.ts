// The columns of the events file as the generated SQL reads them. The app finds the nine REES46 columns
// by their names in the header, in any order and among other columns (checkHeader); the SQL engines
// read a CSV's columns by position, so a script for a file whose header differs from the usual order
// has to list the file's columns in its own order. Built from the app's own reading of the header (a
// ColumnLayout), so both read the same field as, say, price.
import { REQUIRED_COLUMNS, type ColumnLayout } from '../csv/schema.ts';

/** A name the generated SQL uses without quoting, and none of the file's columns may take. */
const SQL_NAME = /^[a-z_][a-z0-9_]*$/;
/** The name DuckDB gives the field after the last column, to see rows with one field too many. */
export const EXTRA_FIELDS_COLUMN = 'extra_fields';

/**
 * The SQL names of the file's columns, in the file's order: a REES46 column by its name where the app
 * reads it (the first column of that name), any other column `unused_column_<position from 1>`.
 */
export function rawEventColumns(layout: ColumnLayout): string[] {
  const names = Array.from({ length: layout.fieldCount }, (_, i) => `unused_column_${i + 1}`);
  for (const name of REQUIRED_COLUMNS) names[layout.index[name]] = name;
  return names;
}

/** True for the usual REES46 header: the nine columns in their usual order and nothing else. */
export function isUsualColumnOrder(columns: readonly string[]): boolean {
  return columns.length === REQUIRED_COLUMNS.length && REQUIRED_COLUMNS.every((name, i) => columns[i] === name);
}

/**
 * Throws unless `columns` can be the file's columns in a script: each REES46 column exactly once, and
 * every name a plain SQL name other than EXTRA_FIELDS_COLUMN. (A caller passing rawEventColumns'
 * result always passes.)
 */
export function checkRawEventColumns(columns: readonly string[]): void {
  for (const name of REQUIRED_COLUMNS) {
    const count = columns.filter((c) => c === name).length;
    if (count !== 1) throw new Error(`the file's columns must name ${name} once, not ${count} times: ${columns.join(', ')}`);
  }
  const bad = columns.find((c) => !SQL_NAME.test(c) || c === EXTRA_FIELDS_COLUMN);
  if (bad !== undefined) throw new Error(`"${bad}" cannot name a column of the file in the SQL (use unused_column_<n>)`);
  if (new Set(columns).size !== columns.length) throw new Error(`the file's columns name one column twice: ${columns.join(', ')}`);
}
