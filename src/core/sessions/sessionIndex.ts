// Events grouped by session (CSR layout): the events of session s are order[offsets[s] … offsets[s+1]),
// in file order. A counting sort, O(events), no per-session arrays: the file need not be sorted.
import type { EventColumnsData } from './eventColumns.ts';

export interface SessionIndex {
  readonly sessions: number;
  readonly offsets: Int32Array;
  readonly order: Int32Array;
}

export function groupEventsBySession(events: EventColumnsData, sessions: number): SessionIndex {
  const offsets = new Int32Array(sessions + 1);
  const sidx = events.sessionIdx;
  const n = events.length;
  for (let i = 0; i < n; i++) offsets[sidx[i] + 1]++;
  for (let s = 0; s < sessions; s++) offsets[s + 1] += offsets[s];
  const cursor = offsets.slice(0, sessions);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[cursor[sidx[i]]++] = i;
  return { sessions, offsets, order };
}
