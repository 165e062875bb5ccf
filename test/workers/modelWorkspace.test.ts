// The model worker's logic in-process on the cpu backend: a run on a handed-over table, the Results
// view's questions about it (threshold, look-up, early prediction, model file), and cancel.
import { describe, expect, it } from 'vitest';
import { ModelWorkspace, type TrainProgress, type TrainRequest } from '../../workers/lib/modelWorkspace.ts';
import { computeSessionFeatures } from '../../src/core/features/sessionFeatures.ts';
import { sessionIdAt } from '../../src/core/features/featureTable.ts';
import { parseModelFile } from '../../src/core/models/modelFile.ts';
import { CancelledError } from '../../workers/lib/runControl.ts';
import { toWorkerError } from '../../workers/lib/workerOutcome.ts';
import { ingestBytes, readFixture } from '../helpers/ingestText.ts';

const ing = ingestBytes(readFixture('rees46-oct-excerpt.csv'));
const strict = () => computeSessionFeatures(ing.events, ing.dict.sessions, { cut: 'strict' }).table;

const request = (over: Partial<TrainRequest> = {}): TrainRequest => ({
  runId: 1,
  tableKey: '1:strict',
  cut: 'strict',
  model: 'gbdt',
  protocol: 'honest',
  balance: 'undersample',
  seed: 42,
  backend: 'cpu',
  gbdt: { maxRounds: 15 },
  ...over,
});

describe('ModelWorkspace', () => {
  it('trains, reports progress per round, and answers questions about the run', async () => {
    const ws = new ModelWorkspace();
    const table = strict();
    ws.setTable('1:strict', table);
    const progress: TrainProgress[] = [];
    const run = await ws.train(request(), (p) => progress.push(p));
    expect(run.backend).toBe('cpu');
    expect(run.evaluatedOn).toBe('natural');
    expect(run.test.natural?.n).toBeGreaterThan(900);
    expect(progress[0].phase).toBe('backend');
    expect(progress.flatMap((p) => p.rounds).map((r) => r.round)).toEqual(run.train.curve.map((r) => r.round));
    expect(run.importance[0].importance).toBeGreaterThanOrEqual(run.importance.at(-1)?.importance ?? 0);

    // The threshold slider agrees with the report at the report's threshold.
    const at = ws.thresholdMetrics(1, run.test.natural?.threshold ?? 0.5);
    expect(at.confusion).toEqual(run.test.natural?.confusion);

    // "Why this score": contributions add up to the log-odds.
    const ex = ws.explain(1, run.examples[0].sessionId);
    expect(ex).not.toBeNull();
    const sum = (ex?.contributions ?? []).reduce((s, c) => s + c.contribution, ex?.bias ?? 0);
    expect(sum).toBeCloseTo(ex?.logOdds ?? NaN, 9);
    expect(ex?.probability).toBeCloseTo(run.examples[0].probability, 9);
    expect(ws.explain(1, 'no-such-session')).toBeNull();

    // Early prediction at k = 2 scores the test sessions found in the k table.
    const k2 = computeSessionFeatures(ing.events, ing.dict.sessions, { cut: 'strict', firstK: 2 }).table;
    const point = ws.earlyPredictionPoint(1, 2, k2);
    expect(point.k).toBe(2);
    expect(point.n).toBeGreaterThan(0);

    // The model file round-trips.
    const file = parseModelFile(ws.modelFile(1));
    expect(file.model.kind).toBe('gbdt');
    expect(file.metadata.cut).toBe('strict');
  });

  it('finds a session by id in the packed id column', async () => {
    const ws = new ModelWorkspace();
    const table = strict();
    ws.setTable('1:strict', table);
    await ws.train(request({ model: 'logistic' }), () => {});
    const id = sessionIdAt(table, 1234);
    expect(ws.explain(1, ` ${id} `)?.sessionId).toBe(id);
  });

  it('a cancel during training rejects the run with CancelledError (between-round stops: test/models/gbdt.test.ts)', async () => {
    const ws = new ModelWorkspace();
    ws.setTable('1:strict', strict());
    let rounds = 0;
    // Cancel as soon as training starts: waiting for a progress report with rounds in it raced with
    // the 100 ms report throttle (on a fast run all rounds finished before the first such report).
    const training = ws.train(request({ gbdt: { maxRounds: 200 } }), (p) => {
      rounds += p.rounds.length;
      if (p.phase === 'training') ws.cancel();
    });
    await expect(training).rejects.toBeInstanceOf(CancelledError);
    expect(rounds).toBe(0); // cancelled before round 1: nothing trained, nothing reported
  });

  it('drops tables of an older data version', () => {
    const ws = new ModelWorkspace();
    ws.setTable('1:strict', strict());
    ws.setTable('2:faithful', strict());
    expect([ws.hasTable('1:strict'), ws.hasTable('2:faithful')]).toEqual([false, true]);
  });
});

describe('ModelWorkspace.scoreSavedModel', () => {
  it('scores a saved model file on every session, with the same scores as the run that saved it', async () => {
    const ws = new ModelWorkspace();
    const table = strict();
    ws.setTable('1:strict', table);
    await ws.train(request({ model: 'logistic' }), () => {});
    const file = ws.modelFile(1);
    const scored = ws.scoreSavedModel(2, '1:strict', 'strict', file, 'model.json');
    expect(scored.test.natural?.n).toBe(table.rows);
    expect(scored.model).toBe('logistic');
    const ex1 = ws.explain(1, scored.examples[0].sessionId);
    const ex2 = ws.explain(2, scored.examples[0].sessionId);
    expect(ex2?.probability).toBeCloseTo(ex1?.probability ?? NaN, 12);
  });

  it('says what is wrong with a file that is not a model', () => {
    const ws = new ModelWorkspace();
    ws.setTable('1:strict', strict());
    expect(() => ws.scoreSavedModel(1, '1:strict', 'strict', '{"format":"something-else"}', 'x.json')).toThrow(/not a usable model file/);
  });
});

/** What the model worker's `guarded` turns a failed call into: the WorkerError the Train view shows. */
async function workerError(call: () => unknown, what: string) {
  try {
    await call();
  } catch (err) {
    return toWorkerError(err, what);
  }
  throw new Error(`${what} did not fail`);
}

describe('ModelWorkspace refuses what it cannot train, in words', () => {
  it('invalid options are refused, not clamped (regression: trees 0, learning rate 50, seed 1.5 ran)', async () => {
    const ws = new ModelWorkspace();
    ws.setTable('1:strict', strict());
    const progress: TrainProgress[] = [];
    const error = await workerError(() => ws.train(request({ seed: 1.5, gbdt: { maxRounds: 0, learningRate: 50 } }), (p) => progress.push(p)), 'Training gbdt');
    expect(error).toEqual({
      code: 'bad_request',
      message:
        'The training options are not valid: Seed must be a whole number from 0 to 4294967295; got 1.5. ' +
        'Trees (max) must be a whole number from 1 to 2000; got 0. Learning rate must be a number above 0 and at most 1; got 50.',
    });
    expect(progress).toEqual([]); // refused before the backend loads
  });

  it('too little data is refused with the counts (regression: "Hessian is not positive definite (raise l2)")', async () => {
    const ws = new ModelWorkspace();
    const table = strict();
    const tiny = { ...table, rows: 3, label: Uint8Array.from([0, 1, 0]), columns: table.columns.map((c) => c.slice(0, 3)) };
    ws.setTable('1:strict', tiny);
    for (const model of ['logistic', 'gbdt'] as const) {
      expect(await workerError(() => ws.train(request({ model }), () => {}), `Training ${model}`)).toEqual({
        code: 'not_enough_data',
        message:
          'Training needs at least 10 buyer and 10 non-buyer sessions in its training part and at least 1 of each in its test part; ' +
          'this data has 3 sessions, 1 with a purchase (training part: 0 buyers, 0 non-buyers; test part: 1 buyer, 1 non-buyer). Load more data.',
      });
    }
  });

  it('a file that is not JSON: its name and "not an Intent Lab model file", no parser text (regression: a PNG)', async () => {
    const ws = new ModelWorkspace();
    ws.setTable('1:strict', strict());
    const png = String.fromCharCode(0x89) + 'PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR';
    expect(await workerError(() => ws.scoreSavedModel(1, '1:strict', 'strict', png, 'screenshot.png'), 'Scoring screenshot.png')).toEqual({
      code: 'bad_model_file',
      message: 'screenshot.png is not an Intent Lab model file (it is not JSON).',
    });
  });

  it('a model trained on other features names them', async () => {
    const ws = new ModelWorkspace();
    const table = strict();
    ws.setTable('1:strict', table);
    await ws.train(request({ model: 'logistic' }), () => {});
    const file = JSON.parse(ws.modelFile(1));
    file.model.featureNames = [...file.model.featureNames.slice(0, -1), 'moon_phase'];
    expect(await workerError(() => ws.scoreSavedModel(2, '1:strict', 'strict', JSON.stringify(file), 'old.model.json'), 'Scoring old.model.json')).toEqual({
      code: 'bad_model_file',
      message: 'The model in old.model.json uses features this data does not have: moon_phase.',
    });
  });
});
