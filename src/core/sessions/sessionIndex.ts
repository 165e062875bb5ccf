// Events grouped by session (CSR layout): the events of session s are order[offsets[s] … offsets[s+1]),
// in file order. A counting sort, O(events), no per-session arrays: the file need not be sorted.
import type { EventColumnsData } from './eventColumns.ts';

export interface SessionIndex {
  readonly sessions: number;
  readonly offsets: Int32Array;
  readonly order: Int32Array;
}

export function groupEventsBySession(events: EventColumnsData, sessions: number): SessionIndex {
  const n = events.length;
  // offsets[s + 2] counts session s, so that after the prefix sum offsets[s + 1] is where session s
  // starts; placing each event advances it to where s ends, which is offsets[s + 1] as wanted. No
  // cursor copy (4 MB on 5M rows). Each loop is its own function so V8 compiles each once, cold.
  const offsets = new Int32Array(sessions + 2);
  countPerSession(events.sessionIdx, n, offsets);
  for (let s = 2; s <= sessions; s++) offsets[s] += offsets[s - 1];
  const order = new Int32Array(n);
  place(events.sessionIdx, n, offsets, order);
  return { sessions, offsets: offsets.subarray(0, sessions + 1), order };
}

function countPerSession(sessionIdx: Int32Array, n: number, counts: Int32Array): void {
  for (let i = 0; i < n; i++) counts[sessionIdx[i] + 2]++;
}

function place(sessionIdx: Int32Array, n: number, cursor: Int32Array, order: Int32Array): void {
  for (let i = 0; i < n; i++) order[cursor[sessionIdx[i] + 1]++] = i;
}
