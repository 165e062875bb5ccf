// When two walkthrough arms train with the same settings on the same data (1B, 2B and 3B are all the
// shared base settings), the second one reuses the first run instead of training again: training is
// seeded, so a rerun would only repeat the same numbers after the same wait.
import type { TrainOptions } from '../state/trainingSession.svelte.ts';
import type { DataKind } from './steps.ts';

/**
 * The settings that decide a run's result, as one string. A features file has one table whatever the
 * cut option says, so its cut does not tell runs apart.
 */
export function walkthroughRunKey(opts: Partial<TrainOptions>, dataKind: DataKind): string {
  const settings: Record<string, unknown> = { ...opts, cut: dataKind === 'features' ? 'file' : opts.cut };
  return JSON.stringify(Object.keys(settings).sort().map((k) => [k, settings[k]]));
}
