// Random file-order events for feature tests: interleaved sessions, ties in time, shared users, empty
// brands, several purchases, either width of dictionary-index columns, optionally one long session.
import { ByteStringTable } from '../../src/core/sessions/byteStringTable.ts';
import { EventColumns } from '../../src/core/sessions/eventColumns.ts';
import type { FileOrderEvents } from './referenceSessionFeatures.ts';
import { encoder } from './ingestText.ts';

export interface Shape {
  events: number;
  sessions: number;
  /** Events forced into session 0 (a long session). */
  longSession?: number;
  timeSpanSec: number;
  products: number;
  wideIndices: boolean;
  /** Category and brand indices up to this (default 20); past 2^22 the distinct counts hash them. */
  maxIndex?: number;
}

export function randomEvents(rnd: () => number, shape: Shape): { events: FileOrderEvents; sessions: ByteStringTable } {
  const n = shape.events;
  const index = () => (shape.wideIndices ? new Int32Array(n) : new Uint16Array(n));
  const ev = {
    length: n,
    timeSec: new Uint32Array(n),
    type: new Uint8Array(n),
    productId: new Uint32Array(n),
    userId: new Uint32Array(n),
    price: new Float64Array(n),
    categoryIdx: index(),
    categoryCodeIdx: index(),
    brandIdx: index(),
    sessionIdx: new Int32Array(n),
  };
  const base = 1_569_888_000 + Math.floor(rnd() * 86400 * 30);
  let used = 0; // sessions are numbered in order of first appearance, as the ingestor does
  for (let e = 0; e < n; e++) {
    let s = e < (shape.longSession ?? 0) && rnd() < 0.7 ? 0 : Math.floor(rnd() * shape.sessions);
    if (s >= used) s = used++;
    ev.sessionIdx[e] = s;
    ev.timeSec[e] = base + Math.floor(rnd() * shape.timeSpanSec);
    ev.type[e] = [0, 0, 0, 1, 1, 2, 3][Math.floor(rnd() * 7)];
    ev.productId[e] = Math.floor(rnd() * shape.products);
    ev.userId[e] = rnd() < 0.2 ? 512_000_000 + Math.floor(rnd() * 5) : 512_000_000 + ((s * 7919) % (1 + Math.floor(shape.sessions / 3)));
    ev.price[e] = [0, 0.5, 1.1, 99.99, 5000, 123.45][Math.floor(rnd() * 6)] * (rnd() < 0.5 ? 1 : Math.floor(rnd() * 1000) / 7);
    const maxIndex = shape.maxIndex ?? 20;
    // A few distinct large values, so large indices repeat within a session too.
    const dictIndex = () => (maxIndex > 20 && rnd() < 0.5 ? maxIndex - Math.floor(rnd() * 4) : Math.floor(rnd() * 20));
    ev.categoryIdx[e] = dictIndex();
    ev.categoryCodeIdx[e] = Math.floor(rnd() * 20);
    ev.brandIdx[e] = rnd() < 0.3 ? 0 : dictIndex();
  }
  const sessions = new ByteStringTable(16);
  for (let s = 0; s < used; s++) {
    const id = encoder.encode(`session-${s}`);
    sessions.intern(id, 0, id.length);
  }
  // The parser keeps one user per session (EventColumns.noteUser); the reference reads the events'.
  const perSession = new EventColumns(1);
  perSession.ensureSessions(used);
  for (let e = 0; e < n; e++) perSession.noteUser(ev.sessionIdx[e], ev.timeSec[e], ev.userId[e]);
  return { events: { ...ev, sessionFirstSec: perSession.sessionFirstSec.subarray(0, used), sessionUser: perSession.sessionUser.subarray(0, used) }, sessions };
}

