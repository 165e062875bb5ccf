// The classroom walkthrough: three questions, each answered by training twice with one option
// toggled and measuring the difference. The text explains; the numbers come from the real runs, and
// what the text says about them is worded from the measured result (verdict.ts), never fixed here.
import type { TrainOptions } from '../state/trainingSession.svelte.ts';

export type DataKind = 'events' | 'features';

export interface WalkthroughArm {
  label: string;
  /** The arm's name inside a sentence ("A (logistic regression) is higher…"). */
  short: string;
  overrides: Partial<TrainOptions>;
}

export type MetricKey = 'auc' | 'prAuc' | 'f1' | 'precision' | 'recall' | 'accuracy';

/**
 * What the step expects on large data, for the verdict. `ranking`: one arm should rank buyers
 * better (ROC-AUC, then PR-AUC). `baseRate`: the same model scored on a 1:1 test (A) and at the real
 * rate (B): precision and F1 should fall in B while ROC-AUC moves little.
 */
export type StepExpectation =
  | { kind: 'ranking'; higher: 'a' | 'b'; onLargeData: string }
  | { kind: 'baseRate'; onLargeData: string; lesson: string };

export interface WalkthroughStep {
  id: 'leakage' | 'imbalance' | 'model';
  title: string;
  question: string;
  explain: string[];
  /** The one option that differs between the two runs. */
  toggle: string;
  /** The toggle re-cuts the raw events, which a features file does not have (its cut was fixed when it was computed). */
  needsEvents: boolean;
  a: WalkthroughArm;
  b: WalkthroughArm;
  /** What to compare: on the test part each run reports (natural rate when it has one), or the balanced one. */
  metrics: { key: MetricKey; label: string; part: 'reported' | 'balanced' }[];
  expect: StepExpectation;
}

/** Settings shared by every walkthrough run, so only the toggled option differs. */
export const WALKTHROUGH_BASE: Partial<TrainOptions> = { protocol: 'honest', balance: 'undersample', cut: 'strict', models: ['gbdt'], gbdtRounds: 100, learningRate: 0.1, seed: 42 };

export const NEEDS_EVENTS_REASON = 'This step re-cuts the raw events; a features file has none. Load the CSV.';

/** Why a step cannot run on this kind of data, or null when it can. */
export function stepUnavailableReason(step: Pick<WalkthroughStep, 'needsEvents'>, dataKind: DataKind): string | null {
  return step.needsEvents && dataKind === 'features' ? NEEDS_EVENTS_REASON : null;
}

export const WALKTHROUGH_STEPS: readonly WalkthroughStep[] = [
  {
    id: 'leakage',
    title: '1 · Leakage: what the model is allowed to see',
    question: 'If each buyer session’s features run up to and include its first purchase event, how good does the model look?',
    explain: [
      'The original project cut each buyer session at its first purchase but kept the purchase event in (event_time ≤ purchase time). Its price then enters avg_price and max_price, the purchased item counts in unique_items, and session_duration runs up to the purchase.',
      'The strict cut keeps only events strictly before the first purchase: exactly what a shop knows while the visitor is still browsing. A buyer session with no event before its purchase is dropped (there is nothing to predict from), so the two runs see slightly different sessions.',
    ],
    toggle: 'leakage cut',
    needsEvents: true,
    a: { label: 'faithful cut (purchase kept in)', short: 'faithful cut', overrides: { cut: 'faithful' } },
    b: { label: 'strict cut (before the purchase only)', short: 'strict cut', overrides: { cut: 'strict' } },
    metrics: [
      { key: 'auc', label: 'ROC-AUC', part: 'reported' },
      { key: 'prAuc', label: 'PR-AUC', part: 'reported' },
      { key: 'auc', label: 'ROC-AUC, balanced test', part: 'balanced' },
    ],
    expect: {
      kind: 'ranking',
      higher: 'a',
      onLargeData: 'On large data the faithful cut is expected to score higher, and that gap is information the model could only have after the purchase: a score that would vanish in production.',
    },
  },
  {
    id: 'imbalance',
    title: '2 · Imbalance: which test set tells the truth',
    question: 'Only a few percent of sessions buy. What do precision and F1 look like on a balanced 1:1 test set, and at the real purchase rate?',
    explain: [
      'Both runs train the same model on the same loaded data; the protocol differs in where the split and the undersampling happen. A does what the original project did: undersample all sessions to 1:1 first, then split 80/20 without stratifying, train on the 80 % and score the 20 %, which is 1:1 too. B splits 80/20 first, stratified so both parts keep the real purchase rate, undersamples only the training part to 1:1, and scores the untouched test part at the real rate.',
      'So the training parts hold different sessions of about the same size, and the test parts differ in kind: half buyers in A, a few percent in B. On a 1:1 test flagged sessions are often right; at the real rate most flagged sessions are not buyers, so precision and F1 fall. ROC-AUC does not depend on the base rate: what it moves comes from the different sessions each run trains and tests on.',
    ],
    toggle: 'evaluation protocol',
    needsEvents: false,
    a: { label: 'faithful protocol (1:1 everywhere)', short: 'the 1:1 test', overrides: { protocol: 'faithful' } },
    b: { label: 'honest protocol (test at the real purchase rate)', short: 'the real-rate test', overrides: { protocol: 'honest', balance: 'undersample' } },
    metrics: [
      { key: 'precision', label: 'Precision', part: 'reported' },
      { key: 'f1', label: 'F1', part: 'reported' },
      { key: 'auc', label: 'ROC-AUC', part: 'reported' },
    ],
    expect: {
      kind: 'baseRate',
      onLargeData: 'On large data precision and F1 are expected to fall sharply at the real purchase rate while ROC-AUC stays close.',
      lesson: 'Report metrics at the rate the model will meet: a balanced test set flatters precision and F1.',
    },
  },
  {
    id: 'model',
    title: '3 · Model choice: a line or a forest of trees',
    question: 'Does a gradient-boosted tree ensemble beat logistic regression on the same honest setup?',
    explain: [
      'Logistic regression weighs each feature once, on a straight line (after standardising). Gradient-boosted trees learn thresholds and interactions: “many views and a cart in the last minutes”.',
      'Both use the same cut (strict; for a features file, the one it was computed with) and the honest protocol with the same seed, so they train and are scored on the same sessions: the difference is the model alone.',
    ],
    toggle: 'model',
    needsEvents: false,
    a: { label: 'logistic regression', short: 'logistic regression', overrides: { models: ['logistic'] } },
    b: { label: 'gradient-boosted trees', short: 'gradient-boosted trees', overrides: { models: ['gbdt'] } },
    metrics: [
      { key: 'auc', label: 'ROC-AUC', part: 'reported' },
      { key: 'prAuc', label: 'PR-AUC', part: 'reported' },
      { key: 'f1', label: 'F1', part: 'reported' },
    ],
    expect: {
      kind: 'ranking',
      higher: 'b',
      onLargeData: 'On large data gradient-boosted trees usually rank buyers better; logistic regression trains faster and its coefficients are easy to read.',
    },
  },
];
