// The online logistic model: warm start reproduces the batch model it starts from, the plain-TS scorer
// agrees with it, and explanations are weight × standardized value.
import { describe, expect, test } from 'vitest';
import { OnlineLogistic } from '../../src/core/stream/onlineLogistic.ts';
import { linearModelFromJson, linearScorer, sigmoid, type LinearModelParams } from '../../src/core/stream/linearModel.ts';
import { RunningStandardizer } from '../../src/core/stream/runningStandardizer.ts';
import type { LogisticModel } from '../../src/core/models/logistic.ts';
import { serializeModel } from '../../src/core/models/modelFile.ts';

// The batch trainer's defaults, copied as data: importing logistic.ts at run time would load its trainer.
const DEFAULT_LOGISTIC_PARAMS: LogisticModel['params'] = { l2: 1e-4, maxIterations: 30, earlyStoppingRounds: 2, tolerance: 1e-7 };

const NAMES = ['a', 'b', 'c'];
// A batch model over a subset of the stream's features, in another order.
const BATCH: LinearModelParams = { names: ['c', 'a'], mean: [10, 1], std: [2, 0.5], weights: [0.8, -1.5], bias: -2 };

describe('linearScorer', () => {
  test('standardizes by the model’s names, not by position', () => {
    const score = linearScorer(BATCH, NAMES);
    // a = 2 → z 2; c = 14 → z 2: logit −2 + 0.8·2 − 1.5·2 = −3.4
    expect(score(Float64Array.of(2, 99, 14))).toBeCloseTo(sigmoid(-3.4), 15);
  });

  test('refuses a model that needs a feature the stream lacks, naming it', () => {
    expect(() => linearScorer({ ...BATCH, names: ['c', 'zz'] }, NAMES)).toThrow('the model uses feature "zz", which the stream does not compute');
    expect(() => linearScorer({ ...BATCH, weights: [1] }, NAMES)).toThrow('model parameters disagree in length: 2 names, 2 means, 2 stds, 1 weights');
  });
});

describe('OnlineLogistic', () => {
  test('a warm start scores exactly like the batch model until it learns', () => {
    const m = new OnlineLogistic(NAMES, { warmStart: BATCH });
    const frozen = linearScorer(BATCH, NAMES);
    for (const x of [Float64Array.of(2, 0, 14), Float64Array.of(0.5, 7, 9), Float64Array.of(1, 1, 10)]) expect(m.predict(x)).toBeCloseTo(frozen(x), 12);
    expect(Array.from(m.weights)).toEqual([-1.5, 0, 0.8]); // b is not in the batch model: weight 0
  });

  test('no step before the mini-batch is full; then one step of the mean gradient', () => {
    const m = new OnlineLogistic(['a'], { batchSize: 2, learningRate: 1, l2: 0 });
    m.learn(Float64Array.of(1), 1);
    expect([m.bias, m.weights[0], m.batchesApplied]).toEqual([0, 0, 0]);
    m.learn(Float64Array.of(3), 0);
    // Standardized with the stats at each learn: first x = 1 alone → z 0; then mean 2, std 1 → z 1.
    // mean gradients: bias ((0.5−1) + (0.5−0)) / 2 = 0; weight (−0.5·0 + 0.5·1) / 2 = 0.25, so w = −0.25.
    expect([m.bias, m.weights[0], m.batchesApplied]).toEqual([0, -0.25, 1]);
  });

  test('explain: top contributions by size, weight × standardized value', () => {
    const m = new OnlineLogistic(NAMES, { warmStart: BATCH });
    expect(m.explain(Float64Array.of(2, 5, 14), 2)).toEqual([
      { feature: 'a', contribution: -3 },
      { feature: 'c', contribution: 1.6 },
    ]);
  });
});

describe('RunningStandardizer', () => {
  test('Welford mean and population std; constant features scale by 1', () => {
    const s = new RunningStandardizer(2);
    for (const v of [2, 4, 4, 4, 5, 5, 7, 9]) s.update(Float64Array.of(v, 3));
    expect(s.mean[0]).toBe(5);
    expect(s.std(0)).toBe(2);
    expect(s.std(1)).toBe(1);
  });
});

describe('linearModelFromJson', () => {
  test('reads an Intent Lab logistic model file and the plain format alike', () => {
    const file = { format: 'intent-lab-model', version: 1, model: { kind: 'logistic', featureNames: ['c', 'a'], mean: [10, 1], std: [2, 0.5], coefficients: [0.8, -1.5], intercept: -2, params: {} } };
    expect(linearModelFromJson(file)).toEqual(BATCH);
    expect(linearModelFromJson(JSON.parse(JSON.stringify(BATCH)))).toEqual(BATCH);
    expect(() => linearModelFromJson({ model: { kind: 'gbdt', featureNames: ['a'] } })).toThrow('it is a gbdt model; the stream can only warm-start from, and score, a logistic model');
    expect(() => linearModelFromJson({ ...BATCH, std: [1] })).toThrow('std must be 2 finite numbers, one per feature');
  });
});

describe('a model saved by the Train view', () => {
  test('warm-starts and scores the stream as the saved logistic model does', () => {
    const saved: LogisticModel = { kind: 'logistic', featureNames: ['c', 'a'], mean: [10, 1], std: [2, 0.5], coefficients: [0.8, -1.5], intercept: -2, params: DEFAULT_LOGISTIC_PARAMS };
    const params = linearModelFromJson(JSON.parse(serializeModel(saved, { note: 'test' })));
    expect(params).toEqual(BATCH);
    const x = Float64Array.of(2, 99, 14);
    expect(new OnlineLogistic(NAMES, { warmStart: params }).predict(x)).toBeCloseTo(linearScorer(params, NAMES)(x), 15);
  });
});
