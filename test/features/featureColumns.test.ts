import { describe, expect, it } from 'vitest';
import { allocateFeatureColumns, columnFor, featureMaxValue } from '../../src/core/features/featureColumns.ts';
import { FEATURES, featureIndex } from '../../src/core/features/featureDefinitions.ts';
import { computeSessionFeatures } from '../../src/core/features/sessionFeatures.ts';
import { featuresCsvByteChunks } from '../../src/core/features/featuresCsv.ts';
import type { FeatureTable } from '../../src/core/features/featureTable.ts';
import { generateCsv } from '../../src/core/generate/generateCsv.ts';
import { ingestText } from '../helpers/ingestText.ts';

const csvText = (t: FeatureTable) => Buffer.concat([...featuresCsvByteChunks(t)]).toString('utf8');
const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';

describe('columnFor: the narrowest column that holds [0, max]', () => {
  it('switches type exactly at the unsigned limits', () => {
    const kind = (max: number) => columnFor(max, 3).constructor.name;
    expect([1, 255, 256, 65_535, 65_536, 0xffffffff, 2 ** 32, Infinity].map(kind)).toEqual([
      'Uint8Array', 'Uint8Array', 'Uint16Array', 'Uint16Array', 'Uint32Array', 'Uint32Array', 'Float64Array', 'Float64Array',
    ]);
    expect(columnFor(300, 7).length).toBe(7);
  });

  it('gives each catalogue feature its type: fractional in float64, bounded integers narrow', () => {
    const cols = allocateFeatureColumns(4, { sessionEvents: 16_384, sessions: 9_000_000 });
    const type = (name: string) => cols[featureIndex(name)].constructor.name;
    expect(type('avg_price')).toBe('Float64Array');
    expect(type('carts_per_view')).toBe('Float64Array');
    expect(type('view_count')).toBe('Uint16Array');
    expect(type('start_hour')).toBe('Uint8Array');
    expect(type('is_night')).toBe('Uint8Array');
    expect(type('session_duration')).toBe('Uint32Array');
    expect(type('prior_sessions')).toBe('Uint32Array');
    // Every feature declared integer has a finite bound, every fractional one none.
    for (const def of FEATURES) expect(Number.isFinite(featureMaxValue(def, { sessionEvents: 10, sessions: 10 }))).toBe(def.integer);
  });
});

describe('narrow feature columns hold the exact values', () => {
  it('a session with 70,000 views gets Uint32 counts, not a wrapped Uint16', () => {
    const lines = [HEADER];
    for (let i = 0; i < 70_000; i++) {
      const sec = String(i % 60).padStart(2, '0');
      const min = String(Math.floor(i / 60) % 60).padStart(2, '0');
      const hour = String(Math.floor(i / 3600)).padStart(2, '0');
      lines.push(`2019-10-01 ${hour}:${min}:${sec} UTC,view,${1 + (i % 3)},7,,,1.50,9,big`);
    }
    lines.push('2019-10-01 00:00:00 UTC,view,1,7,,,2.00,9,small');
    const { events, dict } = ingestText(lines.join('\n') + '\n');
    const { table } = computeSessionFeatures(events, dict.sessions, { cut: 'faithful' });
    const views = table.columns[featureIndex('view_count')];
    expect(views).toBeInstanceOf(Uint32Array);
    expect(Array.from(views)).toEqual([70_000, 1]);
    expect(table.columns[featureIndex('repeat_views')][0]).toBe(70_000 - 3);
    expect(table.columns[featureIndex('max_views_one_product')][0]).toBe(23_334);
    expect(table.columns[featureIndex('session_duration')][0]).toBe(69_999);
  });

  it('every integer value is within its declared bound and written as the same digits', () => {
    const { events, dict } = ingestText(generateCsv({ rows: 20_000, seed: 11 }));
    for (const cut of ['faithful', 'strict'] as const) {
      const { table } = computeSessionFeatures(events, dict.sessions, { cut });
      let longest = 0;
      for (let s = 0; s < dict.sessions.size; s++) longest = Math.max(longest, events.sessionStart[s + 1] - events.sessionStart[s]);
      FEATURES.forEach((def, c) => {
        const col = table.columns[c];
        const max = featureMaxValue(def, { sessionEvents: longest, sessions: dict.sessions.size });
        for (let r = 0; r < table.rows; r++) {
          const v = col[r];
          if (def.integer) expect(Number.isInteger(v) && v >= 0 && v <= max, `${def.name} row ${r}: ${v}`).toBe(true);
        }
      });
      // The CSV of the narrow table equals that of the same table widened to float64.
      const wide = { ...table, columns: table.columns.map((col) => Float64Array.from(col)) };
      expect(csvText(table)).toBe(csvText(wide));
    }
  });
});
