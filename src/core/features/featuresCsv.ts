// features.csv: `user_session,label,<feature names…>`, one row per session, written in chunks so a
// 9-million-session month never becomes one string (BROWSER-LIMITS.md: ~512 MB string ceiling).
import { FEATURES } from './featureDefinitions.ts';
import { sessionIdAt, type FeatureTable } from './featureTable.ts';

/** Integers as-is; other values rounded to 6 decimals (prices stay exact to the cent). */
export function formatFeatureValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return '';
  return String(Math.round(v * 1e6) / 1e6);
}

export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function featuresCsvHeader(table: FeatureTable): string {
  return ['user_session', 'label', ...table.names].join(',');
}

export function* featuresCsvChunks(table: FeatureTable, rowsPerChunk = 50_000): Generator<string> {
  const integer = table.names.map((n) => FEATURES.find((f) => f.name === n)?.integer ?? false);
  let lines: string[] = [featuresCsvHeader(table)];
  for (let r = 0; r < table.rows; r++) {
    let line = `${csvField(sessionIdAt(table, r))},${table.label[r]}`;
    for (let c = 0; c < table.columns.length; c++) {
      const v = table.columns[c][r];
      line += `,${integer[c] ? String(v) : formatFeatureValue(v)}`;
    }
    lines.push(line);
    if (lines.length >= rowsPerChunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
