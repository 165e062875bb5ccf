// worker_threads entry for the CLI's second features thread (`features --workers 2` or more): computes
// the feature rows of chunks of sessions with the same src/core code the browser's FeatureHelper runs
// (featureRowChunks.ts), and posts them back as transferables.
import { parentPort } from 'node:worker_threads';
import { chunkFeatureRows, placedRowsTransferables, type ChunkSettings, type SessionChunk } from '../src/core/features/featureRowChunks.ts';

let settings: ChunkSettings | null = null;

parentPort?.on('message', (msg: { settings: ChunkSettings } | { id: number; chunk: SessionChunk }) => {
  if ('settings' in msg) {
    settings = msg.settings;
    return;
  }
  try {
    if (!settings) throw new Error('feature rows asked for before their settings');
    const rows = chunkFeatureRows(msg.chunk, settings);
    parentPort?.postMessage({ id: msg.id, rows }, placedRowsTransferables(rows));
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
