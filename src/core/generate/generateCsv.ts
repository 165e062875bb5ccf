// Deterministic REES46-format demo data, streamed in chunks with bounded memory.
//
// Sessions start one after another along a progress variable x (the expected share of rows generated
// so far), mapped to seconds by the diurnal TrafficClock. Each session's events are generated whole at
// its start and parked in a min-heap keyed by (time, sequence); before a session starts, every parked
// event at or before its start time is written. Output is therefore sorted by event_time, ties broken
// by generation order, and memory holds only the sessions still in progress (plus one byte per user).
//
// Exactly `rows` data rows: events past the window's end are dropped (the real file cuts sessions at
// midnight on October 31 the same way), sessions are generated until at least `rows` events exist
// inside the window, then the heap is drained in time order and writing stops at `rows`.
import { buildCatalogue } from './catalogue.ts';
import { CsvRowWriter } from './csvRowWriter.ts';
import { EventHeap } from './eventHeap.ts';
import { Rng, seedWord } from './random.ts';
import { SessionSuffixPool, writeSessionSuffix } from './sessionSuffixes.ts';
import { EVENT_TYPE_NAMES, generateSession, SessionEvents } from './sessionModel.ts';
import { TrafficClock, windowSeconds } from './trafficClock.ts';
import { SESSIONS_PER_POOLED_USER, UserPool } from './users.ts';

export { CSV_HEADER } from './csvRowWriter.ts';

export interface GeneratorOptions {
  /** Exact number of data rows (the header is extra). */
  rows: number;
  /** Any finite number; the same (rows, seed, includeRemovals) always gives the same text. */
  seed: number;
  /** Add remove_from_cart events (the Nov/Dec 2019 files have them, October has none). Default false. */
  includeRemovals?: boolean;
}

/** Mean events per session the model produces (measured on 1 M rows); sets the session rate and the
 * user pool size. A few percent off only shifts sessions slightly within the window. */
export const MEAN_EVENTS_PER_SESSION = 4.6;

const STREAM_CATALOGUE = 1;
const STREAM_SESSIONS = 2;

/** The whole file as one string: for tests and in-browser demos up to a few hundred thousand rows. */
export function generateCsv(opts: GeneratorOptions): string {
  const parts: string[] = [];
  for (const chunk of generateCsvChunks(opts, 100_000)) parts.push(chunk);
  return parts.join('');
}

/** The CSV text in pieces of `rowsPerChunk` rows; the first piece starts with the header. Every line
 * ends with "\n". Chunk size never changes the text, only how it is cut. */
export function* generateCsvChunks(opts: GeneratorOptions, rowsPerChunk = 50_000): Generator<string> {
  // Everything generated is ASCII, so latin1 decoding is exact and the fastest decoder there is.
  const ascii = new TextDecoder('latin1');
  for (const bytes of generateCsvByteChunks(opts, rowsPerChunk)) yield ascii.decode(bytes);
}

/** The same chunks as ASCII bytes, for writers that want bytes (a file, a Blob) without a string. Each
 * chunk is a fresh buffer, safe to hold after the next one is produced. */
export function* generateCsvByteChunks(opts: GeneratorOptions, rowsPerChunk = 50_000): Generator<Uint8Array> {
  const rows = opts.rows;
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  if (!Number.isSafeInteger(rowsPerChunk) || rowsPerChunk < 1) throw new RangeError(`rowsPerChunk must be a positive integer, got ${rowsPerChunk}`);
  const includeRemovals = opts.includeRemovals ?? false;

  const catalogue = buildCatalogue(new Rng(opts.seed, STREAM_CATALOGUE));
  const rng = new Rng(opts.seed, STREAM_SESSIONS);
  const windowSec = windowSeconds(rows);
  const clock = new TrafficClock(windowSec);
  const users = new UserPool(Math.round(rows / MEAN_EVENTS_PER_SESSION / SESSIONS_PER_POOLED_USER), seedWord(opts.seed));
  const heap = new EventHeap();
  const session = new SessionEvents();
  const suffixes = new SessionSuffixPool();
  const writer = new CsvRowWriter(catalogue, EVENT_TYPE_NAMES);

  writer.startChunk(Math.min(rowsPerChunk, rows), true);
  let chunkRows = 0;
  let emitted = 0;
  let generated = 0;
  let seq = 0;
  let progress = 0;

  while (emitted < rows) {
    // Next session start, or past everything once enough events exist.
    let startSec = Infinity;
    if (generated < rows) {
      const sessionsLeft = Math.max(1, (rows - generated) / MEAN_EVENTS_PER_SESSION);
      // Exponential gaps whose mean spreads the expected remaining sessions over the remaining
      // progress; it corrects itself if sessions run longer or shorter than the mean.
      progress = 1 - (1 - progress) * Math.exp(-rng.exponential() / (sessionsLeft + 1));
      startSec = clock.secondsAt(progress);
    }

    while (heap.length > 0 && emitted < rows && heap.peekTimeSec() <= startSec) {
      heap.pop();
      const slot = heap.poppedSession;
      writer.row(heap.poppedTimeSec, heap.poppedType, heap.poppedProduct, suffixes.view(slot));
      suffixes.written(slot);
      emitted++;
      if (++chunkRows === rowsPerChunk) {
        yield writer.takeChunk();
        writer.startChunk(Math.min(rowsPerChunk, rows - emitted), false);
        chunkRows = 0;
      }
    }
    if (startSec === Infinity) break;

    const user = users.pick(rng);
    const hour = Math.floor((startSec % 86_400) / 3600);
    generateSession(
      rng,
      catalogue,
      {
        userAffinity: users.affinity(user),
        priorPurchases: users.priorPurchases(user),
        isNight: hour >= 22 || hour < 6,
        includeRemovals,
      },
      session,
    );
    if (session.purchases > 0) users.recordPurchase(user);
    let inWindow = 0;
    while (inWindow < session.length && startSec + session.offsetSec[inWindow] < windowSec) inWindow++;
    const slot = suffixes.alloc(inWindow);
    writeSessionSuffix(users.userId(user), rng, suffixes.view(slot), 0);
    for (let i = 0; i < inWindow; i++) {
      heap.push(startSec + session.offsetSec[i], seq++, session.product[i], session.type[i], slot);
    }
    generated += inWindow;
  }
  if (chunkRows > 0 || rows === 0) yield writer.takeChunk();
}
