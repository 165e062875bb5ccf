// The SQL descriptions cover the catalogue, the generated text has the promised shape, and the Spark
// text is valid Spark SQL (dt-sql-parser's grammar is Apache Spark's own SqlBase grammar). Its
// meaning is checked by running the DuckDB text (duckdbConformance.test.ts): the two dialects share
// everything but the lines in src/core/sql/dialects.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SparkSQL } from 'dt-sql-parser/dist/parser/spark/index.js';
import { FEATURES, FEATURE_NAMES, type FeatureDefinition } from '../../src/core/features/featureDefinitions.ts';
import { FEATURE_SQL, SCOPE_PREFIX, SESSION_COLUMNS, placeholders } from '../../src/core/sql/featureSql.ts';
import { collectAggregates, featureValueSql, generateFeatureSql } from '../../src/core/sql/generateFeatureSql.ts';
import { DIALECTS } from '../../src/core/sql/dialects.ts';

describe('featureSql: one SQL description per catalogue feature', () => {
  it('every feature in FEATURES has SQL (add one in src/core/sql/featureSql.ts when you add a feature)', () => {
    const missing = FEATURE_NAMES.filter((n) => !(n in FEATURE_SQL));
    expect(missing, `features without SQL: ${missing.join(', ')}`).toEqual([]);
  });

  it('describes no feature that the catalogue lacks', () => {
    expect(Object.keys(FEATURE_SQL).filter((n) => !FEATURE_NAMES.includes(n))).toEqual([]);
  });

  it('each {name} in a value is one of its aggregates or a session column', () => {
    for (const f of FEATURES) {
      const sql = FEATURE_SQL[f.name];
      for (const name of placeholders(sql.value)) {
        expect(name in (sql.aggregates ?? {}) || name in SESSION_COLUMNS, `${f.name}: {${name}}`).toBe(true);
      }
      expect(() => featureValueSql(f)).not.toThrow();
    }
  });

  it('aggregates only in scopes that have events (kept, prePurchase)', () => {
    for (const f of FEATURES) {
      if (FEATURE_SQL[f.name].aggregates) expect(SCOPE_PREFIX[f.scope], f.name).not.toBeNull();
    }
    expect(() => collectAggregates()).not.toThrow();
  });

  it('rejects a feature without SQL, and two features declaring one aggregate name differently', () => {
    const orphan: FeatureDefinition = { name: 'no_such_feature', group: 'extended', scope: 'kept', integer: true, max: 'sessionEvents', doc: '' };
    expect(() => collectAggregates([...FEATURES, orphan])).toThrow(/no_such_feature.*no SQL description/);
    const clash = [FEATURES.find((f) => f.name === 'carts_per_view')!, { ...FEATURES.find((f) => f.name === 'view_count')!, scope: 'prePurchase' as const }];
    // view_count's `views` is count('view') like carts_per_view's: the same column, no clash.
    expect(collectAggregates(clash).map((a) => a.column)).toEqual(['pre_carts', 'pre_views']);
  });
});

describe('generateFeatureSql', () => {
  it('outputs user_session, label, then the features in catalogue order, in both dialects', () => {
    for (const dialect of ['spark', 'duckdb'] as const) {
      const sql = generateFeatureSql({ dialect, cut: 'strict' });
      const aliases = [...sql.matchAll(/^ {2}(?:CAST\(.*\) AS (\w+)|(user_session)),?$/gm)].map((m) => m[1] ?? m[2]);
      expect(aliases).toEqual(['user_session', 'label', ...FEATURE_NAMES]);
    }
  });

  it('differs between the cuts only in the kept rule and its comments', () => {
    const f = generateFeatureSql({ dialect: 'duckdb', cut: 'faithful' }).split('\n');
    const s = generateFeatureSql({ dialect: 'duckdb', cut: 'strict' }).split('\n');
    const changed = f.filter((line, i) => line !== s[i] && !line.startsWith('--'));
    expect(changed).toEqual(['    (first_purchase_time IS NULL OR event_time_s <= first_purchase_time) AS is_kept,']);
  });

  // spark-sql and older SQL clients split a script at semicolons and track quotes without always
  // skipping comments (SPARK-30049, SPARK-33100): keep both out of the comments.
  it('writes comments without quotes or semicolons', () => {
    for (const dialect of ['spark', 'duckdb'] as const) {
      for (const cut of ['faithful', 'strict'] as const) {
        const comments = generateFeatureSql({ dialect, cut, output: 'out.csv' }).split('\n').filter((l) => l.trimStart().startsWith('--'));
        expect(comments.filter((l) => /['";]/.test(l)), `${dialect}/${cut}`).toEqual([]);
      }
    }
  });

  it('quotes the input and output paths for each dialect', () => {
    const duck = generateFeatureSql({ dialect: 'duckdb', cut: 'faithful', input: "o'brien.csv", output: 'out/f.parquet' });
    expect(duck).toContain("read_csv('o''brien.csv',");
    expect(duck).toContain("  SELECT * FROM session_features ORDER BY user_session\n) TO 'out/f.parquet' (FORMAT parquet);");
    const spark = generateFeatureSql({ dialect: 'spark', cut: 'faithful', input: "s3://b/o'brien\\*.csv", output: 'hdfs:///f' });
    expect(spark).toContain("path 's3://b/o\\'brien\\\\*.csv'");
    expect(spark).toContain("INSERT OVERWRITE DIRECTORY 'hdfs:///f' USING csv OPTIONS (header 'true')");
    expect(DIALECTS.spark.stringLiteral('a\\b')).toBe("'a\\\\b'");
  });
});

describe('the Spark SQL text', () => {
  const parser = new SparkSQL();
  afterEach(() => vi.restoreAllMocks());

  it.each(['faithful', 'strict'] as const)('%s cut: matches the reviewed snapshot', async (cut) => {
    await expect(generateFeatureSql({ dialect: 'spark', cut })).toMatchFileSnapshot(`./snapshots/features-spark-${cut}.sql`);
  });

  // About 2.5 s for the whole script on this machine, so one script in full (the cuts differ in one
  // comparison operator, see above), then the other closing statements alone.
  it('parses with the Spark grammar, printing or writing Parquet/CSV', () => {
    const sql = generateFeatureSql({ dialect: 'spark', cut: 'strict', input: 's3://bucket/rees46/*.csv' });
    expect(parser.validate(sql)).toEqual([]);
    expect(parser.splitSQLByStatement(sql)?.length).toBe(4);
    for (const output of ['s3://bucket/features.parquet', '/data/features.csv']) {
      expect(parser.validate(DIALECTS.spark.emit('session_features', output)), output).toEqual([]);
    }
  });

  it('the parser does catch errors: the DuckDB statements are not Spark SQL', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // ANTLR also prints what it rejects
    expect(parser.validate(DIALECTS.duckdb.readRawEvents('events.csv')).length).toBeGreaterThan(0);
    expect(parser.validate(DIALECTS.duckdb.emit('session_features', 'f.parquet')).length).toBeGreaterThan(0);
  });
});
