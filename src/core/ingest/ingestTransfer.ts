// IngestResult ⇄ plain typed arrays, so a range parsed in one worker reaches another (or the page)
// as transferables: no copy, no per-row objects, no cloned strings.
import { ByteStringTable, type ByteStringTableData } from '../sessions/byteStringTable.ts';
import type { EventColumnsData } from '../sessions/eventColumns.ts';
import type { IngestResult } from './csvIngestor.ts';

export interface IngestResultData extends Omit<IngestResult, 'dict' | 'events'> {
  events: EventColumnsData;
  dict: { sessions: ByteStringTableData; categoryIds: ByteStringTableData; categoryCodes: ByteStringTableData; brands: ByteStringTableData };
}

export function ingestResultToData(r: IngestResult): { data: IngestResultData; transfer: ArrayBuffer[] } {
  const e = r.events;
  const events: EventColumnsData = {
    length: e.length,
    timeSec: e.timeSec,
    type: e.type,
    productId: e.productId,
    userId: e.userId,
    price: e.price,
    categoryIdx: e.categoryIdx,
    categoryCodeIdx: e.categoryCodeIdx,
    brandIdx: e.brandIdx,
    sessionIdx: e.sessionIdx,
  };
  const dict = {
    sessions: r.dict.sessions.toData(),
    categoryIds: r.dict.categoryIds.toData(),
    categoryCodes: r.dict.categoryCodes.toData(),
    brands: r.dict.brands.toData(),
  };
  const buffers = new Set<ArrayBuffer>();
  for (const v of Object.values(events)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
  for (const t of Object.values(dict)) for (const v of Object.values(t)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
  return { data: { ...r, events, dict }, transfer: [...buffers] };
}

export function ingestResultFromData(d: IngestResultData): IngestResult {
  return {
    ...d,
    dict: {
      sessions: ByteStringTable.fromData(d.dict.sessions),
      categoryIds: ByteStringTable.fromData(d.dict.categoryIds),
      categoryCodes: ByteStringTable.fromData(d.dict.categoryCodes),
      brands: ByteStringTable.fromData(d.dict.brands),
    },
  };
}
