// A run on a loaded features file claims no cut (regression: Results › Features (CSV) was always
// "<name>-features-strict.csv", after Train's greyed-out cut option).
import { describe, expect, it } from 'vitest';
import { FAITHFUL_CUT_NOTE } from '../../src/core/features/featureDefinitions.ts';
import { runCut, runFileStem, runNotes } from '../../src/ui/results/runCut.ts';
import { featuresCsvFileName } from '../../src/ui/state/download.ts';

const run = { model: 'gbdt', cut: 'faithful', dataKind: 'events', origin: 'trained', protocol: 'honest', runId: 3, notes: ['a note', FAITHFUL_CUT_NOTE] } as const;
const fileRun = { ...run, dataKind: 'features' } as const;

describe('runCut', () => {
  it('events: the cut Train used; a features file: not known', () => {
    expect([runCut(run), runCut(fileRun)]).toEqual(['faithful', null]);
  });
});

describe('runFileStem', () => {
  it('names the cut only when it is known, and "saved" for a saved model', () => {
    expect(runFileStem(run)).toBe('intent-lab-gbdt-faithful-honest-run3');
    expect(runFileStem(fileRun)).toBe('intent-lab-gbdt-honest-run3');
    expect(runFileStem({ ...run, origin: 'saved', cut: 'strict', runId: 4 })).toBe('intent-lab-gbdt-strict-saved-run4');
  });
});

describe('runNotes', () => {
  it("drops the faithful cut's note from a features file's run, and only there", () => {
    expect(runNotes(run)).toEqual(['a note', FAITHFUL_CUT_NOTE]);
    expect(runNotes(fileRun)).toEqual(['a note']);
  });
});

describe('featuresCsvFileName', () => {
  it('with the cut for events, without one for a features file', () => {
    expect(featuresCsvFileName('2019-Oct.csv', 'strict')).toBe('2019-Oct-features-strict.csv');
    expect(featuresCsvFileName('my features.parquet', null)).toBe('my-features-features.csv');
    expect(featuresCsvFileName('', 'faithful')).toBe('data-features-faithful.csv');
  });
});
