// The Train form's numeric options: exact messages at and around each edge of each range, the short
// reason for a disabled Train button, and the worker-side check of a request.
import { describe, expect, it } from 'vitest';
import { trainNumberProblem, trainRequestProblem, validateTrainNumbers, type TrainNumberField } from '../../src/core/models/trainOptionsValidation.ts';

const DEFAULTS = { gbdtRounds: 200, learningRate: 0.1, seed: 42 };

describe('trainNumberProblem', () => {
  const cases: [TrainNumberField, unknown, string | null][] = [
    // Trees: whole numbers 1–2000.
    ['gbdtRounds', 1, null],
    ['gbdtRounds', 200, null],
    ['gbdtRounds', 2000, null],
    ['gbdtRounds', 0, 'Trees (max) must be a whole number from 1 to 2000; got 0.'],
    ['gbdtRounds', -5, 'Trees (max) must be a whole number from 1 to 2000; got -5.'],
    ['gbdtRounds', 2001, 'Trees (max) must be a whole number from 1 to 2000; got 2001.'],
    ['gbdtRounds', 99999, 'Trees (max) must be a whole number from 1 to 2000; got 99999.'],
    ['gbdtRounds', 2.5, 'Trees (max) must be a whole number from 1 to 2000; got 2.5.'],
    ['gbdtRounds', null, 'Enter trees (max): a whole number from 1 to 2000.'],
    // Learning rate: (0, 1]; the default 0.1 is valid (the old step grid flagged it).
    ['learningRate', 0.1, null],
    ['learningRate', 1, null],
    ['learningRate', 0.0001, null],
    ['learningRate', 0, 'Learning rate must be a number above 0 and at most 1; got 0.'],
    ['learningRate', -0.1, 'Learning rate must be a number above 0 and at most 1; got -0.1.'],
    ['learningRate', 1.01, 'Learning rate must be a number above 0 and at most 1; got 1.01.'],
    ['learningRate', 50, 'Learning rate must be a number above 0 and at most 1; got 50.'],
    ['learningRate', Number.NaN, 'Learning rate must be a number above 0 and at most 1; got NaN.'],
    ['learningRate', Number.POSITIVE_INFINITY, 'Learning rate must be a number above 0 and at most 1; got Infinity.'],
    ['learningRate', undefined, 'Enter learning rate: a number above 0 and at most 1.'],
    // Seed: the 32-bit range random.ts uses.
    ['seed', 0, null],
    ['seed', 42, null],
    ['seed', 4294967295, null],
    ['seed', -1, 'Seed must be a whole number from 0 to 4294967295; got -1.'],
    ['seed', 4294967296, 'Seed must be a whole number from 0 to 4294967295; got 4294967296.'],
    ['seed', 1.5, 'Seed must be a whole number from 0 to 4294967295; got 1.5.'],
    ['seed', null, 'Enter seed: a whole number from 0 to 4294967295.'],
    ['seed', '', 'Enter seed: a whole number from 0 to 4294967295.'],
    ['seed', '42', 'Seed must be a whole number from 0 to 4294967295; got "42".'],
    // Leaves (request only).
    ['maxLeaves', 2, null],
    ['maxLeaves', 1024, null],
    ['maxLeaves', 1, 'Leaves per tree (max) must be a whole number from 2 to 1024; got 1.'],
  ];
  it.each(cases)('%s = %s', (field, value, expected) => {
    expect(trainNumberProblem(field, value)).toBe(expected);
  });
});

describe('validateTrainNumbers', () => {
  it('accepts the defaults and returns them as numbers', () => {
    expect(validateTrainNumbers(DEFAULTS)).toEqual({ ok: true, value: DEFAULTS });
  });

  it('names one invalid field in the reason', () => {
    expect(validateTrainNumbers({ ...DEFAULTS, learningRate: 50 })).toEqual({
      ok: false,
      errors: { learningRate: 'Learning rate must be a number above 0 and at most 1; got 50.' },
      reason: 'Fix learning rate to train.',
      message: 'Learning rate must be a number above 0 and at most 1; got 50.',
    });
  });

  it('lists every invalid field, in form order', () => {
    const check = validateTrainNumbers({ gbdtRounds: 0, learningRate: 50, seed: null });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toEqual({
      gbdtRounds: 'Trees (max) must be a whole number from 1 to 2000; got 0.',
      learningRate: 'Learning rate must be a number above 0 and at most 1; got 50.',
      seed: 'Enter seed: a whole number from 0 to 4294967295.',
    });
    expect(check.reason).toBe('Fix trees (max), learning rate and seed to train.');
    expect(check.message).toBe(
      'Trees (max) must be a whole number from 1 to 2000; got 0. Learning rate must be a number above 0 and at most 1; got 50. Enter seed: a whole number from 0 to 4294967295.',
    );
  });

  it('two invalid fields are joined with "and"', () => {
    const check = validateTrainNumbers({ gbdtRounds: 99999, learningRate: 0.1, seed: 2.5 });
    expect(check.ok ? null : check.reason).toBe('Fix trees (max) and seed to train.');
  });
});

describe('trainRequestProblem', () => {
  it('accepts a request with default GBDT settings (absent values)', () => {
    expect(trainRequestProblem({ seed: 42 })).toBeNull();
    expect(trainRequestProblem({ seed: 42, gbdt: { maxRounds: 60, learningRate: 0.3, maxLeaves: 31 } })).toBeNull();
  });

  it('refuses out-of-range values instead of clamping them', () => {
    expect(trainRequestProblem({ seed: -3, gbdt: { maxRounds: 0, learningRate: 50, maxLeaves: 1 } })).toBe(
      'The training options are not valid: Seed must be a whole number from 0 to 4294967295; got -3. ' +
        'Trees (max) must be a whole number from 1 to 2000; got 0. ' +
        'Learning rate must be a number above 0 and at most 1; got 50. ' +
        'Leaves per tree (max) must be a whole number from 2 to 1024; got 1.',
    );
  });
});
