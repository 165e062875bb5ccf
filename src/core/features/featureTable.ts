// Columnar session features: the hand-off from the ingestion pipeline to models, exports and the UI.
// Everything in it is a typed array (or a short list of names), so it crosses a worker boundary as
// transferables, not as millions of cloned strings.
import { FEATURE_NAMES } from './featureDefinitions.ts';
import { compactIds, idBuffers, idBytes, type PackedStrings } from './packedIds.ts';

export type { PackedStrings } from './packedIds.ts';

/**
 * One feature's values, a row each: float64, or for an integer feature built from events the
 * narrowest unsigned type its bound allows (featureColumns.ts). Read them as numbers either way.
 */
export type FeatureColumn = Float64Array | Uint32Array | Uint16Array | Uint8Array;

export interface FeatureTable {
  /** Feature names in column order (FEATURE_NAMES for tables built from a CSV). */
  readonly names: readonly string[];
  /** Number of sessions (rows). */
  readonly rows: number;
  /** One column of length `rows` per name. */
  readonly columns: readonly FeatureColumn[];
  /** 1 when the session contains a purchase, else 0. */
  readonly label: Uint8Array;
  /** The user_session of each row; read one with sessionIdAt(). */
  readonly sessionIds: PackedStrings;
}

const utf8 = new TextDecoder('utf-8');
const utf8enc = new TextEncoder();

export function sessionIdAt(table: Pick<FeatureTable, 'sessionIds'>, row: number): string {
  return utf8.decode(idBytes(table.sessionIds, row));
}

export function packStrings(values: readonly string[]): PackedStrings {
  const encoded = values.map((v) => utf8enc.encode(v));
  const offsets = new Float64Array(values.length + 1);
  for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i] + encoded[i].length;
  const bytes = new Uint8Array(offsets[values.length]);
  for (let i = 0; i < encoded.length; i++) bytes.set(encoded[i], offsets[i]);
  return compactIds({ bytes, offsets });
}

/** The transferable buffers of a table (for Comlink.transfer / postMessage). */
export function featureTableTransferables(table: FeatureTable): ArrayBuffer[] {
  const buffers = [...table.columns.map((c) => c.buffer), table.label.buffer, ...idBuffers(table.sessionIds)];
  return [...new Set(buffers)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
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
  return { names, rows: 0, columns: names.map(() => new Float64Array(0)), label: new Uint8Array(0), sessionIds: packStrings([]) };
}
