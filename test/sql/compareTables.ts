// Session-by-session comparison of two FeatureTables, with a message that says what differed.
import { FEATURES } from '../../src/core/features/featureDefinitions.ts';
import { sessionIdAt, type FeatureTable } from '../../src/core/features/featureTable.ts';

const INTEGER = new Map(FEATURES.map((f) => [f.name, f.integer]));

/** Relative tolerance for non-integer features: summation order may differ between engines. */
export const FLOAT_RELATIVE_TOLERANCE = 1e-9;

function rowIndex(table: FeatureTable): Map<string, number> {
  const m = new Map<string, number>();
  for (let r = 0; r < table.rows; r++) m.set(sessionIdAt(table, r), r);
  return m;
}

/** Differences, as readable lines (empty when the tables agree); at most `limit` lines. */
export function diffFeatureTables(expected: FeatureTable, actual: FeatureTable, limit = 20): string[] {
  const out: string[] = [];
  const push = (line: string) => {
    if (out.length < limit) out.push(line);
  };
  if (expected.names.join() !== actual.names.join()) push(`columns: expected ${expected.names.join(',')}, got ${actual.names.join(',')}`);
  const e = rowIndex(expected);
  const a = rowIndex(actual);
  let missing = 0;
  let extra = 0;
  for (const id of e.keys()) {
    if (a.has(id)) continue;
    if (++missing <= 3) push(`session ${id}: missing`);
  }
  for (const id of a.keys()) {
    if (e.has(id)) continue;
    if (++extra <= 3) push(`session ${id}: unexpected`);
  }
  if (missing || extra) push(`sessions: expected ${e.size}, got ${a.size} (${missing} missing, ${extra} unexpected)`);
  let mismatches = 0;
  for (const [id, re] of e) {
    const ra = a.get(id);
    if (ra === undefined) continue;
    if (expected.label[re] !== actual.label[ra]) push(`session ${id} label: expected ${expected.label[re]}, got ${actual.label[ra]}`);
    expected.names.forEach((name, c) => {
      const ca = actual.names.indexOf(name);
      if (ca < 0) return;
      const x = expected.columns[c][re];
      const y = actual.columns[ca][ra];
      const same = INTEGER.get(name) ? x === y : Math.abs(x - y) <= FLOAT_RELATIVE_TOLERANCE * Math.max(1, Math.abs(x));
      if (!same) {
        mismatches++;
        push(`session ${id} ${name}: expected ${x}, got ${y}`);
      }
    });
  }
  if (mismatches > limit) out.push(`… ${mismatches} values differ in all`);
  return out;
}
