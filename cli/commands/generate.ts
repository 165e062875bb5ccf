// `npm run cli -- generate --rows N [--seed S] [--out FILE.csv|-] [--removals]`
// Streams chunks straight from the generator to the file: memory stays at a chunk or two (each
// ~7 MB) whatever the row count, so a 42 M-row, 5.6 GB month can be written.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { flagOption, numberOption, outputOption, type CommandSpec } from '../args.ts';
import { commandRunner } from '../commandRunner.ts';
import { writeChunks } from '../chunkWriter.ts';
import type { NumberRange } from '../numberRange.ts';
import { generateCsvByteChunks } from '../../src/core/generate/generateCsv.ts';

const USAGE = `usage: npm run cli -- generate [--rows N] [--seed S] [--out FILE.csv|-] [--removals]

Writes deterministic REES46-format demo data (event_time,event_type,product_id,category_id,
category_code,brand,price,user_id,user_session), sorted by event_time, calibrated to the real
October 2019 file: ~96 % views, 2 % carts, 1.7 % purchases, ~7 % of sessions buy.
  --rows N      data rows to write, exactly (default 1000000; 42448764 is the real month)
  --seed S      any number; the same rows and seed always give the same file (default 1)
  --out FILE    file to write; "-" or no --out writes to stdout
  --removals    also emit remove_from_cart events, as the Nov/Dec 2019 files have
A summary line (rows, bytes, seconds) goes to stderr.`;

export const commandSpec: CommandSpec = { name: 'generate', usage: USAGE, valueOptions: ['rows', 'seed', 'out'], flags: ['removals'], positionals: [] };

/** Any count the generator can write exactly; 0 gives the header line alone. */
const ROWS_RANGE: NumberRange = { min: 0, max: Infinity, integer: true };
/** "Any number": the generator folds negative, fractional and huge seeds into 32 bits (seedWord). */
const SEED_RANGE: NumberRange = { min: -Infinity, max: Infinity, integer: false };

export const run = commandRunner(commandSpec, async (args) => {
  const rows = numberOption(args, 'rows', ROWS_RANGE, 1_000_000);
  const seed = numberOption(args, 'seed', SEED_RANGE, 1);
  const out = outputOption(args, 'out') ?? '-';
  const toStdout = out === '-';
  const stream: Writable = toStdout ? process.stdout : createWriteStream(out);

  const started = performance.now();
  const { bytes, failure } = await writeChunks(stream, generateCsvByteChunks({ rows, seed, includeRemovals: flagOption(args, 'removals') }), !toStdout);
  if (failure && failure.code !== 'EPIPE') {
    console.error(`generate: could not write ${toStdout ? 'stdout' : out}: ${failure.message}`);
    return 1;
  }

  const seconds = (performance.now() - started) / 1000;
  if (failure) {
    console.error(`generate: stopped after ${(bytes / 1e6).toFixed(1)} MB, the reader closed the pipe`);
    return 0;
  }
  console.error(
    `generate: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s ` +
      `(${Math.round(rows / Math.max(seconds, 1e-9) / 1000).toLocaleString('en-US')}k rows/s) → ${toStdout ? 'stdout' : out}`,
  );
  return 0;
});
