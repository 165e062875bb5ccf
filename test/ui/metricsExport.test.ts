// The metrics file: a documented object, without UI state (regression: stale, dataVersion and tag
// were in it, and the early-prediction curve was not, even after Results had computed it).
import { describe, expect, it } from 'vitest';
import { evaluateScores } from '../../src/core/models/evaluation.ts';
import { FAITHFUL_CUT_NOTE } from '../../src/core/features/featureDefinitions.ts';
import { metricsExport, EXPORTED_CURVE_POINTS } from '../../src/ui/results/metricsExport.ts';
import type { RunRecord } from '../../src/ui/state/trainingSession.svelte.ts';

const n = 400;
const labels = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0));
const scores = labels.map((l, i) => Math.min(0.99, Math.max(0.01, 0.3 * l + ((i * 37) % 100) / 140)));
const report = evaluateScores(labels, scores);

const run: RunRecord = {
  model: 'gbdt',
  backend: 'wasm',
  protocol: 'honest',
  balance: 'undersample',
  seed: 42,
  features: ['view_count', 'cart_count'],
  sessions: { rows: 2000, positives: 400 },
  train: { rows: 640, positives: 320, fitRows: 576, validRows: 64, classWeights: { neg: 1, pos: 1 }, seconds: 1.5, rounds: 30, keptRounds: 22, curve: [], aborted: false },
  test: { natural: report, balanced: report },
  notes: [],
  runId: 3,
  origin: 'trained',
  saved: null,
  cut: 'strict',
  attempts: [],
  importance: [],
  evaluatedOn: 'natural',
  examples: [],
  totalSeconds: 2,
  dataLabel: 'demo 20k',
  dataKind: 'events',
  dataVersion: 7,
  tag: 'walkthrough',
  stale: false,
};

describe('metricsExport', () => {
  it('holds settings, data name, sizes and metrics, and none of the UI state', () => {
    const m = metricsExport(run);
    expect(m).toMatchObject({
      format: 'intent-lab-metrics',
      version: 1,
      runId: 3,
      model: 'gbdt',
      origin: 'trained',
      data: { name: 'demo 20k', kind: 'events', sessions: 2000, buyers: 400 },
      settings: { cut: 'strict', protocol: 'honest', balance: 'undersample', seed: 42, backend: 'wasm' },
      training: { sessions: 640, buyers: 320, keptRounds: 22 },
      evaluatedOn: 'natural',
      earlyPrediction: null,
      atChosenThreshold: null,
    });
    expect(m.test.natural).toMatchObject({ sessions: n, buyers: 80, auc: report.auc, prAuc: report.prAuc, f1: report.f1, confusion: report.confusion });
    const text = JSON.stringify(m);
    for (const key of ['stale', 'dataVersion', 'tag', 'attempts', 'examples']) expect(text, key).not.toContain(`"${key}"`);
    expect(m.test.balanced.curves.roc.length).toBeLessThanOrEqual(EXPORTED_CURVE_POINTS);
    expect(m.test.balanced.curves.rocPoints).toBe(report.roc.length);
    expect(m.test.balanced.curves.calibration).toHaveLength(report.calibration.length);
  });

  it('carries the early-prediction points and the slider threshold once Results has them', () => {
    const points = [{ k: 1, n: 80, pos: 16, auc: 0.61, prAuc: 0.3 }];
    const at = { ...report.bestF1 };
    const m = metricsExport(run, { earlyPrediction: points, atThreshold: at });
    expect(m.earlyPrediction).toEqual(points);
    expect(m.atChosenThreshold).toEqual(at);
  });

  it('a features file: no cut, and not the faithful cut\'s note that Train\'s greyed-out option added', () => {
    const m = metricsExport({ ...run, dataKind: 'features', cut: 'faithful', notes: ['a note', FAITHFUL_CUT_NOTE] });
    expect(m.data.kind).toBe('features');
    expect(m.settings.cut).toBeNull();
    expect(m.notes).toEqual(['a note']);
    expect(metricsExport({ ...run, cut: 'faithful', notes: [FAITHFUL_CUT_NOTE] })).toMatchObject({ settings: { cut: 'faithful' }, notes: [FAITHFUL_CUT_NOTE] });
  });

  it('a saved model: no protocol, no balancing, no training', () => {
    const m = metricsExport({ ...run, origin: 'saved', saved: { fileName: 'm.model.json', savedAt: '', testAuc: 0.7 } });
    expect(m.settings).toMatchObject({ protocol: null, balance: null });
    expect(m.training).toBeNull();
    expect(m.savedModel).toEqual({ fileName: 'm.model.json', savedAt: '', testAuc: 0.7 });
  });
});
