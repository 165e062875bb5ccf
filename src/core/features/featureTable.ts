// Columnar session features: the hand-off from the ingestion pipeline to models, exports and the UI.
import { FEATURE_NAMES } from './featureDefinitions.ts';

export interface FeatureTable {
  /** Feature names in column order (FEATURE_NAMES for tables built from a CSV). */
  readonly names: readonly string[];
  /** Number of sessions (rows). */
  readonly rows: number;
  /** One Float64Array of length `rows` per name. */
  readonly columns: readonly Float64Array[];
  /** 1 when the session contains a purchase, else 0. */
  readonly label: Uint8Array;
  /** The user_session of each row. */
  readonly sessionIds: readonly string[];
}

/** Row-major float32 matrix of the chosen features, the layout models train on. */
export function toRowMajor(table: FeatureTable, names: readonly string[] = table.names, rowIndex?: ArrayLike<number>): Float32Array {
  const cols = names.map((n) => {
    const i = table.names.indexOf(n);
    if (i < 0) throw new Error(`feature "${n}" is not in the table (has ${table.names.join(', ')})`);
    return table.columns[i];
  });
  const n = rowIndex ? rowIndex.length : table.rows;
  const d = cols.length;
  const out = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const src = rowIndex ? rowIndex[r] : r;
    for (let c = 0; c < d; c++) out[r * d + c] = cols[c][src];
  }
  return out;
}

export function emptyFeatureTable(names: readonly string[] = FEATURE_NAMES): FeatureTable {
  return { names, rows: 0, columns: names.map(() => new Float64Array(0)), label: new Uint8Array(0), sessionIds: [] };
}
