// A file with the REES46 columns in another order (or among other columns): the app reads them by the
// header's names, the SQL by position, so the script lists the file's columns in the file's order.
import { describe, expect, it } from 'vitest';
import { SparkSQL } from 'dt-sql-parser/dist/parser/spark/index.js';
import { checkHeader, REQUIRED_COLUMNS, type ColumnLayout } from '../../src/core/csv/schema.ts';
import { checkRawEventColumns, isUsualColumnOrder, rawEventColumns } from '../../src/core/sql/rawEventColumns.ts';
import { generateFeatureSql } from '../../src/core/sql/generateFeatureSql.ts';

function layoutOf(header: string): ColumnLayout {
  const check = checkHeader(header.split(','));
  if (!check.ok) throw new Error(check.message);
  return check.layout;
}

const REORDERED = 'user_session,price,event_time,product_id,event_type,category_id,category_code,user_id,brand';

describe('rawEventColumns', () => {
  it('names each REES46 column where the header has it (first occurrence, any case), any other by its position', () => {
    expect(rawEventColumns(layoutOf(REQUIRED_COLUMNS.join(',')))).toEqual([...REQUIRED_COLUMNS]);
    expect(rawEventColumns(layoutOf(REORDERED))).toEqual(REORDERED.split(','));
    expect(rawEventColumns(layoutOf(`source,${REQUIRED_COLUMNS.join(',').toUpperCase()},price,"x y"`))).toEqual(['unused_column_1', ...REQUIRED_COLUMNS, 'unused_column_11', 'unused_column_12']);
  });

  it('isUsualColumnOrder: the nine in order and nothing else', () => {
    expect([isUsualColumnOrder(REQUIRED_COLUMNS), isUsualColumnOrder(REORDERED.split(',')), isUsualColumnOrder([...REQUIRED_COLUMNS, 'unused_column_10'])]).toEqual([true, false, false]);
  });

  it('checkRawEventColumns refuses a list the SQL cannot read', () => {
    expect(() => checkRawEventColumns(REQUIRED_COLUMNS.slice(1))).toThrow(/must name event_time once, not 0 times/);
    expect(() => checkRawEventColumns([...REQUIRED_COLUMNS, 'price'])).toThrow(/must name price once, not 2 times/);
    expect(() => checkRawEventColumns([...REQUIRED_COLUMNS, 'extra_fields'])).toThrow('"extra_fields" cannot name a column of the file in the SQL');
    expect(() => checkRawEventColumns([...REQUIRED_COLUMNS, 'x y'])).toThrow('"x y" cannot name a column of the file in the SQL');
    expect(() => checkRawEventColumns([...REQUIRED_COLUMNS, 'unused_column_10', 'unused_column_10'])).toThrow(/name one column twice/);
    expect(() => generateFeatureSql({ dialect: 'duckdb', cut: 'strict', inputColumns: ['event_time'] })).toThrow(/must name event_type once/);
  });
});

describe('generateFeatureSql with the file\'s columns', () => {
  it('the usual order gives the same script as none given', () => {
    for (const dialect of ['duckdb', 'spark'] as const) {
      expect(generateFeatureSql({ dialect, cut: 'strict', input: 'a.csv', inputColumns: [...REQUIRED_COLUMNS] })).toBe(generateFeatureSql({ dialect, cut: 'strict', input: 'a.csv' }));
    }
  });

  it('DuckDB reads the columns in the file\'s order and refuses a row short of its last column', () => {
    const sql = generateFeatureSql({ dialect: 'duckdb', cut: 'strict', input: 'a.csv', inputColumns: REORDERED.split(',') });
    expect(sql).toContain(`  columns = {${[...REORDERED.split(','), 'extra_fields'].map((c) => `'${c}': 'VARCHAR'`).join(', ')}})`);
    expect(sql).toContain(`SELECT ${REQUIRED_COLUMNS.join(', ')}\nFROM read_csv('a.csv',`);
    expect(sql).toContain('WHERE extra_fields IS NULL AND brand IS NOT NULL;');
    expect(sql).toContain(`-- The raw file, every field as text, with the columns in the order of the file's header when this\n-- script was generated:\n-- ${REORDERED} (the\n`);
    expect(sql).not.toContain('in their usual order');
  });

  it('Spark declares the file\'s columns in its order, and the script parses', () => {
    const columns = ['unused_column_1', ...REORDERED.split(',')];
    const sql = generateFeatureSql({ dialect: 'spark', cut: 'strict', input: 'a.csv', inputColumns: columns });
    expect(sql).toContain(`CREATE OR REPLACE TEMPORARY VIEW raw_events (${columns.map((c) => `${c} STRING`).join(', ')})`);
    expect(new SparkSQL().validate(sql)).toEqual([]);
  });
});
