// Per-session scores of a training run, as CSV: what lets anyone recompute every reported metric
// with their own tools (scikit-learn, pandas) from the same rows and scores. One line per session:
//   user_session,label,part,in_balanced_test,score
// part: `test` (the part the natural-rate metrics use; under the faithful protocol the 1:1 test
// part), `train` (the rows the model learned from, early-stopping rows included), `unused` (rows
// that undersampling left out of training). in_balanced_test: 1 for the balanced test part's rows.
import { csvField } from '../csv/csvField.ts';
import { sessionIdAt, type FeatureTable } from '../features/featureTable.ts';
import type { RowPlan } from './protocol.ts';

export const SCORES_CSV_HEADER = 'user_session,label,part,in_balanced_test,score';

export type ScorePart = 'train' | 'test' | 'unused';

/** The part of each row under `plan` (0 unused, 1 train, 2 test) and its balanced-test flag. */
export function rowParts(rows: number, plan: Pick<RowPlan, 'train' | 'naturalTest' | 'balancedTest'>): { part: Uint8Array; balanced: Uint8Array } {
  const part = new Uint8Array(rows);
  const balanced = new Uint8Array(rows);
  for (const r of plan.train) part[r] = 1;
  for (const r of plan.naturalTest ?? plan.balancedTest) part[r] = 2;
  for (const r of plan.balancedTest) balanced[r] = 1;
  return { part, balanced };
}

/** A part code of rowParts, by name. */
export const PART_NAMES: readonly ScorePart[] = ['unused', 'train', 'test'];

/**
 * The CSV in chunks of at most `rowsPerChunk` lines (a month has 9.2M sessions: never one string).
 * Scores are written in full (the shortest text that reads back as the same double).
 */
export function* scoresCsvChunks(table: FeatureTable, plan: Pick<RowPlan, 'train' | 'naturalTest' | 'balancedTest'>, scores: ArrayLike<number>, rowsPerChunk = 50_000): Generator<string> {
  if (scores.length !== table.rows) throw new Error(`scores: ${scores.length} scores for ${table.rows} rows`);
  const { part, balanced } = rowParts(table.rows, plan);
  let lines: string[] = [SCORES_CSV_HEADER];
  for (let r = 0; r < table.rows; r++) {
    lines.push(`${csvField(sessionIdAt(table, r))},${table.label[r]},${PART_NAMES[part[r]]},${balanced[r]},${scores[r]}`);
    if (lines.length >= rowsPerChunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
