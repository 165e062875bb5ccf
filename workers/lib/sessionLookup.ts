// Finds a session's row in a FeatureTable by its user_session id, comparing UTF-8 bytes in the packed
// id column: no Map of millions of id strings (BROWSER-LIMITS.md: the heap is shared with the page).
import type { FeatureTable } from '../../src/core/features/featureTable.ts';
import { equalBytes, idBytes, UUID_CHARS } from '../../src/core/features/packedIds.ts';

export function findSessionRow(table: Pick<FeatureTable, 'rows' | 'sessionIds'>, sessionId: string): number {
  const key = new TextEncoder().encode(sessionId);
  if (key.length === 0) return -1;
  const scratch = new Uint8Array(UUID_CHARS);
  for (let r = 0; r < table.rows; r++) if (equalBytes(idBytes(table.sessionIds, r, scratch), key)) return r;
  return -1;
}
