// Test helpers: run CSV text through the byte ingestor in chunks of chosen sizes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CsvIngestor, type IngestPart, type IngestResult } from '../../src/core/ingest/csvIngestor.ts';
import { computeSessionFeatures, type CutMode } from '../../src/core/features/sessionFeatures.ts';
import type { EventColumnsData, ParsedEventsData } from '../../src/core/sessions/eventColumns.ts';
import { groupBySessionSteps } from '../../src/core/sessions/sessionGrouping.ts';
import { runSteps } from '../../src/core/steps/runSteps.ts';

export const encoder = new TextEncoder();

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)));
}

/** Ingests bytes split at the given chunk sizes (cycled), or in one piece. */
export function ingestBytes(bytes: Uint8Array, chunkSizes: number[] = [bytes.length || 1], fileName = 'test.csv'): IngestResult {
  return pushed(bytes, chunkSizes, fileName).finish();
}

/** ingestBytes with the events left in file order, as a byte range hands them to the merge. */
export function ingestPartBytes(bytes: Uint8Array, chunkSizes: number[] = [bytes.length || 1], fileName = 'test.csv'): IngestPart {
  return pushed(bytes, chunkSizes, fileName).finishPart();
}

function pushed(bytes: Uint8Array, chunkSizes: number[], fileName: string): CsvIngestor {
  const ing = new CsvIngestor({ fileName, expectedBytes: bytes.length });
  let pos = 0;
  let i = 0;
  while (pos < bytes.length) {
    const size = Math.max(1, chunkSizes[i++ % chunkSizes.length]);
    ing.push(bytes.subarray(pos, Math.min(bytes.length, pos + size)));
    pos += size;
  }
  return ing;
}

export function ingestText(text: string, chunkSizes?: number[], fileName?: string): IngestResult {
  return ingestBytes(encoder.encode(text), chunkSizes, fileName);
}

/** A seeded PRNG (mulberry32) for property tests. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A source of random lowercase UUIDs (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`) from `rand`. */
export function randomUuids(rand: () => number): () => string {
  const hex = '0123456789abcdef';
  return () => [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => hex[Math.floor(rand() * 16)]).join('')).join('-');
}

/** Everything an ingest run produces, as plain data, so two runs compare with toEqual. */
export function ingestFingerprint(r: IngestResult, cut: CutMode) {
  const { table, stats } = computeSessionFeatures(r.events, r.dict.sessions, { cut });
  const keys = (t: { size: number; get(i: number): string }) => Array.from({ length: t.size }, (_, i) => t.get(i));
  return {
    rows: r.rows,
    lines: r.lines,
    blank: r.blankLines,
    rejected: r.rejected,
    joined: r.joinedRecords,
    stats,
    columns: table.columns.map((c) => Array.from(c)),
    label: Array.from(table.label),
    sessionStart: Array.from(r.events.sessionStart),
    brandIdx: Array.from(eventValues(r.events, 'brandIdx')),
    time: Array.from(r.events.timeSec),
    sessions: keys(r.dict.sessions),
    brands: keys(r.dict.brands),
    codes: keys(r.dict.categoryCodes),
  };
}

/**
 * Hand-made file-order events grouped by session, as a load groups them; `events` itself is left as
 * it was (the grouping consumes a shallow copy with its own session and product columns).
 */
export function groupedCopy(events: ParsedEventsData, sessions: number): EventColumnsData {
  // The grouping writes over some columns (positions over the session column, item indices over the
  // product or item column) and empties the rest: it gets its own copy of each.
  const copy = Object.fromEntries(Object.entries(events).map(([k, v]) => [k, ArrayBuffer.isView(v) ? (v as Uint8Array).slice() : v])) as unknown as ParsedEventsData;
  return runSteps(groupBySessionSteps([copy], sessions, null, { categoryIdx: 65_536, categoryCodeIdx: 65_536, brandIdx: 65_536 }, events.sessionUser));
}

/** One per-event field of loaded events, read through their item table, as an array in loaded order. */
export function eventValues(events: EventColumnsData, field: 'productId' | 'categoryIdx' | 'categoryCodeIdx' | 'brandIdx'): number[] {
  const column = events.items[field];
  return Array.from(events.item, (it) => column[it]);
}
