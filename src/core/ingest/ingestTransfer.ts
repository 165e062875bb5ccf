// IngestResult ⇄ plain typed arrays, so a range parsed in one worker reaches another (or the page)
// as transferables: no copy, no per-row objects, no cloned strings.
import { ByteStringTable, type ByteStringTableData } from '../sessions/byteStringTable.ts';
import type { EventColumnsData, ParsedEventsData } from '../sessions/eventColumns.ts';
import type { IngestPart, IngestResult } from './csvIngestor.ts';

/** A loaded result (events grouped by session) or, from a range worker, a part (file order). */
export interface IngestResultData<E extends EventColumnsData | ParsedEventsData = EventColumnsData> extends Omit<IngestResult, 'dict' | 'events'> {
  events: E;
  dict: { sessions: ByteStringTableData; categoryIds: ByteStringTableData; categoryCodes: ByteStringTableData; brands: ByteStringTableData };
}

/** A range worker's part as plain typed arrays, and the buffers to transfer. */
export function ingestPartToData(r: IngestPart): { data: IngestResultData<ParsedEventsData>; transfer: ArrayBuffer[] } {
  const e = r.events;
  const events: ParsedEventsData = {
    length: e.length,
    timeSec: e.timeSec,
    type: e.type,
    productId: e.productId,
    price: e.price,
    categoryIdx: e.categoryIdx,
    categoryCodeIdx: e.categoryCodeIdx,
    brandIdx: e.brandIdx,
    sessionIdx: e.sessionIdx,
    sessionFirstSec: e.sessionFirstSec,
    sessionUser: e.sessionUser,
    item: e.item,
    items: e.items,
  };
  const dict = {
    sessions: r.dict.sessions.toData(),
    categoryIds: r.dict.categoryIds.toData(),
    categoryCodes: r.dict.categoryCodes.toData(),
    brands: r.dict.brands.toData(),
  };
  const data = { ...r, events, dict };
  return { data, transfer: ingestResultDataBuffers(data) };
}

/** The buffers of an IngestResultData, to transfer it. */
export function ingestResultDataBuffers(d: IngestResultData<EventColumnsData | ParsedEventsData>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const items = d.events.items ? Object.values(d.events.items) : [];
  for (const v of [...Object.values(d.events), ...items]) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
  for (const t of Object.values(d.dict)) for (const v of Object.values(t)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
  return [...buffers];
}

/**
 * A copy of a result as plain typed arrays, cut to what is used: the live stream gets the loaded
 * events this way (a copy of 0.5 GB on the 42.4M-row month takes well under a second; parsing the file
 * again in the stream's own worker took a minute), while the loading worker keeps its own.
 */
export function copyIngestResultData(r: IngestResult): IngestResultData {
  const e = r.events;
  const n = e.length;
  const events: EventColumnsData = {
    length: n,
    timeSec: e.timeSec.slice(0, n),
    type: e.type.slice(0, n),
    item: e.item.slice(0, n),
    items: {
      size: e.items.size,
      productId: e.items.productId.slice(),
      categoryIdx: e.items.categoryIdx.slice(),
      categoryCodeIdx: e.items.categoryCodeIdx.slice(),
      brandIdx: e.items.brandIdx.slice(),
      price: e.items.price.slice(),
    },
    sessionStart: e.sessionStart.slice(),
    sessionUser: e.sessionUser.slice(),
  };
  const copy = (t: ByteStringTable): ByteStringTableData => {
    const d = t.toData();
    return { size: d.size, slots: d.slots.slice(), hashes: d.hashes.slice(), starts: d.starts.slice(), lengths: d.lengths.slice(), pool: d.pool.slice(0, d.poolUsed), poolUsed: d.poolUsed, lookups: d.lookups, uuids: d.uuids ? d.uuids.slice(0, d.size * 16) : null };
  };
  const { sessions, categoryIds, categoryCodes, brands } = r.dict;
  return { ...r, events, dict: { sessions: copy(sessions), categoryIds: copy(categoryIds), categoryCodes: copy(categoryCodes), brands: copy(brands) } };
}

/** An IngestResult (grouped events) or an IngestPart (a range's, file order), from its plain data. */
export function ingestResultFromData<E extends EventColumnsData | ParsedEventsData>(d: IngestResultData<E>): Omit<IngestResult, 'events'> & { events: E } {
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
