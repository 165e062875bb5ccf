// What the Live stream replays, as the app describes it. A module of its own (no worker, no component)
// so the app shell can name a source without loading the lazily imported stream tab.
import type { StreamSource } from '../../../workers/stream.worker.ts';
import type { Outcome } from '../../../workers/lib/workerOutcome.ts';
import type { IngestResultData } from '../../core/ingest/ingestTransfer.ts';

/**
 * Generated demo data (with `reason`: why demo data stands in for the loaded data), a file the user
 * picks in the tab, or the events already loaded in the Load section, handed over as a copy (`copy`,
 * from the loading worker) instead of being parsed again.
 */
export type ReplaySource =
  | (Extract<StreamSource, { kind: 'demo' }> & { reason?: string })
  | Extract<StreamSource, { kind: 'file' }>
  | { kind: 'loaded'; name: string; rows: number; copy: () => Promise<Outcome<IngestResultData>> };

/** What the tab replays when no source is given: one day of traffic at a quieter rate than the real month. */
export const DEFAULT_DEMO: Extract<ReplaySource, { kind: 'demo' }> = { kind: 'demo', rows: 200_000, seed: 42 };
