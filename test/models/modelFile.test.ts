// Save → load → identical predictions, for both model kinds; broken files are refused in words.
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/models/backend.ts';
import { createGbdtTrainer } from '../../src/core/models/gbdt/gbdt.ts';
import { createLogisticTrainer } from '../../src/core/models/logistic.ts';
import { predictProba, type TrainedModel } from '../../src/core/models/model.ts';
import { MAX_MODEL_FILE_BYTES, MODEL_FILE_VERSION, ModelFileError, modelFileSizeProblem, parseModelFile, serializeModel } from '../../src/core/models/modelFile.ts';
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

describe('a file that is not a model (regression: a PNG showed the raw JSON.parse text)', () => {
  const PNG_START = String.fromCharCode(0x89) + 'PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR';
  const message = (text: string, name?: string) => {
    try {
      parseModelFile(text, name);
    } catch (err) {
      expect(err).toBeInstanceOf(ModelFileError);
      return (err as Error).message;
    }
    return null;
  };

  it('names the file and says it is not JSON, without the parser\'s text', () => {
    expect(message(PNG_START, 'chart.png')).toBe('chart.png is not an Intent Lab model file (it is not JSON).');
    expect(message('user_session,label\na,1\n', 'features.csv')).toBe('features.csv is not an Intent Lab model file (it is not JSON).');
    expect(message('', 'empty.json')).toBe('empty.json is not an Intent Lab model file (it is not JSON).');
    expect(message('{oops')).toBe('This file is not an Intent Lab model file (it is not JSON).');
  });

  it('JSON of another kind: says which field is wrong, and spots the metrics export', () => {
    expect(message('[1, 2]', 'list.json')).toBe('list.json is not a usable model file: "format" must be "intent-lab-model".');
    expect(message(JSON.stringify({ runId: 3, test: {} }), 'run3.metrics.json')).toBe(
      'run3.metrics.json is not a usable model file: "format" must be "intent-lab-model" (this is a metrics file; pick the one that "Model file (JSON)" saved).',
    );
  });

  it('a damaged model file names the file and the fault', () => {
    expect(message(JSON.stringify({ format: 'intent-lab-model', version: 1, model: { kind: 'svm', featureNames: ['a'] } }), 'm.json')).toBe(
      'm.json is not a usable model file: unknown model kind "svm" (expected "gbdt" or "logistic").',
    );
  });

  it('refuses by size before reading: empty, or far larger than any model file', () => {
    expect(modelFileSizeProblem('m.json', 12_345)).toBeNull();
    expect(modelFileSizeProblem('m.json', MAX_MODEL_FILE_BYTES)).toBeNull();
    expect(modelFileSizeProblem('empty.json', 0)).toBe('empty.json is not an Intent Lab model file (it is empty).');
    expect(modelFileSizeProblem('2019-Oct.csv', 5_300_000_000)).toBe(
      '2019-Oct.csv is not an Intent Lab model file (it is 5054 MB; model files are at most 64 MB). Pick the .model.json file that "Model file (JSON)" saved.',
    );
  });

  it('the size cap leaves room for the largest model the Train form allows (2000 trees)', async () => {
    const model = await trained('gbdt');
    if (model.kind !== 'gbdt') throw new Error('expected a gbdt model');
    const bytesPerTree = serializeModel({ ...model, trees: model.trees.slice(0, 10) }).length / 10;
    expect(bytesPerTree * 2000).toBeLessThan(MAX_MODEL_FILE_BYTES / 2);
  });
});
