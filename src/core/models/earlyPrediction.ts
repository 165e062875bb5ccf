// Early-prediction curve: how well a trained model ranks sessions when it sees only their first k
// events (strict cut, so no feature sees the purchase). The pipeline builds one FeatureTable per k;
// this scores the same test sessions in each. Rows are matched by session id, since a table built
// from the first k events need not list sessions in the same order as the training table.
import { sessionIdAt, type FeatureTable } from '../features/featureTable.ts';
import { idBytes, sameIds, UUID_CHARS } from '../features/packedIds.ts';
import { averagePrecision, rocAuc } from './metrics.ts';
import { predictProba, type TrainedModel } from './model.ts';
import { rankScores } from './ranking.ts';

export const EARLY_PREDICTION_KS: readonly number[] = [1, 2, 3, 5, 10];

export interface EarlyPredictionPoint {
  readonly k: number;
  /** Test sessions found in the k-event table, and how many of them bought. */
  readonly n: number;
  readonly pos: number;
  readonly auc: number;
  readonly prAuc: number;
}

function sameSessions(a: FeatureTable, b: FeatureTable): boolean {
  return a.rows === b.rows && sameIds(a.sessionIds, b.sessionIds);
}

const scratch = new Uint8Array(UUID_CHARS);

/** FNV-1a over a session id's UTF-8 bytes: matches rows without a Map of millions of strings. */
function idHash(t: FeatureTable, row: number): number {
  const bytes = idBytes(t.sessionIds, row, scratch);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** Rows of `target` holding the sessions at `rows` of `source`; sessions missing from target are skipped. */
export function matchSessionRows(source: FeatureTable, rows: Int32Array, target: FeatureTable): Int32Array {
  if (sameSessions(source, target)) return rows;
  const byHash = new Map<number, number[]>();
  for (let r = 0; r < target.rows; r++) {
    const h = idHash(target, r);
    const list = byHash.get(h);
    if (list) list.push(r);
    else byHash.set(h, [r]);
  }
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const candidates = byHash.get(idHash(source, rows[i]));
    if (!candidates) continue;
    const id = sessionIdAt(source, rows[i]);
    const hit = candidates.find((r) => sessionIdAt(target, r) === id);
    if (hit !== undefined) out.push(hit);
  }
  return Int32Array.from(out);
}

/**
 * Score `model` on the test sessions of `source` (rows `testRows`) as they look after k events, for
 * each table in `byK`. Labels come from each k table (the session's eventual purchase).
 */
export function earlyPredictionCurve(model: TrainedModel, source: FeatureTable, testRows: Int32Array, byK: readonly { k: number; table: FeatureTable }[]): EarlyPredictionPoint[] {
  return byK.map(({ k, table }) => {
    const rows = matchSessionRows(source, testRows, table);
    const label = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) label[i] = table.label[rows[i]];
    const ranking = rankScores(label, predictProba(model, table, rows));
    return { k, n: rows.length, pos: ranking.positives, auc: rocAuc(ranking), prAuc: averagePrecision(ranking) };
  });
}
