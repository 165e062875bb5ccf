// The measured difference of a walkthrough step: each compared metric for both runs and B − A,
// with the size of the test part each figure comes from (for the caption and the noise caveat).
import type { EvaluationReport } from '../../core/models/evaluation.ts';
import type { WalkthroughStep } from './steps.ts';

export type TestPartKind = 'natural' | 'balanced';

export interface ArmComparison {
  key: WalkthroughStep['metrics'][number]['key'];
  /** The metric, and which test part each arm was scored on when they differ. */
  label: string;
  a: number;
  b: number;
  /** b − a */
  diff: number;
  /** Which test part each run's figure comes from. */
  aPart: TestPartKind;
  bPart: TestPartKind;
  /** Sessions and buyers in that test part. */
  aTest: { n: number; pos: number };
  bTest: { n: number; pos: number };
}

/** What compareArms needs of a run: its test reports (a RunRecord has them). */
export interface ArmRun {
  test: { natural: EvaluationReport | null; balanced: EvaluationReport };
}

const PART_NAME: Record<TestPartKind, string> = { natural: 'the real-rate test', balanced: 'the 1:1 test' };

function pick(run: ArmRun, part: 'reported' | 'balanced') {
  if (part === 'balanced' || !run.test.natural) return { report: run.test.balanced, part: 'balanced' as const };
  return { report: run.test.natural, part: 'natural' as const };
}

export function compareArms(step: Pick<WalkthroughStep, 'metrics'>, a: ArmRun, b: ArmRun): ArmComparison[] {
  return step.metrics.map((m) => {
    const ra = pick(a, m.part);
    const rb = pick(b, m.part);
    // Two figures from different kinds of test part are not the same measurement; the row says so.
    const label = ra.part === rb.part ? m.label : `${m.label} — A on ${PART_NAME[ra.part]}, B on ${PART_NAME[rb.part]}`;
    return {
      key: m.key,
      label,
      a: ra.report[m.key],
      b: rb.report[m.key],
      diff: rb.report[m.key] - ra.report[m.key],
      aPart: ra.part,
      bPart: rb.part,
      aTest: { n: ra.report.n, pos: ra.report.pos },
      bTest: { n: rb.report.n, pos: rb.report.pos },
    };
  });
}
