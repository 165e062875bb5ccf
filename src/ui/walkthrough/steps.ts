// The classroom walkthrough: three questions, each answered by training twice with one option
// toggled and measuring the difference. The text explains; the numbers come from the real runs.
import type { TrainOptions } from '../state/trainingSession.svelte.ts';

export interface WalkthroughArm {
  label: string;
  overrides: Partial<TrainOptions>;
}

export interface WalkthroughStep {
  id: 'leakage' | 'imbalance' | 'model';
  title: string;
  question: string;
  explain: string[];
  /** The one option that differs between the two runs. */
  toggle: string;
  a: WalkthroughArm;
  b: WalkthroughArm;
  /** What to compare: on the test part each run reports (natural rate when it has one), or the balanced one. */
  metrics: { key: 'auc' | 'prAuc' | 'f1' | 'precision' | 'recall' | 'accuracy'; label: string; part: 'reported' | 'balanced' }[];
  takeaway: string;
}

/** Settings shared by every walkthrough run, so only the toggled option differs. */
export const WALKTHROUGH_BASE: Partial<TrainOptions> = { protocol: 'honest', balance: 'undersample', cut: 'strict', models: ['gbdt'], gbdtRounds: 100, learningRate: 0.1, seed: 42 };

export const WALKTHROUGH_STEPS: readonly WalkthroughStep[] = [
  {
    id: 'leakage',
    title: '1 · Leakage: what the model is allowed to see',
    question: 'If the features are computed over the whole session, including the purchase event itself, how good does the model look?',
    explain: [
      'The original project cut each buyer session at its first purchase but kept the purchase event in (event_time ≤ purchase time). Its price then enters avg_price and max_price, and the session length runs up to the purchase.',
      'The strict cut keeps only events strictly before the first purchase: exactly what a shop knows while the visitor is still browsing.',
    ],
    toggle: 'leakage cut',
    a: { label: 'faithful cut (purchase kept in)', overrides: { cut: 'faithful' } },
    b: { label: 'strict cut (before the purchase only)', overrides: { cut: 'strict' } },
    metrics: [
      { key: 'auc', label: 'ROC-AUC', part: 'reported' },
      { key: 'prAuc', label: 'PR-AUC', part: 'reported' },
      { key: 'auc', label: 'ROC-AUC, balanced test', part: 'balanced' },
    ],
    takeaway: 'The gap is information the model could only have after the purchase: a score that would vanish in production.',
  },
  {
    id: 'imbalance',
    title: '2 · Imbalance: which test set tells the truth',
    question: 'Only a few percent of sessions buy. What do precision and F1 look like on a balanced 1:1 test set, and at the real purchase rate?',
    explain: [
      'Both runs train the same model on the same sessions. One is scored the way the original project did: everything undersampled to 1:1 before the split. The other keeps an untouched test part at the real rate.',
      'On a 1:1 test set half of the sessions are buyers, so flagged sessions are often right. At the real rate most flagged sessions are not buyers: precision and F1 fall, while ROC-AUC, which ignores the base rate, barely moves.',
    ],
    toggle: 'evaluation protocol',
    a: { label: 'faithful protocol (1:1 everywhere)', overrides: { protocol: 'faithful' } },
    b: { label: 'honest protocol (real purchase rate)', overrides: { protocol: 'honest', balance: 'undersample' } },
    metrics: [
      { key: 'precision', label: 'Precision', part: 'reported' },
      { key: 'f1', label: 'F1', part: 'reported' },
      { key: 'auc', label: 'ROC-AUC', part: 'reported' },
    ],
    takeaway: 'Report metrics at the rate the model will meet. A balanced test set flatters precision and F1.',
  },
  {
    id: 'model',
    title: '3 · Model choice: a line or a forest of trees',
    question: 'Does a gradient-boosted tree ensemble beat logistic regression on the same honest setup?',
    explain: [
      'Logistic regression weighs each feature once, on a straight line (after standardising). Gradient-boosted trees learn thresholds and interactions: “many views and a cart in the last minutes”.',
      'Both use the strict cut and the honest protocol, so the difference is the model alone.',
    ],
    toggle: 'model',
    a: { label: 'logistic regression', overrides: { models: ['logistic'] } },
    b: { label: 'gradient-boosted trees', overrides: { models: ['gbdt'] } },
    metrics: [
      { key: 'auc', label: 'ROC-AUC', part: 'reported' },
      { key: 'prAuc', label: 'PR-AUC', part: 'reported' },
      { key: 'f1', label: 'F1', part: 'reported' },
    ],
    takeaway: 'Trees usually rank buyers better; logistic regression trains faster and its coefficients are easy to read.',
  },
];
