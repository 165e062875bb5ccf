// What a walkthrough step's text says about its own numbers. A fixed takeaway ("trees usually rank
// buyers better") was contradicted by the runs on small data (20k demo rows: logistic 0.8344 vs trees
// 0.8078 ROC-AUC, with a few dozen buyers in the test part), so the words are built from the measured
// result: who scored higher and by how much, whether that may be noise, and whether the run agrees
// with what is expected on large data.
import { formatInt, formatMetric, formatPercent } from '../format.ts';
import type { ArmComparison } from './compareArms.ts';
import type { MetricKey, WalkthroughStep } from './steps.ts';

/** Below this many buyers in a test part, AUC differences of a few hundredths are routinely noise. */
export const FEW_BUYERS = 200;

/** Differences that print as 0.0000 are ties. */
const TIE = 0.00005;

const METRIC_NAME: Record<MetricKey, string> = { auc: 'ROC-AUC', prAuc: 'PR-AUC', f1: 'F1', precision: 'precision', recall: 'recall', accuracy: 'accuracy' };

/**
 * Standard error of a ROC-AUC from the number of positives and negatives it was measured on
 * (Hanley & McNeil 1982); NaN when a class is missing.
 */
export function aucStandardError(auc: number, pos: number, neg: number): number {
  if (pos < 1 || neg < 1 || !Number.isFinite(auc)) return Number.NaN;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance = (auc * (1 - auc) + (pos - 1) * (q1 - auc * auc) + (neg - 1) * (q2 - auc * auc)) / (pos * neg);
  return Math.sqrt(Math.max(0, variance));
}

export interface NoiseCheck {
  /** Two standard errors of the ROC-AUC difference (NaN when it cannot be computed). */
  twoSe: number;
  fewestBuyers: number;
  /** The ROC-AUC difference is within two standard errors (or, without one, the test part is small). */
  mayBeNoise: boolean;
}

/**
 * Treats the two AUCs as independent, which overstates the noise when both arms score the same test
 * sessions (step 3): a rough guide for a classroom, not a test. Two standard errors, not one, because
 * a gap of one standard error turns up by chance about a third of the time.
 */
export function checkNoise(auc: Pick<ArmComparison, 'a' | 'b' | 'diff' | 'aTest' | 'bTest'>): NoiseCheck {
  const seA = aucStandardError(auc.a, auc.aTest.pos, auc.aTest.n - auc.aTest.pos);
  const seB = aucStandardError(auc.b, auc.bTest.pos, auc.bTest.n - auc.bTest.pos);
  const twoSe = 2 * Math.sqrt(seA * seA + seB * seB);
  const fewestBuyers = Math.min(auc.aTest.pos, auc.bTest.pos);
  const mayBeNoise = Number.isFinite(twoSe) ? Math.abs(auc.diff) < twoSe : fewestBuyers < FEW_BUYERS;
  return { twoSe, fewestBuyers, mayBeNoise };
}

function samePart(r: Pick<ArmComparison, 'aTest' | 'bTest'>): boolean {
  return r.aTest.n === r.bTest.n && r.aTest.pos === r.bTest.pos;
}

function partSize(t: { n: number; pos: number }): string {
  return `${formatInt(t.n)} sessions, ${formatInt(t.pos)} buyers (${formatPercent(t.n > 0 ? t.pos / t.n : Number.NaN)})`;
}

/** The result table's caption: how big the test part behind the figures is. */
export function testPartCaption(row: Pick<ArmComparison, 'aTest' | 'bTest'>): string {
  if (samePart(row)) return `Test part: ${partSize(row.aTest)}, in both arms.`;
  return `Test part — A: ${partSize(row.aTest)}; B: ${partSize(row.bTest)}.`;
}

/** Why the ROC-AUC difference may be noise, or how rough the figures are; null when neither applies. */
export function noiseCaveat(auc: Pick<ArmComparison, 'a' | 'b' | 'diff' | 'aTest' | 'bTest'>): string | null {
  const noise = checkNoise(auc);
  const buyers = samePart(auc)
    ? `a test part with ${formatInt(auc.aTest.pos)} buyers`
    : auc.aTest.pos === auc.bTest.pos
      ? `test parts with ${formatInt(auc.aTest.pos)} buyers each`
      : `test parts with ${formatInt(auc.aTest.pos)} (A) and ${formatInt(auc.bTest.pos)} (B) buyers`;
  const where = samePart(auc) ? 'the test part' : auc.aTest.pos <= auc.bTest.pos ? 'A’s test part' : 'B’s test part';
  const gap = formatMetric(Math.abs(auc.diff));
  if (!Number.isFinite(noise.twoSe)) return noise.mayBeNoise ? `Only ${formatInt(noise.fewestBuyers)} buyers in ${where}: the difference may be noise.` : null;
  if (noise.mayBeNoise) return `The ROC-AUC difference (${gap}) is within two standard errors (±${formatMetric(noise.twoSe)}, Hanley–McNeil) for ${buyers}: it may be noise.`;
  if (noise.fewestBuyers < FEW_BUYERS) return `Only ${formatInt(noise.fewestBuyers)} buyers in ${where}, so every figure here is rough; the ROC-AUC difference (${gap}) is still beyond two standard errors (±${formatMetric(noise.twoSe)}).`;
  return null;
}

export interface StepVerdict {
  /** What this run measured, in words. */
  measured: string;
  /** Why the difference may be noise, or null. */
  caveat: string | null;
  /** What is expected on large data, and whether this run agrees. */
  lesson: string;
  /** The size of the test part behind the figures (the result table's caption). */
  caption: string;
}

type VerdictStep = Pick<WalkthroughStep, 'a' | 'b' | 'metrics' | 'expect'>;

function reportedRow(step: VerdictStep, rows: readonly ArmComparison[], key: MetricKey): ArmComparison | null {
  const i = step.metrics.findIndex((m) => m.key === key && m.part === 'reported');
  return i >= 0 ? (rows[i] ?? null) : null;
}

function winner(d: number): 'a' | 'b' | null {
  return Math.abs(d) < TIE ? null : d > 0 ? 'b' : 'a';
}

function rankingMeasured(step: VerdictStep, rows: ArmComparison[]): string {
  const name = (arm: 'a' | 'b') => `${arm.toUpperCase()} (${step[arm].short})`;
  const both = (r: ArmComparison) => `(A ${formatMetric(r.a)}, B ${formatMetric(r.b)})`;
  const by = (r: ArmComparison) => `by ${formatMetric(Math.abs(r.diff))} ${both(r)}`;
  const w = rows.map((r) => winner(r.diff));
  if (rows.length === 2 && w[0] !== null && w[0] === w[1]) {
    return `This run: ${name(w[0])} is higher on ${METRIC_NAME[rows[0].key]} ${by(rows[0])} and on ${METRIC_NAME[rows[1].key]} ${by(rows[1])}.`;
  }
  const clauses = rows.map((r, i) => {
    const who = w[i];
    return who === null ? `A and B are equal on ${METRIC_NAME[r.key]} to four decimals (${formatMetric(r.a)})` : `${name(who)} is higher on ${METRIC_NAME[r.key]} ${by(r)}`;
  });
  return `This run: ${clauses.join('; ')}.`;
}

function rankingAgreement(step: VerdictStep & { expect: { kind: 'ranking' } }, auc: ArmComparison, mayBeNoise: boolean): string {
  const measured = winner(auc.diff);
  if (measured === null) return 'This run measured no ROC-AUC difference.';
  if (measured === step.expect.higher) return mayBeNoise ? 'This run points the same way, but the difference may be noise.' : 'This run agrees.';
  if (mayBeNoise) return 'This run does not show it, but the difference may be noise.';
  return `This run does not: here ${measured.toUpperCase()} (${step[measured].short}) scored higher on ROC-AUC.`;
}

function baseRateMeasured(step: VerdictStep, rows: ArmComparison[]): string {
  const moves = rows.map((r) => {
    const name = METRIC_NAME[r.key];
    const w = winner(r.diff);
    if (w === null) return `${name} stays at ${formatMetric(r.a)}`;
    return `${name} ${w === 'b' ? 'rises' : 'falls'} by ${formatMetric(Math.abs(r.diff))} (${formatMetric(r.a)} → ${formatMetric(r.b)})`;
  });
  return `This run, from A (${step.a.short}) to B (${step.b.short}): ${moves.join(', ')}.`;
}

function baseRateAgreement(rows: ArmComparison[]): string {
  const falls = rows.filter((r) => r.key === 'precision' || r.key === 'f1').map((r) => r.diff <= -TIE);
  if (falls.every(Boolean)) return 'This run agrees.';
  return falls.some(Boolean) ? 'This run shows it only in part.' : 'This run does not show it.';
}

/** The measured result of a step in words; `rows` as compareArms returns them for this step. */
export function stepVerdict(step: VerdictStep, rows: readonly ArmComparison[]): StepVerdict {
  const auc = reportedRow(step, rows, 'auc');
  const caveat = auc ? noiseCaveat(auc) : null;
  const mayBeNoise = auc ? checkNoise(auc).mayBeNoise : false;
  const expect = step.expect;
  const caption = rows.length > 0 ? testPartCaption(auc ?? rows[0]) : '';
  if (expect.kind === 'baseRate') {
    const shown = rows.filter((_, i) => step.metrics[i].part === 'reported');
    return { measured: baseRateMeasured(step, shown), caveat, lesson: `${expect.onLargeData} ${baseRateAgreement(shown)} ${expect.lesson}`, caption };
  }
  const ranked = (['auc', 'prAuc'] as const).map((k) => reportedRow(step, rows, k)).filter((r): r is ArmComparison => r !== null);
  const agreement = auc ? rankingAgreement({ ...step, expect }, auc, mayBeNoise) : '';
  return { measured: rankingMeasured(step, ranked), caveat, lesson: `${expect.onLargeData} ${agreement}`.trim(), caption };
}
