// The feature rows pass shared with another worker. The loaded events are grouped by session, so a
// run of whole sessions is a slice of each event column: copied (9 bytes an event) and sent, it is
// all another worker needs to compute those sessions' rows with the same FeatureRows, which come
// back as columns put in place with FeatureRows.placeRows. This thread takes chunks from the first
// session on and the helper from the last one back, until they meet, so neither waits for the
// other; at most two chunks are out at a time, so the copies stay small (the month: ~160 chunks of
// 2^18 events, ~2.4 MB each, instead of a copy of half its events at once).
import type { EventColumnsData } from '../sessions/eventColumns.ts';
import type { ItemTable } from '../sessions/itemTable.ts';
import { FeatureRows, featureRowCount, type PlacedRows } from './featureRows.ts';
import { SessionBlock } from './sessionBlock.ts';
import type { FeatureOptions } from './sessionFeatures.ts';
import type { SessionTimes } from './userHistory.ts';

/** Events a chunk holds, about (whole sessions: a longer session makes a chunk of its own). */
export const CHUNK_EVENTS = 1 << 18;
/**
 * Below this many events the pass takes a tenth of a second or less on one core and a helper's start
 * (~0.1–0.2 s) would not pay. The e2e test's 600k-row file is over it, so its features.csv, checked
 * byte for byte against one reader in node, comes through the browser's helper.
 */
export const SHARED_FEATURES_MIN_EVENTS = 1 << 19;
/** Chunks the helper has at a time: one to work on, one waiting, so it never idles on a round trip. */
const IN_FLIGHT = 2;

/** A run of whole sessions copied out of the loaded events. */
export interface SessionChunk {
  /** Index of the chunk's first session in the loaded events. */
  firstSession: number;
  timeSec: Uint32Array;
  type: Uint8Array;
  item: Int32Array;
  /** sessions + 1 offsets into the chunk's events. */
  sessionStart: Int32Array;
  /** Each session's start and first purchase (SessionTimes). */
  start: Uint32Array;
  firstPurchase: Uint32Array;
}

/** What the helper needs besides the chunks, the same for all of them. */
export interface ChunkSettings {
  items: ItemTable;
  /** The serial pass's block capacity: scratch sizes and the columns' integer types come from it. */
  capacity: number;
  opts: FeatureOptions;
}

/** Computes a chunk's rows (in another worker); rejects when it cannot. */
export type ChunkRunner = (chunk: SessionChunk) => Promise<PlacedRows>;

/** Sessions [s0, s1) of `events` with their times, copied. */
export function sliceSessionChunk(events: EventColumnsData, times: SessionTimes, s0: number, s1: number): SessionChunk {
  const e0 = events.sessionStart[s0];
  const e1 = events.sessionStart[s1];
  const sessionStart = new Int32Array(s1 - s0 + 1);
  for (let s = s0; s <= s1; s++) sessionStart[s - s0] = events.sessionStart[s] - e0;
  return {
    firstSession: s0,
    timeSec: events.timeSec.slice(e0, e1),
    type: events.type.slice(e0, e1),
    item: events.item.slice(e0, e1),
    sessionStart,
    start: times.start.slice(s0, s1),
    firstPurchase: times.firstPurchase.slice(s0, s1),
  };
}

export function chunkTransferables(c: SessionChunk): ArrayBuffer[] {
  return [c.timeSec, c.type, c.item, c.sessionStart, c.start, c.firstPurchase].map((a) => a.buffer as ArrayBuffer);
}

/** The rows FeatureRows writes for the chunk's sessions (rowSession relative to its first session). */
export function chunkFeatureRows(chunk: SessionChunk, settings: ChunkSettings): PlacedRows {
  const sessions = chunk.sessionStart.length - 1;
  const events: EventColumnsData = {
    length: chunk.timeSec.length,
    timeSec: chunk.timeSec,
    type: chunk.type,
    item: chunk.item,
    items: settings.items,
    sessionStart: chunk.sessionStart,
    sessionUser: new Uint32Array(sessions), // FeatureRows reads no user
  };
  const times: SessionTimes = { user: events.sessionUser, start: chunk.start, firstPurchase: chunk.firstPurchase };
  const rows = featureRowCount(times, settings.opts);
  const block = new SessionBlock(events, settings.capacity);
  const out = new FeatureRows(rows, times, settings.capacity, settings.opts);
  while (block.next()) out.addBlock(block);
  if (out.rows !== rows) throw new Error(`session features: ${out.rows} rows written in a chunk, ${rows} expected`);
  return { rows, columns: out.columns, label: out.label, rowSession: out.rowSession, keptEvents: out.keptEvents, emptyAfterCut: out.emptyAfterCut };
}

export function placedRowsTransferables(r: PlacedRows): ArrayBuffer[] {
  return [...r.columns, r.label, r.rowSession].map((a) => a.buffer as ArrayBuffer);
}

/** Session indices that cut [0, sessions) into runs of about `target` events each: [0, …, sessions]. */
export function chunkBoundaries(sessionStart: Int32Array, sessions: number, target: number): number[] {
  const bounds = [0];
  let s = 0;
  while (s < sessions) {
    const limit = sessionStart[s] + target;
    let t = s + 1;
    while (t < sessions && sessionStart[t + 1] <= limit) t++;
    bounds.push(t);
    s = t;
  }
  return bounds;
}

/**
 * Writes the rows of every session of `events` into `out` (a new FeatureRows), this thread from
 * the first chunk on and `helper` from the last one back. `pause` is awaited after each of this
 * thread's chunks: the helper's answers are taken in then (and it may throw, to cancel). A chunk the
 * helper fails on is computed here, and the helper is given no more. Returns the rows the helper
 * computed.
 */
export async function fillRowsShared(
  events: EventColumnsData,
  times: SessionTimes,
  out: FeatureRows,
  settings: ChunkSettings,
  helper: ChunkRunner,
  pause: () => Promise<void>,
  target = CHUNK_EVENTS,
): Promise<number> {
  const sessions = events.sessionStart.length - 1;
  const bounds = chunkBoundaries(events.sessionStart, sessions, target);
  const chunks = bounds.length - 1;
  // The first row of each chunk: rows are in session order, one per session that keeps an event.
  const rowStart = [0];
  for (let c = 0; c < chunks; c++) rowStart.push(rowStart[c] + featureRowCount(times, settings.opts, bounds[c], bounds[c + 1]));
  // Chunks [0, front) are this thread's, [back, chunks) the helper's; each side claims the next one
  // before working on it, so none is taken twice.
  let front = 0;
  let back = chunks;
  let given = 0;
  let helperRows = 0;
  let helperFailed = false;
  const redo: number[] = [];
  const pending = new Set<Promise<void>>();
  const give = () => {
    while (!helperFailed && given < IN_FLIGHT && back - 1 > front) {
      const c = --back;
      given++;
      const done = helper(sliceSessionChunk(events, times, bounds[c], bounds[c + 1])).then(
        (rows) => {
          out.placeRows(rowStart[c], rows, bounds[c]);
          helperRows += rows.rows;
        },
        () => {
          helperFailed = true;
          redo.push(c);
        },
      );
      const settled = done.finally(() => {
        given--;
        pending.delete(settled);
      });
      pending.add(settled);
    }
  };
  give();
  const block = new SessionBlock(events, settings.capacity);
  while (front < back) {
    const c = front++;
    if (out.rows !== rowStart[c]) throw new Error(`session features: chunk ${c} starts at row ${out.rows}, ${rowStart[c]} expected`);
    block.seek(bounds[c]);
    while (block.next(bounds[c + 1])) out.addBlock(block);
    await pause();
    give();
  }
  while (pending.size > 0) await Promise.race(pending);
  for (const c of redo) out.placeRows(rowStart[c], chunkFeatureRows(sliceSessionChunk(events, times, bounds[c], bounds[c + 1]), settings), bounds[c]);
  return helperRows;
}
