// The model worker's logic in-process on the cpu backend: a run on a handed-over table, the Results
// view's questions about it (threshold, look-up, early prediction, model file), and cancel.
import { FAITHFUL_CUT_NOTE } from '../../src/core/features/featureDefinitions.ts';
import { describe, expect, it } from 'vitest';
import { LARGE_TABLE_ROWS, ModelWorkspace, type TrainProgress, type TrainRequest } from '../../workers/lib/modelWorkspace.ts';
import { computeSessionFeatures } from '../../src/core/features/sessionFeatures.ts';
import { sessionIdAt } from '../../src/core/features/featureTable.ts';
import { parseModelFile } from '../../src/core/models/modelFile.ts';
import { CancelledError } from '../../workers/lib/runControl.ts';
import { toWorkerError } from '../../workers/lib/workerOutcome.ts';
import { ingestBytes, readFixture } from '../helpers/ingestText.ts';

const ing = ingestBytes(readFixture('rees46-oct-excerpt.csv'));
const strict = () => computeSessionFeatures(ing.events, ing.dict.sessions, { cut: 'strict' }).table;
const faithful = () => computeSessionFeatures(ing.events, ing.dict.sessions, { cut: 'faithful' }).table;

/** The explanation of a session that has a feature row (fails the test when it has none). */
function found<T extends { found: boolean }>(answer: T): Extract<T, { found: true }> {
  if (!answer.found) throw new Error(`expected a feature row, got ${JSON.stringify(answer)}`);
  return answer as Extract<T, { found: true }>;
}

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
    const run = await ws.train(request({ dataName: 'excerpt.csv' }), (p) => progress.push(p));
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
    const ex = found(ws.explain(1, run.examples[0].sessionId));
    const sum = ex.contributions.reduce((s, c) => s + c.contribution, ex.bias);
    expect(sum).toBeCloseTo(ex.logOdds, 9);
    expect(ex.probability).toBeCloseTo(run.examples[0].probability, 9);
    // The part each session was in, as Scores (CSV) writes it: undersampling leaves most out of training.
    const parts = new Map((await ws.scoresCsv(1).text()).trim().split('\n').slice(1).map((l) => [l.split(',')[0], l.split(',')[2]] as const));
    const counted = { train: 0, test: 0, unused: 0 };
    for (let r = 0; r < table.rows; r += 7) {
      const id = sessionIdAt(table, r);
      const part = found(ws.explain(1, id)).part;
      expect(part, id).toBe(parts.get(id));
      counted[part]++;
    }
    expect(Object.values(counted).every((n) => n > 0)).toBe(true);
    // No faithful table of this data in the worker: it cannot tell why the id has no row.
    expect(ws.explain(1, 'no-such-session')).toEqual({ found: false, sessionId: 'no-such-session', reason: 'unknown' });

    // Early prediction at k = 2 scores the test sessions found in the k table.
    const k2 = computeSessionFeatures(ing.events, ing.dict.sessions, { cut: 'strict', firstK: 2 }).table;
    const point = ws.earlyPredictionPoint(1, 2, k2);
    expect(point.k).toBe(2);
    expect(point.n).toBeGreaterThan(0);

    // The model file round-trips.
    const file = parseModelFile(ws.modelFile(1));
    expect(file.model.kind).toBe('gbdt');
    expect(file.metadata.cut).toBe('strict');
    // What the file says about its run: the data it was trained on, its run number, its own test AUC.
    expect(file.metadata).toMatchObject({ protocol: 'honest', balance: 'undersample', runId: 1, dataName: 'excerpt.csv', testSet: 'natural' });
    expect(file.metadata.testAuc).toBeCloseTo(run.test.natural?.auc ?? NaN, 12);
    // A loaded features file's run: its table has its own cut, which the file does not claim.
    ws.setTable('2:file', strict());
    const fromFile = await ws.train(request({ runId: 2, tableKey: '2:file', cut: 'faithful', dataName: 'features.csv' }), () => {});
    expect(parseModelFile(ws.modelFile(2)).metadata.cut).toBeUndefined();
    expect(fromFile.notes.some((n) => n.includes('faithful'))).toBe(false);
  });

  it('finds a session by id in the packed id column', async () => {
    const ws = new ModelWorkspace();
    const table = strict();
    ws.setTable('1:strict', table);
    await ws.train(request({ model: 'logistic' }), () => {});
    const id = sessionIdAt(table, 1234);
    expect(found(ws.explain(1, ` ${id} `)).sessionId).toBe(id);
  });

  it('says when the strict cut dropped a session (regression: "No session with this id in the data of this run")', async () => {
    const ws = new ModelWorkspace();
    const table = strict();
    const all = faithful();
    ws.setTable('1:strict', table);
    ws.setTable('1:faithful', all);
    await ws.train(request({ model: 'logistic' }), () => {});
    const strictIds = new Set(Array.from({ length: table.rows }, (_, r) => sessionIdAt(table, r)));
    const dropped = Array.from({ length: all.rows }, (_, r) => sessionIdAt(all, r)).find((id) => !strictIds.has(id));
    expect(dropped, 'the excerpt has a session whose first event is its purchase').toBeDefined();
    expect(ws.explain(1, dropped ?? '')).toEqual({ found: false, sessionId: dropped, reason: 'strict_cut' });
    expect(ws.explain(1, 'no-such-session')).toEqual({ found: false, sessionId: 'no-such-session', reason: 'not_in_data' });
  });

  it('a faithful-cut run: an id without a row is not in the data (that cut drops no session)', async () => {
    const ws = new ModelWorkspace();
    ws.setTable('1:faithful', faithful());
    const run = await ws.train(request({ model: 'logistic', tableKey: '1:faithful', cut: 'faithful' }), () => {});
    expect(ws.explain(1, 'no-such-session')).toEqual({ found: false, sessionId: 'no-such-session', reason: 'not_in_data' });
    // Its score comes with the faithful cut's warning; a strict-cut run has none.
    expect(run.notes).toContain(FAITHFUL_CUT_NOTE);
    ws.setTable('1:strict', strict());
    expect((await ws.train(request({ runId: 2, model: 'logistic' }), () => {})).notes).not.toContain(FAITHFUL_CUT_NOTE);
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

  it('keeps both cuts of small data, and only the latest cut of large data', () => {
    const ws = new ModelWorkspace();
    ws.setTable('1:faithful', strict());
    ws.setTable('1:strict', strict());
    expect([ws.hasTable('1:faithful'), ws.hasTable('1:strict')]).toEqual([true, true]);
    const large = { ...strict(), rows: LARGE_TABLE_ROWS }; // only `rows` is read by setTable
    ws.setTable('1:faithful', large);
    expect([ws.hasTable('1:faithful'), ws.hasTable('1:strict')]).toEqual([true, false]);
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
    const ex1 = found(ws.explain(1, scored.examples[0].sessionId));
    const ex2 = found(ws.explain(2, scored.examples[0].sessionId));
    expect(ex2.probability).toBeCloseTo(ex1.probability, 12);
  });

  it('shows the file’s own test AUC beside the AUC here, and warns when this data scores clearly higher', async () => {
    const ws = new ModelWorkspace();
    const table = strict();
    ws.setTable('1:strict', table);
    const trained = await ws.train(request({ model: 'logistic', dataName: 'excerpt.csv' }), () => {});
    const file = JSON.parse(ws.modelFile(1));
    const scored = ws.scoreSavedModel(2, '1:strict', 'strict', JSON.stringify(file), 'model.json');
    expect(scored.origin).toBe('saved');
    expect(scored.saved).toMatchObject({ fileName: 'model.json', runId: 1, dataName: 'excerpt.csv', testAuc: trained.test.natural?.auc });
    const here = (scored.test.natural?.auc ?? NaN).toFixed(4);
    const own = (trained.test.natural?.auc ?? NaN).toFixed(4);
    expect(scored.notes[0]).toMatch(/^A saved model \(model\.json, saved \d{4}-\d{2}-\d{2}\) scored on all [\d,]+ sessions of the loaded data: it was not trained here and there is no test part\./);

    // The same file claiming a much lower test AUC: these sessions were probably in its training data.
    file.metadata.testAuc = 0.5;
    const warned = ws.scoreSavedModel(3, '1:strict', 'strict', JSON.stringify(file), 'model.json');
    expect(warned.notes[1]).toBe(
      `ROC-AUC on this data, ${here}, is higher than its own test AUC 0.5000 (run 1, on excerpt.csv, natural-rate test part): these sessions were probably in its training data, so these figures flatter it.`,
    );

    // An old file without the new fields still loads; it says it cannot compare.
    const old = { ...file, metadata: { protocol: 'honest', cut: 'strict' } };
    const oldRun = ws.scoreSavedModel(4, '1:strict', 'strict', JSON.stringify(old), 'old.model.json');
    expect(oldRun.saved).toMatchObject({ fileName: 'old.model.json', protocol: 'honest', testAuc: undefined, dataName: undefined, runId: undefined });
    expect(oldRun.notes[1]).toBe(`The file does not record its own test AUC, so nothing here can tell whether these sessions were in its training data. ROC-AUC on this data: ${here}.`);
    expect(own).toMatch(/^0\.\d{4}$/);
  });

  it('reads the cut a file was trained on, says which cut it scored, and writes every session as test in Scores (CSV)', async () => {
    const ws = new ModelWorkspace();
    const table = faithful();
    ws.setTable('1:faithful', table);
    await ws.train(request({ model: 'logistic', tableKey: '1:faithful', cut: 'faithful' }), () => {});
    const file = JSON.parse(ws.modelFile(1));
    expect(ws.savedModelCut(JSON.stringify(file), 'm.json')).toBe('faithful');
    expect(ws.savedModelCut(JSON.stringify({ ...file, metadata: { protocol: 'honest' } }), 'm.json')).toBeNull();
    expect(() => ws.savedModelCut('[1, 2]', 'm.json')).toThrow(/not a usable model file/);

    const scored = ws.scoreSavedModel(2, '1:faithful', 'faithful', JSON.stringify(file), 'm.json');
    expect(scored.cut).toBe('faithful');
    expect(scored.notes.slice(2)).toEqual([`Scored on the faithful cut, the cut its file says it was trained on (Train's cut option does not apply to a saved model).`, FAITHFUL_CUT_NOTE]);
    ws.setTable('1:strict', strict());
    const other = ws.scoreSavedModel(3, '1:strict', 'strict', JSON.stringify(file), 'm.json');
    expect(other.notes.slice(2)).toEqual(['Scored on the strict cut, but its file says it was trained on the faithful cut: these scores are of data it was not made for.']);
    const unsaid = ws.scoreSavedModel(4, '1:strict', 'strict', JSON.stringify({ ...file, metadata: {} }), 'm.json');
    expect(unsaid.notes.slice(2)).toEqual(['Its file does not say which leakage cut it was trained on: scored on the strict cut chosen in Train.']);
    ws.setTable('1:file', table);
    const onFile = ws.scoreSavedModel(5, '1:file', 'strict', JSON.stringify(file), 'm.json', 'features');
    expect(onFile.notes.slice(2)).toEqual(['Scored on the features file as loaded, whose leakage cut this app cannot see; the model was trained on the faithful cut.']);

    // Scores (CSV): every session, all in the test part; the balanced flag on a 1:1 undersample of them.
    const lines = (await ws.scoresCsv(2).text()).trim().split('\n').slice(1).map((l) => l.split(','));
    expect(lines.length).toBe(table.rows);
    expect(new Set(lines.map((l) => l[2]))).toEqual(new Set(['test']));
    const positives = lines.filter((l) => l[1] === '1').length;
    expect(lines.filter((l) => l[3] === '1').length).toBe(2 * positives);
    expect(lines.filter((l) => l[3] === '1' && l[1] === '1').length).toBe(positives);
    expect(scored.test.balanced.n).toBe(2 * positives);
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
          'Training needs at least 10 buyer and 10 non-buyer sessions in its training part and at least 1 of each in its test part. ' +
          'This data has 3 sessions, 1 with a purchase. The test part has 2 sessions (1 buyer, 1 non-buyer); ' +
          'the training part has 1 session (0 buyers, 1 non-buyer), so undersampling to 1:1 leaves none. Load more data.',
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
