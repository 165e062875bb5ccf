// What a run can say about its leakage cut. A run on a features file has none that this app chose:
// Train's cut option is greyed out for such data (the file was computed with some cut, which it does
// not record), yet the run carries the option's value, and exports were named after it
// ("…-features-strict.csv") and could carry the faithful cut's note.
import { FAITHFUL_CUT_NOTE } from '../../core/features/featureDefinitions.ts';
import type { CutMode } from '../../core/features/sessionFeatures.ts';
import type { RunRecord } from '../state/trainingSession.svelte.ts';

/** The cut the run's features were computed with, or null when it is not known (a features file). */
export function runCut(run: Pick<RunRecord, 'cut' | 'dataKind'>): CutMode | null {
  return run.dataKind === 'features' ? null : run.cut;
}

/** The run's notes, less the faithful cut's on a features file: it describes the option, not the file. */
export function runNotes(run: { readonly notes: readonly string[]; readonly dataKind: RunRecord['dataKind'] }): string[] {
  return run.dataKind === 'features' ? run.notes.filter((n) => n !== FAITHFUL_CUT_NOTE) : [...run.notes];
}

/**
 * The start of a run's export file names: "intent-lab-gbdt-strict-honest-run3", without a cut for
 * a features file ("intent-lab-gbdt-honest-run3"), "saved" in place of the protocol for a saved model.
 */
export function runFileStem(run: Pick<RunRecord, 'model' | 'cut' | 'dataKind' | 'origin' | 'protocol' | 'runId'>): string {
  const cut = runCut(run);
  return ['intent-lab', run.model, ...(cut === null ? [] : [cut]), run.origin === 'saved' ? 'saved' : run.protocol, `run${run.runId}`].join('-');
}
