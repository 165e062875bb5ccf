// Save → load → identical predictions, for both model kinds; broken files are refused in words.
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/models/backend.ts';
import { createGbdtTrainer } from '../../src/core/models/gbdt/gbdt.ts';
import { createLogisticTrainer } from '../../src/core/models/logistic.ts';
import { predictProba, type TrainedModel } from '../../src/core/models/model.ts';
import { MODEL_FILE_VERSION, ModelFileError, parseModelFile, serializeModel } from '../../src/core/models/modelFile.ts';
import { allRows, stratifiedSplit, UNIT_WEIGHTS } from '../../src/core/models/split.ts';
import { runTrainer } from '../../src/core/models/training.ts';
import { sessionLikeTable } from './syntheticTable.ts';

const table = sessionLikeTable(3000, 17);
const split = stratifiedSplit(table.label, allRows(table.rows), 0.1, 1);
const set = { table, features: table.names, fitRows: split.train, validRows: split.test, classWeights: UNIT_WEIGHTS, seed: 1 };

async function trained(kind: 'gbdt' | 'logistic'): Promise<TrainedModel> {
  const { tf } = await initBackend(['cpu']);
  const trainer = kind === 'gbdt' ? createGbdtTrainer(tf, set, { maxRounds: 10 }) : createLogisticTrainer(tf, set);
  return (await runTrainer<TrainedModel>(trainer)).model;
}

describe.each(['gbdt', 'logistic'] as const)('model file: %s', (kind) => {
  it('save → load gives bit-identical predictions and keeps metadata', async () => {
    const model = await trained(kind);
    const text = serializeModel(model, { protocol: 'honest', auc: 0.9 }, new Date('2026-01-02T03:04:05Z'));
    const file = parseModelFile(text);
    expect(file.version).toBe(MODEL_FILE_VERSION);
    expect(file.savedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(file.metadata).toEqual({ protocol: 'honest', auc: 0.9 });
    expect(file.model.kind).toBe(kind);
    expect(predictProba(file.model, table)).toEqual(predictProba(model, table));
  });
});

describe('model file errors', () => {
  const bad = (text: string) => () => parseModelFile(text);
  it('names what is wrong', async () => {
    const model = await trained('gbdt');
    const good = JSON.parse(serializeModel(model));
    expect(bad('{oops')).toThrow(ModelFileError);
    expect(bad('{oops')).toThrow(/not JSON/);
    expect(bad(JSON.stringify({ ...good, format: 'x' }))).toThrow(/"format" must be "intent-lab-model"/);
    expect(bad(JSON.stringify({ ...good, version: 99 }))).toThrow(/version 99 is newer/);
    expect(bad(JSON.stringify({ ...good, model: { ...good.model, kind: 'svm' } }))).toThrow(/unknown model kind "svm"/);
    const trees = [{ ...good.model.trees[0], left: [5] }];
    expect(bad(JSON.stringify({ ...good, model: { ...good.model, trees } }))).toThrow(/tree 0 left has 1 entries/);
    expect(bad(JSON.stringify({ ...good, model: { ...good.model, thresholds: [] } }))).toThrow(/one list per feature/);
  });
});
