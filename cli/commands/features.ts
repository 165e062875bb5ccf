// `npm run cli -- features FILE.csv [--cut faithful|strict] [--out features.csv] [--summary summary.json] [--rejected rejected.csv]`
import { createWriteStream, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { choiceOption, flagOption, numberOption, outputOption, requireSeparatePaths, type CommandSpec } from '../args.ts';
import { UsageError } from '../usageError.ts';
import { writeChunks } from '../chunkWriter.ts';
import { requireValidRows } from '../../src/core/ingest/requireDataRows.ts';
import { commandRunner } from '../commandRunner.ts';
import { WORKERS_RANGE } from '../workersRange.ts';
import { readCsvFeatures } from '../readCsvFeatures.ts';
import { featuresCsvByteChunks } from '../../src/core/features/featuresCsv.ts';
import { IngestError } from '../../src/core/ingest/csvIngestor.ts';
import { REJECT_REASONS, rejectionReportCsv, type RejectReason } from '../../src/core/csv/rejections.ts';
import { describeJoinedRecords } from '../../src/core/csv/joinedRecords.ts';
import type { PipelineSummary } from '../../src/core/ingest/pipelineSummary.ts';

const USAGE = `usage: npm run cli -- features FILE.csv [--cut faithful|strict] [--out features.csv] [--summary summary.json] [--rejected rejected.csv] [--workers N] [--parser bytes|papaparse] [--quiet]

Parses a REES46-format CSV, cuts each session at its first purchase and writes one row of features
per session (user_session,label,view_count,cart_count,session_duration,avg_price,max_price,unique_items,
then the extended features). Prints a summary; --summary also writes it as JSON.
--out -: the features on standard output (the summary then goes to stderr).
--rejected: writes every rejected row's line number and reason (the first 100,000), with the counts
and the first 5 rows of each reason as text (the app's "rejected rows" download).
--workers: parse byte ranges in N threads, 1 to 256 (default: the number of cores; files under 32 MB use one).
--parser papaparse: tokenize with papaparse instead of the byte scanner (the same validation of each row, 3.5× slower;
a reference). The same rows on well-formed CSV; on broken quoting papaparse recovers its own way (text after a
closing quote, as in "abc"def, can swallow the lines after it), and it has no 64 KiB record limit.`;

export const commandSpec: CommandSpec = {
  name: 'features',
  usage: USAGE,
  valueOptions: ['cut', 'out', 'summary', 'rejected', 'workers', 'parser'],
  flags: ['quiet'],
  positionals: ['FILE.csv'],
};

export const run = commandRunner(commandSpec, async (args) => {
  const file = args.positionals[0];
  const cut = choiceOption(args, 'cut', ['faithful', 'strict'] as const, 'faithful');
  const workers = numberOption(args, 'workers', WORKERS_RANGE, availableParallelism());
  const parser = choiceOption(args, 'parser', ['bytes', 'papaparse'] as const, 'bytes');
  const quiet = flagOption(args, 'quiet');
  const out = outputOption(args, 'out');
  const summaryPath = outputOption(args, 'summary');
  const rejectedPath = outputOption(args, 'rejected');
  for (const [key, path] of [['summary', summaryPath], ['rejected', rejectedPath]] as const) {
    if (path === '-') throw new UsageError(`--${key} -: only --out can go to standard output; give a file name`);
  }
  requireSeparatePaths({ 'the input file': file }, { out, summary: summaryPath, rejected: rejectedPath });
  // --out -: the features on standard output, for a pipe; the summary then goes to stderr.
  const toStdout = out === '-';
  let lastReport = 0;
  try {
    const { table, summary, ingest } = await readCsvFeatures(file, {
      cut,
      workers,
      parser,
      onProgress: (read, total, rows) => {
        const now = Date.now();
        if (quiet || !process.stderr.isTTY || now - lastReport < 500) return;
        lastReport = now;
        process.stderr.write(`\r  ${((100 * read) / Math.max(1, total)).toFixed(1)} %  ${rows.toLocaleString('en-US')} rows`);
      },
    });
    if (!quiet && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    if (out) {
      const { failure } = await writeChunks(toStdout ? process.stdout : createWriteStream(out), featuresCsvByteChunks(table), !toStdout);
      // The reader of a pipe closed it (`| head`): it has what it wanted, as with `generate`; the
      // other outputs and the summary (on stderr) follow all the same.
      if (failure && !(failure.code === 'EPIPE' && toStdout)) throw failure;
    }
    if (summaryPath) writeFileSync(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
    if (rejectedPath) writeFileSync(rejectedPath, rejectionReportCsv(ingest.rejected, ingest.fileName));
    if (!quiet) (toStdout ? console.error : console.log)(formatSummary(summary, toStdout ? 'standard output' : out, rejectedPath));
    // Every row rejected: the outputs are written (the rejections are what the file has to say), but a
    // script must not take it for success; the app refuses such a file.
    requireValidRows(ingest, rejectedPath ? `Every rejected line with its reason: ${rejectedPath}.` : 'To list every rejected line with its reason: add --rejected rejected.csv.');
    return 0;
  } catch (err) {
    if (err instanceof IngestError) {
      console.error(`error: ${err.message}`);
      return 1;
    }
    throw err;
  }
});

export function formatSummary(s: PipelineSummary, out?: string, rejectedOut?: string): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const lines = [
    `${s.file}: ${n(s.bytes)} bytes, ${n(s.lines)} lines in ${s.seconds.toFixed(2)} s${s.seconds >= 0.1 ? ` (${(s.bytes / 1e6 / s.seconds).toFixed(0)} MB/s)` : ''}`,
    `  valid events   ${n(s.rows)}  (view ${n(s.eventCounts.view)}, cart ${n(s.eventCounts.cart)}, purchase ${n(s.eventCounts.purchase)}, remove_from_cart ${n(s.eventCounts.remove_from_cart)})`,
    `  rejected rows  ${n(s.rejected.total)}${s.blankLines ? `  (blank lines skipped: ${n(s.blankLines)})` : ''}${s.rejected.total ? (rejectedOut ? `  → ${rejectedOut}, every line with its reason` : '  (every line with its reason: --rejected FILE)') : ''}`,
  ];
  for (const [reason, count] of Object.entries(s.rejected.byReason)) {
    const ex = s.rejected.examples.filter((e) => e.reason === reason).map((e) => e.line);
    lines.push(`    ${reason.padEnd(20)} ${n(count ?? 0).padStart(9)}  ${REJECT_REASONS[reason as RejectReason]} (e.g. line ${ex.join(', ')})`);
  }
  if (s.joinedRecords.records > 0) lines.push(`  joined lines   ${describeJoinedRecords(s.joinedRecords)}`);
  lines.push(
    `  sessions       ${n(s.sessions)}, with a purchase ${n(s.buyerSessions)} (${(100 * s.sessionConversionRate).toFixed(2)} %)  (all valid events, before the cut)`,
    `  cut            ${s.cut}: ${n(s.keptEvents)} events kept, ${n(s.droppedAfterCut)} dropped, ${n(s.emptyAfterCut)} buyer sessions empty after the cut`,
    `  feature rows   ${n(s.featureRows)}, label 1: ${n(s.buyerSessions - s.emptyAfterCut)}${out ? ` → ${out}` : ''}`,
  );
  return lines.join('\n');
}
