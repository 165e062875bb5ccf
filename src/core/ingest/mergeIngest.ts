// Merges the results of consecutive byte ranges parsed in parallel into the result one reader would
// have produced: events in file order, dictionary indices in order of first appearance (ranges are
// merged in order and each range's keys are already in first-appearance order), line numbers global.
import { mergeRejections } from '../csv/rejections.ts';
import type { ByteStringTable } from '../sessions/byteStringTable.ts';
import { EventColumns, newDictionaries } from '../sessions/eventColumns.ts';
import type { IngestResult } from './csvIngestor.ts';

/**
 * Consumes `parts`: each slot is emptied once its events are copied, so the garbage collector can
 * free a range while the next is merged (peak ≈ result + one range, not result + all ranges).
 */
export function mergeIngestResults(parts: (IngestResult | undefined)[]): IngestResult {
  if (parts.length === 0 || parts.some((p) => !p)) throw new Error('mergeIngestResults: missing parts');
  const all = parts as IngestResult[];
  if (all.length === 1) return all[0];
  // Keep scalars, not the first/last parts themselves, so every part can be freed during the merge.
  const { fileName, layout, startOffset } = all[0];
  const { endOffset } = all[all.length - 1];
  const summaries = all.map((p) => ({ rejected: p.rejected, rows: p.rows, blankLines: p.blankLines }));
  const total = all.reduce((n, p) => n + p.events.length, 0);
  const sessionsGuess = all.reduce((n, p) => n + p.dict.sessions.size, 0);
  const dict = newDictionaries(sessionsGuess);
  const out = new EventColumns(total);
  const lineOffsets: number[] = [];
  let lines = 0;
  for (let k = 0; k < all.length; k++) {
    const part = all[k];
    parts[k] = undefined;
    lineOffsets.push(lines);
    lines += part.lines;
    const sessionMap = remap(part.dict.sessions, dict.sessions);
    const categoryMap = remap(part.dict.categoryIds, dict.categoryIds);
    const codeMap = remap(part.dict.categoryCodes, dict.categoryCodes);
    const brandMap = remap(part.dict.brands, dict.brands);
    const e = part.events;
    const at = out.length;
    out.timeSec.set(e.timeSec, at);
    out.type.set(e.type, at);
    out.productId.set(e.productId, at);
    out.userId.set(e.userId, at);
    out.price.set(e.price, at);
    for (let i = 0; i < e.length; i++) {
      out.sessionIdx[at + i] = sessionMap[e.sessionIdx[i]];
      out.categoryIdx[at + i] = categoryMap[e.categoryIdx[i]];
      out.categoryCodeIdx[at + i] = codeMap[e.categoryCodeIdx[i]];
      out.brandIdx[at + i] = brandMap[e.brandIdx[i]];
    }
    out.length += e.length;
  }
  return {
    fileName,
    events: out.freeze(),
    dict,
    rejected: mergeRejections(
      summaries.map((p) => p.rejected),
      lineOffsets,
    ),
    rows: summaries.reduce((n, p) => n + p.rows, 0),
    blankLines: summaries.reduce((n, p) => n + p.blankLines, 0),
    bytes: endOffset - startOffset,
    lines,
    layout,
    startOffset,
    endOffset,
  };
}

/** local index → global index, interning every local key in local order. */
function remap(local: ByteStringTable, global: ByteStringTable): Int32Array {
  const map = new Int32Array(local.size);
  for (let i = 0; i < local.size; i++) {
    const b = local.bytes(i);
    map[i] = global.intern(b, 0, b.length);
  }
  return map;
}
