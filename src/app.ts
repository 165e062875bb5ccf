// Wires the UI to the workers: one rune class per worker, created once, and the hand-offs between
// them. A load's feature table goes from the ingest worker to the model worker (transferred, not
// copied); tables for another cut or for early prediction are rebuilt by the ingest worker on demand.
import { IngestSession } from './ui/state/ingestSession.svelte.ts';
import { Navigation } from './ui/state/navigation.svelte.ts';
import { ResultsState } from './ui/state/resultsState.svelte.ts';
import { ThemeState } from './ui/state/themeState.svelte.ts';
import { TrainingSession, type TableSource } from './ui/state/trainingSession.svelte.ts';
import { WalkthroughSession } from './ui/state/walkthroughSession.svelte.ts';
import { StreamLink } from './ui/state/streamLink.svelte.ts';

export function createApp() {
  const theme = new ThemeState();
  const nav = new Navigation();
  const ingest = new IngestSession();
  const tables: TableSource = {
    get dataVersion() {
      return ingest.ready ? ingest.dataVersion : 0;
    },
    get dataLabel() {
      return ingest.fileName;
    },
    get dataKind() {
      return ingest.dataKind ?? 'events';
    },
    tableFor: async (cut, firstK) => {
      const built = await ingest.featureTable(cut, firstK);
      return built === 'cancelled' ? built : (built?.table ?? null);
    },
  };
  const training = new TrainingSession(tables);
  const results = new ResultsState(training);
  const walkthrough = new WalkthroughSession(training, tables);
  const stream = new StreamLink(ingest, training);

  // A load sets the loaded data aside, tables and all, until it replaces it (onDataGone below stops
  // a training then): a run goes on meanwhile. Not a walkthrough step: its next arm may need a table
  // of another cut, which the loading worker would have to build in the middle of the load.
  ingest.onLoadStart = () => {
    if (walkthrough.running) training.cancel('Training cancelled: a load started.');
  };
  // Runs and walkthrough outcomes are stale only once their data is gone from the ingest worker: a
  // cancelled or failed load that kept it leaves them valid (its tables stay in the model worker).
  ingest.onDataGone = () => {
    training.dataChanged();
    walkthrough.reset();
  };
  ingest.onTable = (table, cut, version) => training.acceptTable(table, cut, version, ingest.dataKind ?? 'events');
  // The ingest worker starts once the page is idle, so the first file or demo load does not wait for it.
  const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 200));
  idle(() => ingest.warmUp());

  return { theme, nav, ingest, training, results, walkthrough, stream };
}

export type AppState = ReturnType<typeof createApp>;
