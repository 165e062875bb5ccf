// Merges the results of consecutive byte ranges parsed in parallel into the result one reader would
// have produced: events in file order, dictionary indices in order of first appearance (ranges are
// merged in order and each range's keys are already in first-appearance order), line numbers global.
import { mergeRejections } from '../csv/rejections.ts';
import type { ByteStringTable } from '../sessions/byteStringTable.ts';
import { EventColumns, newDictionaries } from '../sessions/eventColumns.ts';
import type { IngestResult } from './csvIngestor.ts';

export function mergeIngestResults(parts: readonly IngestResult[]): IngestResult {
  if (parts.length === 0) throw new Error('mergeIngestResults: no parts');
  if (parts.length === 1) return parts[0];
  const total = parts.reduce((n, p) => n + p.events.length, 0);
  const sessionsGuess = parts.reduce((n, p) => n + p.dict.sessions.size, 0);
  const dict = newDictionaries(sessionsGuess);
  const out = new EventColumns(total);
  const lineOffsets: number[] = [];
  let lines = 0;
  for (const part of parts) {
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
  const first = parts[0];
  const last = parts[parts.length - 1];
  return {
    fileName: first.fileName,
    events: out.freeze(),
    dict,
    rejected: mergeRejections(
      parts.map((p) => p.rejected),
      lineOffsets,
    ),
    rows: parts.reduce((n, p) => n + p.rows, 0),
    blankLines: parts.reduce((n, p) => n + p.blankLines, 0),
    bytes: last.endOffset - first.startOffset,
    lines,
    layout: first.layout,
    startOffset: first.startOffset,
    endOffset: last.endOffset,
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
