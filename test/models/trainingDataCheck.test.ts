// Too little data fails before training, with the counts and what is needed (not a numerical error
// from deep inside a trainer); the numerical failure that remains says what the user can do.
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/models/backend.ts';
import { createLogisticTrainer } from '../../src/core/models/logistic.ts';
import { assertEnoughData, planProblem, planRows, runProtocol } from '../../src/core/models/protocol.ts';
import { UNIT_WEIGHTS } from '../../src/core/models/split.ts';
import { TrainingError, runTrainer } from '../../src/core/models/training.ts';
import { MIN_TRAINING_SESSIONS_PER_CLASS, trainingDataProblem, type ClassCounts, type PlannedCounts } from '../../src/core/models/trainingDataCheck.ts';
import { sessionLikeTable } from './syntheticTable.ts';

/** A synthetic table whose labels are replaced by these. */
function tableWithLabels(labels: number[]) {
  const t = sessionLikeTable(labels.length, 5);
  return { ...t, label: Uint8Array.from(labels) };
}

/** n sessions, the first `buyers` of them with a purchase. */
const labels = (n: number, buyers: number) => Array.from({ length: n }, (_, i) => (i < buyers ? 1 : 0));

const NEEDS = 'Training needs at least 10 buyer and 10 non-buyer sessions in its training part and at least 1 of each in its test part. ';

/** Counts of an honest plan; `undersampled` gives the training part after undersampling. */
function honest(all: ClassCounts, test: ClassCounts, before: ClassCounts, undersampled?: ClassCounts): PlannedCounts {
  return { all, balancedAll: null, test, trainBeforeBalancing: before, train: undersampled ?? before, trainUndersampled: undersampled !== undefined };
}

describe('trainingDataProblem', () => {
  const enough = { buyers: 10, nonBuyers: 10 };
  const one = { buyers: 1, nonBuyers: 1 };

  it('passes at the minimum: 10 of each class to train on, 1 of each to test on', () => {
    expect(MIN_TRAINING_SESSIONS_PER_CLASS).toBe(10);
    expect(trainingDataProblem(honest({ buyers: 11, nonBuyers: 11 }, one, enough))).toBeNull();
  });

  it('one buyer short in the training part: the counts before and after undersampling', () => {
    expect(trainingDataProblem(honest({ buyers: 12, nonBuyers: 500 }, { buyers: 3, nonBuyers: 100 }, { buyers: 9, nonBuyers: 400 }, { buyers: 9, nonBuyers: 9 }))).toBe(
      NEEDS +
        'This data has 512 sessions, 12 with a purchase. The test part has 103 sessions (3 buyers, 100 non-buyers); ' +
        'the training part has 409 sessions (9 buyers, 400 non-buyers); undersampling to 1:1 leaves 9 buyers, 9 non-buyers. Load more data.',
    );
  });

  it('no buyer in the test part (class weights: the training part is not undersampled)', () => {
    expect(trainingDataProblem(honest({ buyers: 10, nonBuyers: 90 }, { buyers: 0, nonBuyers: 8 }, { buyers: 10, nonBuyers: 82 }))).toBe(
      NEEDS +
        'This data has 100 sessions, 10 with a purchase. The test part has 8 sessions (0 buyers, 8 non-buyers); ' +
        'the training part has 92 sessions (10 buyers, 82 non-buyers). Load more data.',
    );
  });

  it('regression: "training part: 0 buyers, 0 non-buyers" with no word on undersampling', () => {
    expect(trainingDataProblem(honest({ buyers: 0, nonBuyers: 12 }, { buyers: 0, nonBuyers: 3 }, { buyers: 0, nonBuyers: 9 }, { buyers: 0, nonBuyers: 0 }))).toBe(
      NEEDS +
        'This data has 12 sessions, none with a purchase. The test part has 3 sessions (0 buyers, 3 non-buyers); ' +
        'the training part has 9 sessions (0 buyers, 9 non-buyers), so undersampling to 1:1 leaves none. Load more data.',
    );
  });

  it('says "none" and "all" for one-class data, and counts in the singular', () => {
    expect(trainingDataProblem(honest({ buyers: 0, nonBuyers: 1 }, { buyers: 0, nonBuyers: 1 }, { buyers: 0, nonBuyers: 0 }))).toBe(
      NEEDS + 'This data has 1 session, none with a purchase. The test part has 1 session (0 buyers, 1 non-buyer); the training part has 0 sessions (0 buyers, 0 non-buyers). Load more data.',
    );
    expect(trainingDataProblem(honest({ buyers: 40, nonBuyers: 0 }, { buyers: 8, nonBuyers: 0 }, { buyers: 32, nonBuyers: 0 }))).toMatch(
      /This data has 40 sessions, all with a purchase\. The test part has 8 sessions \(8 buyers, 0 non-buyers\); the training part has 32 sessions \(32 buyers, 0 non-buyers\)\./,
    );
  });

  it('faithful: says that all sessions were undersampled before the split', () => {
    const c: PlannedCounts = {
      all: { buyers: 8, nonBuyers: 992 },
      balancedAll: { buyers: 8, nonBuyers: 8 },
      test: { buyers: 1, nonBuyers: 3 },
      trainBeforeBalancing: { buyers: 7, nonBuyers: 5 },
      train: { buyers: 7, nonBuyers: 5 },
      trainUndersampled: false,
    };
    expect(trainingDataProblem(c)).toBe(
      NEEDS +
        'This data has 1000 sessions, 8 with a purchase. The faithful protocol first undersamples all of them to 1:1, which leaves 16 sessions (8 buyers, 8 non-buyers), then splits those. ' +
        'The test part has 4 sessions (1 buyer, 3 non-buyers); the training part has 12 sessions (7 buyers, 5 non-buyers). Load more data.',
    );
  });
});

describe('planProblem on the planned parts', () => {
  it('3 sessions, 1 with a purchase (the audit case): honest puts the buyer in the test part', () => {
    const label = Uint8Array.from([0, 1, 0]);
    expect(planProblem(label, planRows(label, { protocol: 'honest', balance: 'undersample', seed: 42 }))).toBe(
      NEEDS +
        'This data has 3 sessions, 1 with a purchase. The test part has 2 sessions (1 buyer, 1 non-buyer); ' +
        'the training part has 1 session (0 buyers, 1 non-buyer), so undersampling to 1:1 leaves none. Load more data.',
    );
    expect(planProblem(label, planRows(label, { protocol: 'honest', balance: 'weights', seed: 42 }))).toBe(
      NEEDS + 'This data has 3 sessions, 1 with a purchase. The test part has 2 sessions (1 buyer, 1 non-buyer); the training part has 1 session (0 buyers, 1 non-buyer). Load more data.',
    );
  });

  it('honest: 13 buyers is the least that leaves 10 for training (the test part takes ceil(20 %))', () => {
    for (const balance of ['undersample', 'weights', 'none'] as const) {
      expect(planProblem(Uint8Array.from(labels(200, 13)), planRows(Uint8Array.from(labels(200, 13)), { protocol: 'honest', balance, seed: 1 }))).toBeNull();
      expect(planProblem(Uint8Array.from(labels(200, 12)), planRows(Uint8Array.from(labels(200, 12)), { protocol: 'honest', balance, seed: 1 }))).toMatch(
        /^Training needs .* This data has 200 sessions, 12 with a purchase\. The test part has 41 sessions \(3 buyers, 38 non-buyers\); the training part has 159 sessions \(9 buyers, 150 non-buyers\)(; undersampling to 1:1 leaves 9 buyers, 9 non-buyers)?\. Load more data\.$/,
      );
    }
  });

  it('faithful checks its balanced parts', () => {
    const label = Uint8Array.from(labels(1000, 8));
    expect(planProblem(label, planRows(label, { protocol: 'faithful', balance: 'undersample', seed: 1 }))).toMatch(
      /^Training needs .* This data has 1000 sessions, 8 with a purchase\. The faithful protocol first undersamples all of them to 1:1, which leaves 16 sessions \(8 buyers, 8 non-buyers\), then splits those\. The test part has \d+ sessions? \(\d+ buyers?, \d+ non-buyers?\); the training part has \d+ sessions? \(\d+ buyers?, \d+ non-buyers?\)\. Load more data\.$/,
    );
  });

  it('assertEnoughData throws a TrainingError with code not_enough_data', () => {
    const label = Uint8Array.from([0, 1, 0]);
    let caught: unknown = null;
    try {
      assertEnoughData(label, { protocol: 'honest', balance: 'undersample', seed: 42 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TrainingError);
    expect((caught as TrainingError).code).toBe('not_enough_data');
    expect((caught as TrainingError).message).toMatch(/^Training needs at least 10 buyer/);
    expect(() => assertEnoughData(Uint8Array.from(labels(200, 20)), { protocol: 'honest', balance: 'undersample', seed: 42 })).not.toThrow();
  });
});

describe('runProtocol on too little data', () => {
  it.each(['logistic', 'gbdt'] as const)('%s: refuses 3 sessions before training, with the counts', async (model) => {
    const rt = await initBackend(['cpu']);
    const rounds: number[] = [];
    const run = runProtocol(rt, tableWithLabels([0, 1, 0]), { model, protocol: 'honest', balance: 'undersample', seed: 42, onRound: (r) => rounds.push(r.round) });
    await expect(run).rejects.toThrow(
      NEEDS +
        'This data has 3 sessions, 1 with a purchase. The test part has 2 sessions (1 buyer, 1 non-buyer); ' +
        'the training part has 1 session (0 buyers, 1 non-buyer), so undersampling to 1:1 leaves none. Load more data.',
    );
    expect(rounds).toEqual([]);
  });
});

describe('logistic regression that cannot be fitted', () => {
  it('says what to do instead of "Hessian is not positive definite (raise l2)"', async () => {
    const { tf } = await initBackend(['cpu']);
    // No fitting rows at all (what 1 buyer and 1 non-buyer left after the validation split, before
    // the data check): the curvature is 0/0 and the Newton system cannot be solved.
    const table = tableWithLabels(labels(6, 3));
    const set = { table, features: table.names, fitRows: new Int32Array(0), validRows: Int32Array.from([0, 5]), classWeights: UNIT_WEIGHTS, seed: 1 };
    const run = runTrainer(createLogisticTrainer(tf, set, { maxIterations: 200 }));
    await expect(run).rejects.toBeInstanceOf(TrainingError);
    await expect(runTrainer(createLogisticTrainer(tf, set, { maxIterations: 200 }))).rejects.toThrow(
      /^Logistic regression could not be fitted on this data \(its optimisation became numerically unstable at step 1\)\. This happens when the training sessions are very few, or when some feature tells buyers from non-buyers apart perfectly\. Load more data, or train the gradient-boosted trees, which do not have this limit\.$/,
    );
  });
});
