// The walkthrough's words about its own numbers (src/ui/walkthrough/verdict.ts): exact sentences for
// given results, so a takeaway can never again contradict the table above it.
import { describe, expect, it } from 'vitest';
import { compareArms, type ArmComparison, type ArmRun } from '../../src/ui/walkthrough/compareArms.ts';
import { WALKTHROUGH_STEPS } from '../../src/ui/walkthrough/steps.ts';
import { aucStandardError, checkNoise, noiseCaveat, stepVerdict, testPartCaption } from '../../src/ui/walkthrough/verdict.ts';
import type { EvaluationReport } from '../../src/core/models/evaluation.ts';

const [leakage, imbalance, model] = WALKTHROUGH_STEPS;

type Figures = Partial<Pick<EvaluationReport, 'auc' | 'prAuc' | 'f1' | 'precision' | 'n' | 'pos'>>;

/** Just the fields compareArms reads; the rest of a report does not matter here. */
function report(f: Figures): EvaluationReport {
  return { n: 1000, pos: 50, auc: 0.8, prAuc: 0.3, f1: 0.3, precision: 0.2, ...f } as EvaluationReport;
}

function run(natural: Figures | null, balanced: Figures): ArmRun {
  return { test: { natural: natural ? report(natural) : null, balanced: report(balanced) } };
}

function row(a: number, b: number, aTest = { n: 812, pos: 41 }, bTest = aTest): ArmComparison {
  return { key: 'auc', label: 'ROC-AUC', a, b, diff: b - a, aPart: 'natural', bPart: 'natural', aTest, bTest };
}

describe('ROC-AUC standard error (Hanley–McNeil)', () => {
  it('matches the formula on a worked case', () => {
    // Q1 = 0.8/1.2, Q2 = 1.28/1.8; var = (0.16 + 49·(Q1 − 0.64) + 949·(Q2 − 0.64)) / (50·950) = 0.0381² (checked in Python).
    expect(aucStandardError(0.8, 50, 950)).toBeCloseTo(0.0381, 4);
  });
  it('is NaN without both classes', () => {
    expect(aucStandardError(0.8, 0, 950)).toBeNaN();
    expect(aucStandardError(0.8, 50, 0)).toBeNaN();
  });
  it('treats a 0.0266 gap on 41 buyers as noise, and a 0.10 gap on 300 buyers as not', () => {
    expect(checkNoise(row(0.8344, 0.8078))).toMatchObject({ fewestBuyers: 41, mayBeNoise: true });
    expect(checkNoise(row(0.85, 0.95, { n: 6000, pos: 300 }))).toMatchObject({ fewestBuyers: 300, mayBeNoise: false });
  });
});

describe('test part caption', () => {
  it('gives sessions, buyers and the rate once when both arms share the test part', () => {
    expect(testPartCaption(row(0.8, 0.81, { n: 4062, pos: 41 }))).toBe('Test part: 4,062 sessions, 41 buyers (1.0 %), in both arms.');
  });
  it('gives each arm when they differ', () => {
    expect(testPartCaption(row(0.8, 0.81, { n: 650, pos: 325 }, { n: 4062, pos: 41 }))).toBe('Test part — A: 650 sessions, 325 buyers (50.0 %); B: 4,062 sessions, 41 buyers (1.0 %).');
  });
});

describe('noise caveat', () => {
  it('says a difference within two standard errors may be noise', () => {
    expect(noiseCaveat(row(0.8344, 0.8078))).toBe('The ROC-AUC difference (0.0266) is within two standard errors (±0.1147, Hanley–McNeil) for a test part with 41 buyers: it may be noise.');
  });
  it('says a clear gap on few buyers is rough but beyond the noise', () => {
    expect(noiseCaveat(row(0.95, 0.75, { n: 1200, pos: 60 }))).toBe('Only 60 buyers in the test part, so every figure here is rough; the ROC-AUC difference (0.2000) is still beyond two standard errors (±0.0839).');
  });
  it('says nothing for a clear gap on many buyers', () => {
    expect(noiseCaveat(row(0.95, 0.85, { n: 6000, pos: 300 }))).toBeNull();
  });
  it('names each arm’s buyers when the test parts differ', () => {
    expect(noiseCaveat(row(0.84, 0.835, { n: 650, pos: 325 }, { n: 4062, pos: 41 }))).toBe('The ROC-AUC difference (0.0050) is within two standard errors (±0.0844, Hanley–McNeil) for test parts with 325 (A) and 41 (B) buyers: it may be noise.');
  });
  it('says "each" when the test parts differ in size but not in buyers', () => {
    expect(noiseCaveat(row(0.7303, 0.6824, { n: 80, pos: 40 }, { n: 1014, pos: 40 }))).toBe('The ROC-AUC difference (0.0479) is within two standard errors (±0.1473, Hanley–McNeil) for test parts with 40 buyers each: it may be noise.');
  });
  it('falls back to the buyer count when no standard error can be computed', () => {
    expect(noiseCaveat(row(0.8, 0.9, { n: 40, pos: 0 }, { n: 812, pos: 41 }))).toBe('Only 0 buyers in A’s test part: the difference may be noise.');
  });
});

describe('step 3 (model choice) verdict', () => {
  it('on 20k demo rows: logistic ahead, within the noise, and says it', () => {
    const rows = compareArms(model, run({ auc: 0.8344, prAuc: 0.3012, f1: 0.21, n: 812, pos: 41 }, {}), run({ auc: 0.8078, prAuc: 0.2889, f1: 0.2, n: 812, pos: 41 }, {}));
    expect(stepVerdict(model, rows)).toEqual({
      measured: 'This run: A (logistic regression) is higher on ROC-AUC by 0.0266 (A 0.8344, B 0.8078) and on PR-AUC by 0.0123 (A 0.3012, B 0.2889).',
      caveat: 'The ROC-AUC difference (0.0266) is within two standard errors (±0.1147, Hanley–McNeil) for a test part with 41 buyers: it may be noise.',
      lesson: 'On large data gradient-boosted trees usually rank buyers better; logistic regression trains faster and its coefficients are easy to read. This run does not show it, but the difference may be noise.',
      caption: 'Test part: 812 sessions, 41 buyers (5.0 %), in both arms.',
    });
  });

  it('trees clearly ahead on many buyers: agrees, no caveat', () => {
    const rows = compareArms(model, run({ auc: 0.8, prAuc: 0.2, n: 40000, pos: 2000 }, {}), run({ auc: 0.85, prAuc: 0.25, n: 40000, pos: 2000 }, {}));
    const v = stepVerdict(model, rows);
    expect(v.measured).toBe('This run: B (gradient-boosted trees) is higher on ROC-AUC by 0.0500 (A 0.8000, B 0.8500) and on PR-AUC by 0.0500 (A 0.2000, B 0.2500).');
    expect(v.caveat).toBeNull();
    expect(v.lesson.endsWith(' This run agrees.')).toBe(true);
  });

  it('logistic clearly ahead on many buyers: says this run disagrees, naming the arm', () => {
    const rows = compareArms(model, run({ auc: 0.85, prAuc: 0.25, n: 40000, pos: 2000 }, {}), run({ auc: 0.8, prAuc: 0.25, n: 40000, pos: 2000 }, {}));
    const v = stepVerdict(model, rows);
    expect(v.measured).toBe('This run: A (logistic regression) is higher on ROC-AUC by 0.0500 (A 0.8500, B 0.8000); A and B are equal on PR-AUC to four decimals (0.2500).');
    expect(v.lesson.endsWith(' This run does not: here A (logistic regression) scored higher on ROC-AUC.')).toBe(true);
  });

  it('trees ahead but within the noise: points the same way, may be noise', () => {
    const rows = compareArms(model, run({ auc: 0.8358, prAuc: 0.3, n: 40000, pos: 2000 }, {}), run({ auc: 0.8414, prAuc: 0.29, n: 40000, pos: 2000 }, {}));
    const v = stepVerdict(model, rows);
    expect(v.measured).toBe('This run: B (gradient-boosted trees) is higher on ROC-AUC by 0.0056 (A 0.8358, B 0.8414); A (logistic regression) is higher on PR-AUC by 0.0100 (A 0.3000, B 0.2900).');
    expect(v.lesson.endsWith(' This run points the same way, but the difference may be noise.')).toBe(true);
  });
});

describe('step 1 (leakage) verdict', () => {
  it('faithful cut clearly higher: the leakage lesson, and agreement', () => {
    const rows = compareArms(leakage, run({ auc: 0.97, prAuc: 0.8, n: 6000, pos: 300 }, { auc: 0.96 }), run({ auc: 0.85, prAuc: 0.4, n: 5990, pos: 290 }, { auc: 0.84 }));
    expect(stepVerdict(leakage, rows)).toEqual({
      measured: 'This run: A (faithful cut) is higher on ROC-AUC by 0.1200 (A 0.9700, B 0.8500) and on PR-AUC by 0.4000 (A 0.8000, B 0.4000).',
      caveat: null,
      lesson: 'On large data the faithful cut is expected to score higher, and that gap is information the model could only have after the purchase: a score that would vanish in production. This run agrees.',
      caption: 'Test part — A: 6,000 sessions, 300 buyers (5.0 %); B: 5,990 sessions, 290 buyers (4.8 %).',
    });
  });

  it('identical arms (the same table twice): no difference, not a leakage story', () => {
    const same = run({ auc: 0.83, prAuc: 0.3, n: 812, pos: 41 }, { auc: 0.82 });
    const v = stepVerdict(leakage, compareArms(leakage, same, same));
    expect(v.measured).toBe('This run: A and B are equal on ROC-AUC to four decimals (0.8300); A and B are equal on PR-AUC to four decimals (0.3000).');
    expect(v.lesson.endsWith(' This run measured no ROC-AUC difference.')).toBe(true);
  });
});

describe('step 2 (imbalance) verdict', () => {
  const a = run(null, { auc: 0.84, precision: 0.81, f1: 0.8, n: 650, pos: 325 });
  const b = run({ auc: 0.835, precision: 0.12, f1: 0.2, n: 4062, pos: 41 }, {});

  it('labels every row with the test part each arm was scored on', () => {
    expect(compareArms(imbalance, a, b).map((r) => r.label)).toEqual([
      'Precision — A on the 1:1 test, B on the real-rate test',
      'F1 — A on the 1:1 test, B on the real-rate test',
      'ROC-AUC — A on the 1:1 test, B on the real-rate test',
    ]);
  });

  it('says how far precision and F1 fall at the real rate, and that ROC-AUC barely moved', () => {
    expect(stepVerdict(imbalance, compareArms(imbalance, a, b))).toEqual({
      measured: 'This run, from A (the 1:1 test) to B (the real-rate test): precision falls by 0.6900 (0.8100 → 0.1200), F1 falls by 0.6000 (0.8000 → 0.2000), ROC-AUC falls by 0.0050 (0.8400 → 0.8350).',
      caveat: 'The ROC-AUC difference (0.0050) is within two standard errors (±0.0844, Hanley–McNeil) for test parts with 325 (A) and 41 (B) buyers: it may be noise.',
      lesson: 'On large data precision and F1 are expected to fall sharply at the real purchase rate while ROC-AUC stays close. This run agrees. Report metrics at the rate the model will meet: a balanced test set flatters precision and F1.',
      caption: 'Test part — A: 650 sessions, 325 buyers (50.0 %); B: 4,062 sessions, 41 buyers (1.0 %).',
    });
  });

  it('says so when precision does not fall', () => {
    const flat = run({ auc: 0.84, precision: 0.81, f1: 0.8, n: 4062, pos: 41 }, {});
    expect(stepVerdict(imbalance, compareArms(imbalance, a, flat)).lesson).toContain(' This run does not show it. ');
  });
});
