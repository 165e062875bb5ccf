import { describe, expect, it } from 'vitest';
import { compactIds, gatherUuids, idBytes, idCount, isLowercaseUuid, packPooledIds, packUuidKeys, sameIds, type PackedStrings } from '../../src/core/features/packedIds.ts';
import { packStrings, sessionIdAt } from '../../src/core/features/featureTable.ts';
import { computeSessionFeatures } from '../../src/core/features/sessionFeatures.ts';
import { featuresCsvByteChunks } from '../../src/core/features/featuresCsv.ts';
import { matchSessionRows } from '../../src/core/models/earlyPrediction.ts';
import { findSessionRow } from '../../workers/lib/sessionLookup.ts';
import { generateCsv } from '../../src/core/generate/generateCsv.ts';
import { encoder, ingestText, mulberry32 } from '../helpers/ingestText.ts';

const decoder = new TextDecoder();
const ids = (p: PackedStrings) => Array.from({ length: idCount(p) }, (_, r) => decoder.decode(idBytes(p, r)));
/** The UTF-8 form of a column, whatever the ids are. */
function plain(values: string[]): PackedStrings {
  const enc = values.map((v) => encoder.encode(v));
  const offsets = new Float64Array(values.length + 1);
  enc.forEach((b, i) => (offsets[i + 1] = offsets[i] + b.length));
  const bytes = new Uint8Array(offsets[values.length]);
  enc.forEach((b, i) => bytes.set(b, offsets[i]));
  return { bytes, offsets };
}
function randomUuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('packed session ids', () => {
  it('recognises lowercase UUIDs only', () => {
    const is = (s: string) => isLowercaseUuid(encoder.encode(s), 0, s.length);
    expect(is('72d76fde-8bb3-4e00-8c23-a032dfed738c')).toBe(true);
    expect(is('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(is('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe(true);
    for (const bad of ['72D76FDE-8bb3-4e00-8c23-a032dfed738c', '72d76fde8-bb3-4e00-8c23-a032dfed738c', '72d76fde-8bb3-4e00-8c23-a032dfed738', '72d76fde-8bb3-4e00-8c23-a032dfed738cc', '72d76fde-8bb3-4e00-8c23-a032dfed738g', '72d76fde_8bb3_4e00_8c23_a032dfed738c', '']) {
      expect(is(bad), bad).toBe(false);
    }
  });

  it('UUIDs take 16 bytes a row and read back exactly; one other id keeps the UTF-8 form', () => {
    const rand = mulberry32(5);
    const values = Array.from({ length: 500 }, () => randomUuid(rand));
    const packed = packStrings(values);
    expect(packed.offsets).toBeNull();
    expect(packed.bytes.length).toBe(500 * 16);
    expect(ids(packed)).toEqual(values);
    const mixed = packStrings([...values, 'not-a-uuid, "quoted"', 'é']);
    expect(mixed.offsets).not.toBeNull();
    expect(ids(mixed)).toEqual([...values, 'not-a-uuid, "quoted"', 'é']);
    expect(sameIds(packed, plain(values))).toBe(true);
    expect(sameIds(packed, compactIds(plain(values)))).toBe(true);
    expect(sameIds(packed, plain([...values.slice(0, 499), randomUuid(rand)]))).toBe(false);
  });

  it('packPooledIds: rows may reorder or skip dictionary keys; both forms', () => {
    for (const values of [
      ['aaaaaaaa-0000-1111-2222-333333333333', 'bbbbbbbb-0000-1111-2222-333333333333', 'cccccccc-0000-1111-2222-333333333333'],
      ['x', 'yy', 'zzz'],
      // 36 characters each, the last not lowercase hex: found after the first two were packed.
      ['aaaaaaaa-0000-1111-2222-333333333333', 'bbbbbbbb-0000-1111-2222-333333333333', 'CCCCCCCC-0000-1111-2222-333333333333'],
    ]) {
      const pool = encoder.encode(values.join(''));
      const starts = [0, values[0].length, values[0].length + values[1].length];
      const lengths = values.map((v) => v.length);
      const p = packPooledIds(pool, starts, lengths, Int32Array.from([0, 1, 2]), 3);
      expect(ids(p)).toEqual(values);
      expect(p.offsets === null).toBe(values.every((v) => isLowercaseUuid(encoder.encode(v), 0, v.length)));
      const reordered = packPooledIds(pool, starts, lengths, Int32Array.from([1, 0]), 2);
      expect(ids(reordered)).toEqual([values[1], values[0]]);
    }
  });

  it('packUuidKeys then gatherUuids: the rows packPooledIds gives, reordered and skipping keys', () => {
    const values = ['aaaaaaaa-0000-1111-2222-333333333333', 'bbbbbbbb-0000-1111-2222-333333333333', 'cccccccc-0000-1111-2222-33333333333f'];
    const pool = encoder.encode(values.join(''));
    const starts = [0, 36, 72];
    const lengths = [36, 36, 36];
    const keys = packUuidKeys(pool, starts, lengths, 3);
    expect(keys).not.toBeNull();
    const rowKey = Int32Array.from([2, 0, 2]);
    const p = gatherUuids(keys!, rowKey, 3);
    expect(p.offsets).toBeNull();
    expect(ids(p)).toEqual([values[2], values[0], values[2]]);
    expect(sameIds(p, packPooledIds(pool, starts, lengths, rowKey, 3))).toBe(true);
    expect(packUuidKeys(encoder.encode(values.join('').toUpperCase()), starts, lengths, 3)).toBeNull();
    expect(packUuidKeys(pool, starts, [36, 35, 36], 3)).toBeNull();
  });

  it('features.csv, lookups and early-prediction matching are the same with either form', () => {
    const { events, dict } = ingestText(generateCsv({ rows: 3000, seed: 3 }));
    const { table } = computeSessionFeatures(events, dict.sessions, { cut: 'faithful' });
    expect(table.sessionIds.offsets).toBeNull(); // the generator writes lowercase UUIDs, as REES46 does
    const values = Array.from({ length: table.rows }, (_, r) => sessionIdAt(table, r));
    const asPlain = { ...table, sessionIds: plain(values) };
    const csv = (t: typeof table) => Buffer.concat([...featuresCsvByteChunks(t)]).toString('utf8');
    expect(csv(table)).toBe(csv(asPlain));
    expect(csv(table).split('\n')[1].split(',')[0]).toBe(values[0]);
    expect(findSessionRow(table, values[123])).toBe(123);
    expect(findSessionRow(table, values[123].toUpperCase())).toBe(-1);
    const rows = Int32Array.from([5, 0, 77]);
    const reversed = { ...asPlain, sessionIds: plain([...values].reverse()) };
    expect([...matchSessionRows(table, rows, reversed)]).toEqual([table.rows - 6, table.rows - 1, table.rows - 78]);
  });
});
