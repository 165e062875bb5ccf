// `npm run cli -- sql --dialect spark|duckdb --cut faithful|strict [--input path] [--out path] [--run]`
// Prints the feature pipeline as SQL (generated from the feature catalogue). With --run (DuckDB only)
// it also executes the script here, reading --input and writing --out.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs, choiceOption, stringOption, outputOption } from '../args.ts';
import { generateFeatureSql, DEFAULT_SQL_INPUT } from '../../src/core/sql/generateFeatureSql.ts';
import { SQL_DIALECTS } from '../../src/core/sql/dialects.ts';
import { packStrings, type FeatureTable } from '../../src/core/features/featureTable.ts';

const USAGE = `usage: npm run cli -- sql [--dialect spark|duckdb] [--cut faithful|strict] [--input events.csv]
                         [--out features.csv|features.parquet] [--sql-out script.sql] [--run]

Prints the session-feature pipeline (leakage cut, the original six and the extended features, user
history, label) as Spark SQL or DuckDB SQL, generated from the same feature catalogue the app uses.
  --dialect   spark (default) or duckdb
  --cut       faithful (default: the first purchase stays in) or strict (only events before it)
  --input     the events CSV the script reads (default ${DEFAULT_SQL_INPUT}; Spark also takes a directory or glob)
  --out       make the script write the features there (.parquet → Parquet, else CSV) instead of printing them
  --sql-out   write the script to this file instead of stdout
  --run       DuckDB only: execute the script here with @duckdb/node-api (needs --input and --out)`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['run', 'help']);
  if (args.options.has('help')) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length > 0) {
    console.error(`unexpected argument "${args.positionals[0]}" (the input file goes after --input)\n\n${USAGE}`);
    return 2;
  }
  const dialect = choiceOption(args, 'dialect', SQL_DIALECTS, 'spark');
  const cut = choiceOption(args, 'cut', ['faithful', 'strict'] as const, 'faithful');
  const input = stringOption(args, 'input');
  const output = stringOption(args, 'out');
  const sqlOut = outputOption(args, 'sql-out');
  const sql = generateFeatureSql({ dialect, cut, input, output });

  if (!args.options.has('run')) {
    if (sqlOut) writeFileSync(sqlOut, sql);
    else process.stdout.write(sql);
    return 0;
  }
  if (dialect !== 'duckdb' || !input || !output) {
    console.error('--run executes the DuckDB script here: it needs --dialect duckdb, --input and --out');
    return 2;
  }
  if (sqlOut) writeFileSync(sqlOut, sql);
  const t0 = performance.now();
  // The script ends in COPY … TO, whose result is the number of rows written.
  const { columns } = await runDuckDbScript(sql);
  const written = Number(columns[0]?.[0] ?? 0);
  console.log(`${input} → ${output}: ${written.toLocaleString('en-US')} sessions, cut ${cut}, ${((performance.now() - t0) / 1000).toFixed(2)} s with DuckDB`);
  return 0;
}

export interface DuckDbResult {
  names: string[];
  columns: unknown[][];
}

/** Runs a script (several statements) in a fresh in-memory DuckDB; returns the last statement's rows. */
export async function runDuckDbScript(sql: string): Promise<DuckDbResult> {
  // A dev dependency: loaded only when a script is run, so printing SQL needs nothing installed.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return { names: reader.columnNames(), columns: reader.getColumnsJS() as unknown[][] };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The generated script's result (`user_session, label, <features…>`) as a FeatureTable. */
export async function runDuckDbFeatureSql(sql: string): Promise<FeatureTable> {
  const { names, columns } = await runDuckDbScript(sql);
  if (names[0] !== 'user_session' || names[1] !== 'label') throw new Error(`unexpected result columns: ${names.join(', ')}`);
  const rows = columns[0].length;
  return {
    names: names.slice(2),
    rows,
    columns: columns.slice(2).map((c) => Float64Array.from(c, (v) => Number(v))),
    label: Uint8Array.from(columns[1], (v) => Number(v)),
    sessionIds: packStrings(columns[0].map((v) => String(v))),
  };
}
