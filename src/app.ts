// Wires the UI to the workers: one rune class per worker, created once, and the hand-offs between
// them (a new feature table goes from the ingest worker to the model worker).
import { IngestSession } from './ui/state/ingestSession.svelte.ts';
import { Navigation } from './ui/state/navigation.svelte.ts';
import { ThemeState } from './ui/state/themeState.svelte.ts';

export function createApp() {
  const theme = new ThemeState();
  const nav = new Navigation();
  const ingest = new IngestSession();
  return { theme, nav, ingest };
}

export type AppState = ReturnType<typeof createApp>;
