// `npm run cli -- sql --dialect spark|duckdb --cut faithful|strict [--input path] [--out path] [--run]`
// Prints the feature pipeline as SQL (generated from the feature catalogue). With --run (DuckDB only)
// it also executes the script here, reading --input and writing --out, then reads --input with the
// app's own pipeline and warns when the two session counts differ.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { choiceOption, flagOption, numberOption, outputOption, requireSeparatePaths, stringOption, type CommandSpec } from '../args.ts';
import { commandRunner } from '../commandRunner.ts';
import { UsageError } from '../usageError.ts';
import { WORKERS_RANGE } from '../workersRange.ts';
import { readCsvFeatures } from '../readCsvFeatures.ts';
import { requireInputFile } from '../readCsv.ts';
import { shellQuote } from '../shellQuote.ts';
import { IngestError } from '../../src/core/ingest/csvIngestor.ts';
import { rejectionReportCsv, type RejectionSummary } from '../../src/core/csv/rejections.ts';
import type { CutMode } from '../../src/core/features/sessionFeatures.ts';
import { generateFeatureSql, DEFAULT_SQL_INPUT } from '../../src/core/sql/generateFeatureSql.ts';
import { SQL_DIALECTS } from '../../src/core/sql/dialects.ts';
import { isUsualColumnOrder, rawEventColumns } from '../../src/core/sql/rawEventColumns.ts';
import { readHeaderLayout } from '../readCsvHeader.ts';
import { packStrings, type FeatureTable } from '../../src/core/features/featureTable.ts';

const USAGE = `usage: npm run cli -- sql [--dialect spark|duckdb] [--cut faithful|strict] [--input events.csv]
                         [--out features.csv|features.parquet] [--sql-out script.sql]
                         [--run [--rejected rejected.csv] [--workers N] [--no-check]]

Prints the session-feature pipeline (leakage cut, the original six and the extended features, user
history, label) as Spark SQL or DuckDB SQL, generated from the same feature catalogue the app uses.
  --dialect   spark (default) or duckdb
  --cut       faithful (default: the first purchase stays in) or strict (only events before it)
  --input     the events CSV the script reads (default ${DEFAULT_SQL_INPUT}; Spark also takes a directory or glob).
              When it is a file here, the script reads its columns in the order of its header, as the app
              reads them by name; otherwise in the usual REES46 order
  --out       make the script write the features there (.parquet → Parquet, else CSV) instead of printing them
  --sql-out   write the script to this file instead of stdout
  --run       DuckDB only: execute the script here with @duckdb/node-api (needs --input and --out), then
              check it: the app's own pipeline (as \`features\`) reads --input too, and when its session
              count differs from DuckDB's a warning names both (on stderr; the exit code stays 0, the
              features were written). The SQL reads broken quoting and a lone CR differently (README,
              "Known differences from the app"); the app's rejected rows show where such lines are.
  --rejected  with --run: write the rows the app rejects there, each line with its reason
  --workers   with --run: threads for the app's check, 1 to 256 (default: the number of cores)
  --no-check  with --run: skip the check (it reads the file a second time)`;

export const commandSpec: CommandSpec = {
  name: 'sql',
  usage: USAGE,
  valueOptions: ['dialect', 'cut', 'input', 'out', 'sql-out', 'rejected', 'workers'],
  flags: ['run', 'no-check'],
  positionals: [],
  extraArgumentHint: 'the input file goes after --input',
};

export const run = commandRunner(commandSpec, async (args) => {
  const dialect = choiceOption(args, 'dialect', SQL_DIALECTS, 'spark');
  const cut = choiceOption(args, 'cut', ['faithful', 'strict'] as const, 'faithful');
  const input = stringOption(args, 'input');
  const output = stringOption(args, 'out');
  const workers = numberOption(args, 'workers', WORKERS_RANGE, availableParallelism());
  const runScript = flagOption(args, 'run');
  const check = !flagOption(args, 'no-check');
  const sqlOut = outputOption(args, 'sql-out');
  const rejectedOut = outputOption(args, 'rejected');
  requireSeparatePaths({ 'the input file': input }, { out: output, 'sql-out': sqlOut, rejected: rejectedOut });
  // The engines read CSV columns by position, the app by the header's names: a local --input whose
  // header has another order (or extra columns) gets a script that reads its columns in that order.
  const layout = input === undefined ? null : readHeaderLayout(input);
  const inputColumns = layout ? rawEventColumns(layout) : undefined;
  if (inputColumns && !isUsualColumnOrder(inputColumns)) {
    console.error(`note: ${input} has its columns in another order than the usual REES46 one (${layout?.headerColumns.join(',')}): the script reads them in that order`);
  }
  const sql = generateFeatureSql({ dialect, cut, input, output, inputColumns });

  if (!runScript) {
    if (rejectedOut) throw new UsageError('--rejected writes the rows the app rejects while --run checks the script: add --run (DuckDB)');
    // Options of --run alone would otherwise be ignored without a word.
    for (const key of ['workers', 'no-check']) if (args.options.has(key)) throw new UsageError(`--${key} applies only with --run`);
    if (sqlOut) writeFileSync(sqlOut, sql);
    else process.stdout.write(sql);
    return 0;
  }
  if (dialect !== 'duckdb' || !input || !output) throw new UsageError('--run executes the DuckDB script here: it needs --dialect duckdb, --input and --out');
  if (rejectedOut && !check) throw new UsageError('--rejected comes from the check, which --no-check skips');
  // Said as the other commands say it, not as DuckDB's "IO Error: No files found that match the pattern"
  // (a glob or a URL is DuckDB's to read).
  if (!/[*?[]|^[a-z][a-z0-9+.-]*:\/\//i.test(input)) requireInputFile(input);
  if (sqlOut) writeFileSync(sqlOut, sql);
  const t0 = performance.now();
  // The script ends in COPY … TO, whose result is the number of rows written.
  const { columns } = await runDuckDbScript(sql);
  const written = Number(columns[0]?.[0] ?? 0);
  console.log(`${input} → ${output}: ${written.toLocaleString('en-US')} session${written === 1 ? '' : 's'}, cut ${cut}, ${((performance.now() - t0) / 1000).toFixed(2)} s with DuckDB`);
  if (!check) return 0;

  // The check: the same file through the app's pipeline (the code of `cli features`).
  let app;
  try {
    app = await readCsvFeatures(input, { cut, workers });
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    console.error(`warning: the app cannot load ${input}, so DuckDB's ${written.toLocaleString('en-US')} sessions are unchecked: ${err.message}`);
    return 0;
  }
  if (rejectedOut) writeFileSync(rejectedOut, rejectionReportCsv(app.ingest.rejected, app.ingest.fileName));
  const verdict = sessionCountCheck({ input, cut, duckdbSessions: written, appSessions: app.table.rows, rejected: app.ingest.rejected, rejectedOut });
  if (verdict.ok) console.log(verdict.message);
  else console.error(verdict.message);
  return 0;
});

/** Rejection reasons that mark broken quoting or line structure, where DuckDB reads differently. */
const STRUCTURE_REASONS = ['unterminated_quote', 'field_count', 'line_too_long'] as const;

/**
 * Compares the sessions DuckDB wrote with the app's feature rows for the same file and cut. Equal:
 * one line saying so. Different: a warning naming both counts and where to look.
 */
export function sessionCountCheck(c: {
  input: string;
  cut: CutMode;
  duckdbSessions: number;
  appSessions: number;
  rejected: RejectionSummary;
  rejectedOut?: string;
}): { ok: boolean; message: string } {
  const n = (v: number) => v.toLocaleString('en-US');
  if (c.duckdbSessions === c.appSessions) {
    return { ok: true, message: `check: the app's pipeline finds the same ${n(c.appSessions)} sessions in ${c.input} (cut ${c.cut})` };
  }
  const structural = STRUCTURE_REASONS.filter((r) => (c.rejected.byReason[r] ?? 0) > 0).map((r) => `${r} ${n(c.rejected.byReason[r] ?? 0)}`);
  const report = c.rejectedOut ? `Every one with its reason: ${c.rejectedOut}` : `Every one with its reason: add --rejected rejected.csv (or npm run cli -- features ${shellQuote(c.input)} --rejected rejected.csv)`;
  const diff = c.duckdbSessions - c.appSessions;
  return {
    ok: false,
    message: [
      `warning: DuckDB wrote ${n(c.duckdbSessions)} sessions, the app's pipeline finds ${n(c.appSessions)} in ${c.input} (cut ${c.cut}): ${n(Math.abs(diff))} ${diff < 0 ? 'fewer' : 'more'} in the SQL result.`,
      '  The SQL reads some malformed lines differently from the app (README, SQL export, "Known differences',
      '  from the app"): a quote left open joins every line up to the next quote, however far; text after a',
      '  closing quote loses its last character; a lone CR ends a line; DuckDB skips a row with bytes that',
      '  are not UTF-8.',
      c.rejected.total === 0
        ? '  The app rejects no row of this file: look for quotes, lone CRs and bytes that are not UTF-8 in the lines it accepts.'
        : `  The app rejects ${n(c.rejected.total)} rows of this file${structural.length ? ` (${structural.join(', ')})` : ''}. ${report}.`,
    ].join('\n'),
  };
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
  // An empty result has no column arrays at all.
  const column = (i: number): unknown[] => columns[i] ?? [];
  return {
    names: names.slice(2),
    rows: column(0).length,
    columns: names.slice(2).map((_, i) => Float64Array.from(column(i + 2), (v) => Number(v))),
    label: Uint8Array.from(column(1), (v) => Number(v)),
    sessionIds: packStrings(column(0).map((v) => String(v))),
  };
}
