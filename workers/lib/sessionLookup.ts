// Finds a session's row in a FeatureTable by its user_session id, comparing UTF-8 bytes in the packed
// id column: no Map of millions of id strings (BROWSER-LIMITS.md: the heap is shared with the page).
import type { FeatureTable } from '../../src/core/features/featureTable.ts';

export function findSessionRow(table: Pick<FeatureTable, 'rows' | 'sessionIds'>, sessionId: string): number {
  const key = new TextEncoder().encode(sessionId);
  const { bytes, offsets } = table.sessionIds;
  const n = key.length;
  if (n === 0) return -1;
  for (let r = 0; r < table.rows; r++) {
    const start = offsets[r];
    if (offsets[r + 1] - start !== n || bytes[start] !== key[0]) continue;
    let same = true;
    for (let i = 1; i < n; i++) {
      if (bytes[start + i] !== key[i]) {
        same = false;
        break;
      }
    }
    if (same) return r;
  }
  return -1;
}
