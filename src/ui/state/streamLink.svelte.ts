// What the Live stream section gets from the rest of the app: the loaded events to replay, and the
// newest logistic model trained on them, so the online model runs next to a batch one.
import type { IngestSession } from './ingestSession.svelte.ts';
import type { FeaturesFileSummary } from '../../../workers/lib/ingestWorkspace.ts';
import type { TrainingSession } from './trainingSession.svelte.ts';
import { DEFAULT_DEMO, type ReplaySource } from '../stream/replaySource.ts';

export class StreamLink {
  /** Parsed model file of the newest current logistic run, or null. */
  batchModel = $state.raw<object | null>(null);
  private modelRunId: number | null = null;

  constructor(
    private readonly ingest: IngestSession,
    private readonly training: TrainingSession,
  ) {}

  /** The source of the last settled state (nothing loading), kept while a load runs; undefined: none computed yet. */
  private settled: ReplaySource | null | undefined = undefined;
  /** The demo standing in for a loaded features file, one object per file (the tab reloads on a new object). */
  private featuresDemo: { file: FeaturesFileSummary; source: ReplaySource } | null = null;

  /**
   * The loaded events; demo data, saying why, when the loaded file holds session features (nothing to
   * replay); null (the tab's own demo default) when nothing is loaded. Derived, so the tab reloads
   * only when the loaded data changes. While a load runs, and until its cancel settles, it stays what
   * it was: a replay in progress goes on (its worker has its own copy of the events), no demo data is
   * generated beside the parse, and a cancel that keeps the data gives back the same source, so the
   * replay carries on where it was.
   */
  readonly source = $derived.by((): ReplaySource | null => {
    if (this.ingest.status === 'loading' || this.ingest.setAsideReplay !== null) {
      // The tab first opened during a load: the data set aside is what it would have shown.
      if (this.settled === undefined) this.settled = this.sourceOf(this.ingest.setAsideReplay);
      return this.settled;
    }
    this.settled = this.sourceOf(this.ingest);
    return this.settled;
  });

  private sourceOf(shown: { replaySource: ReplaySource | null; featuresFile: FeaturesFileSummary | null } | null): ReplaySource | null {
    if (!shown) return null;
    if (shown.replaySource) return shown.replaySource;
    const features = shown.featuresFile;
    if (!features) return null;
    if (this.featuresDemo?.file !== features) {
      this.featuresDemo = { file: features, source: { ...DEFAULT_DEMO, reason: `${features.file} (loaded in Load) is a features file, one row per session with no events to replay` } };
    }
    return this.featuresDemo.source;
  }

  /** Call when the stream section is shown: picks up a newer logistic run. */
  async refresh(): Promise<void> {
    const run = [...this.training.runs].reverse().find((r) => !r.stale && r.model === 'logistic' && r.dataKind === 'events');
    if (!run) {
      this.modelRunId = null;
      this.batchModel = null;
      return;
    }
    if (run.runId === this.modelRunId) return;
    this.modelRunId = run.runId;
    const data = await this.training.modelData(run.runId);
    if (this.modelRunId === run.runId) this.batchModel = data && typeof data === 'object' ? data : null;
  }
}
