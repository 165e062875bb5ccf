// Loading a features file instead of raw events: `user_session,label,<features…>` as CSV or Parquet,
// e.g. what the SQL export computed on a cluster. The parser lives in src/core/features/
// featuresFileImport.ts (imported lazily: it brings the Parquet reader); this reads the File in
// bounded slices and summarises the table.
import type { FeatureTable } from '../../src/core/features/featureTable.ts';
import { copyIds } from '../../src/core/features/packedIds.ts';
import { FEATURE_NAMES } from '../../src/core/features/featureDefinitions.ts';
import { READ_CHUNK_BYTES } from './byteSources.ts';
import { yieldToEvents } from './runControl.ts';

export interface FeaturesFileSummary {
  file: string;
  bytes: number;
  format: 'csv' | 'parquet';
  sessions: number;
  buyerSessions: number;
  sessionConversionRate: number;
  /** Catalogue features present in the file, and those it lacks. */
  features: string[];
  missingFeatures: string[];
  seconds: number;
}

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31];

/** Parquet magic, or a first line naming user_session and label but not event_time. */
export async function looksLikeFeaturesFile(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 4096).arrayBuffer());
  if (head.length >= 4 && PARQUET_MAGIC.every((b, i) => head[i] === b)) return true;
  const text = new TextDecoder('utf-8').decode(head);
  const firstLine = (text.split(/\r?\n/, 1)[0] ?? '').replace(/^\uFEFF/, '').toLowerCase();
  const cols = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  return cols.includes('user_session') && cols.includes('label') && !cols.includes('event_time');
}

export async function importFeaturesFile(blob: Blob, name: string, onBytes: (bytes: number) => void, checkCancel: () => void): Promise<{ table: FeatureTable; summary: FeaturesFileSummary }> {
  const t0 = performance.now();
  const mod = await import('../../src/core/features/featuresFileImport.ts');
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  const parquet = mod.isParquet(head);
  let table: FeatureTable;
  if (parquet) {
    table = await mod.parseFeaturesParquet(mod.asyncBufferFromBlob(blob));
    onBytes(blob.size);
  } else {
    const reader = new mod.FeaturesCsvReader();
    const decoder = new TextDecoder('utf-8');
    for (let pos = 0; pos < blob.size; pos += READ_CHUNK_BYTES) {
      checkCancel();
      const end = Math.min(blob.size, pos + READ_CHUNK_BYTES);
      reader.push(decoder.decode(new Uint8Array(await blob.slice(pos, end).arrayBuffer()), { stream: true }));
      onBytes(end);
      await yieldToEvents();
    }
    reader.push(decoder.decode());
    table = reader.finish();
  }
  checkCancel();
  let buyers = 0;
  for (let i = 0; i < table.rows; i++) buyers += table.label[i];
  return {
    table,
    summary: {
      file: name,
      bytes: blob.size,
      format: parquet ? 'parquet' : 'csv',
      sessions: table.rows,
      buyerSessions: buyers,
      sessionConversionRate: table.rows > 0 ? buyers / table.rows : 0,
      features: [...table.names],
      missingFeatures: FEATURE_NAMES.filter((n) => !table.names.includes(n)),
      seconds: (performance.now() - t0) / 1000,
    },
  };
}

/** A copy whose buffers can be transferred while the workspace keeps the original. */
export function cloneTable(t: FeatureTable): FeatureTable {
  return {
    names: [...t.names],
    rows: t.rows,
    columns: t.columns.map((c) => c.slice()),
    label: t.label.slice(),
    sessionIds: copyIds(t.sessionIds),
  };
}
