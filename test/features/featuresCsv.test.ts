// features.csv bytes equal the text the former per-row string builder wrote, for every kind of value.
import { describe, expect, it } from 'vitest';
import { featuresCsvByteChunks, featuresCsvChunks, featuresCsvHeader, formatFeatureValue } from '../../src/core/features/featuresCsv.ts';
import { csvField } from '../../src/core/csv/csvField.ts';
import { FEATURE_NAMES, FEATURES } from '../../src/core/features/featureDefinitions.ts';
import { sessionIdAt, type FeatureTable } from '../../src/core/features/featureTable.ts';
import { mulberry32 } from '../helpers/ingestText.ts';

/** The writer as it was: one string per row (the reference the byte writer must equal). */
function referenceCsv(table: FeatureTable): string {
  const integer = table.names.map((n) => FEATURES.find((f) => f.name === n)?.integer ?? false);
  const lines = [featuresCsvHeader(table)];
  for (let r = 0; r < table.rows; r++) {
    let line = `${csvField(sessionIdAt(table, r))},${table.label[r]}`;
    for (let c = 0; c < table.columns.length; c++) line += `,${integer[c] ? String(table.columns[c][r]) : formatFeatureValue(table.columns[c][r])}`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

const ODD_VALUES = [0, -0, 1, 9, 10, 4294967295, 4294967296, 2 ** 53, -3, 12.5, 0.1 + 0.2, 1 / 3, 1e-7, 123456.789123456, NaN, Infinity, -Infinity, 35.79];

function table(rows: number, seed: number): FeatureTable {
  const rand = mulberry32(seed);
  const ids: Uint8Array[] = [];
  const special = [[0x61, 0x2c, 0x62], [0x71, 0x22, 0x71], [0x6c, 0x0a, 0x6c], [0x63, 0x0d], [0xc3, 0xa9, 0x74, 0xc3, 0xa9], [0xff, 0xfe, 0x41], []];
  for (let r = 0; r < rows; r++) {
    ids.push(r % 5 === 0 ? Uint8Array.from(special[r % special.length]) : new TextEncoder().encode(`${r.toString(16)}-72d76fde-8bb3`));
  }
  const offsets = new Float64Array(rows + 1);
  ids.forEach((b, r) => (offsets[r + 1] = offsets[r] + b.length));
  const bytes = new Uint8Array(offsets[rows]);
  ids.forEach((b, r) => bytes.set(b, offsets[r]));
  const columns = FEATURE_NAMES.map(() => Float64Array.from({ length: rows }, () => (rand() < 0.3 ? ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)] : Math.floor(rand() * 1000) / (rand() < 0.5 ? 1 : 100))));
  return { names: FEATURE_NAMES, rows, columns, label: Uint8Array.from({ length: rows }, () => (rand() < 0.1 ? 1 : 0)), sessionIds: { bytes, offsets } };
}

describe('formatFeatureValue', () => {
  it('writes every finite double so that it reads back exactly; NaN and infinities empty', () => {
    expect(formatFeatureValue(1 / 60)).toBe('0.016666666666666666');
    expect(formatFeatureValue(2.5065274151436028)).toBe('2.5065274151436028');
    expect(formatFeatureValue(12)).toBe('12');
    expect(formatFeatureValue(-0)).toBe('0');
    expect(formatFeatureValue(1e-7)).toBe('1e-7');
    expect([NaN, Infinity, -Infinity].map(formatFeatureValue)).toEqual(['', '', '']);
    let x = 0x9e3779b9;
    for (let i = 0; i < 1000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      const v = (x >>> 0) / 7919 / (1 + (i % 13));
      expect(Number(formatFeatureValue(v))).toBe(v);
    }
  });
});

describe('features.csv writer', () => {
  it('equals the string-per-row reference byte for byte, across chunk sizes', () => {
    const t = table(3000, 4);
    const expected = new TextEncoder().encode(referenceCsv(t));
    for (const rowsPerChunk of [1, 7, 1000, 50_000]) {
      const chunks = [...featuresCsvByteChunks(t, rowsPerChunk)];
      const got = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        got.set(c, at);
        at += c.length;
      }
      expect(got.length, `rowsPerChunk ${rowsPerChunk}`).toBe(expected.length);
      const firstDiff = got.findIndex((b, i) => b !== expected[i]);
      expect(firstDiff, `rowsPerChunk ${rowsPerChunk}: first differing byte`).toBe(-1);
    }
    expect([...featuresCsvChunks(t, 500)].join('')).toBe(referenceCsv(t));
  });

  it('an empty table is the header line', () => {
    const t = table(0, 1);
    expect([...featuresCsvChunks(t)].join('')).toBe(`${featuresCsvHeader(t)}\n`);
  });
});
