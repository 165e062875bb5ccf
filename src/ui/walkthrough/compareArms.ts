// The measured difference of a walkthrough step: each compared metric for both runs and B − A.
import type { RunRecord } from '../state/trainingSession.svelte.ts';
import type { WalkthroughStep } from './steps.ts';

export interface ArmComparison {
  label: string;
  a: number;
  b: number;
  /** b − a */
  diff: number;
  /** Which test part each run's figure comes from. */
  aPart: 'natural' | 'balanced';
  bPart: 'natural' | 'balanced';
}

function pick(run: RunRecord, part: 'reported' | 'balanced') {
  if (part === 'balanced' || !run.test.natural) return { report: run.test.balanced, part: 'balanced' as const };
  return { report: run.test.natural, part: 'natural' as const };
}

export function compareArms(step: WalkthroughStep, a: RunRecord, b: RunRecord): ArmComparison[] {
  return step.metrics.map((m) => {
    const ra = pick(a, m.part);
    const rb = pick(b, m.part);
    return { label: m.label, a: ra.report[m.key], b: rb.report[m.key], diff: rb.report[m.key] - ra.report[m.key], aPart: ra.part, bPart: rb.part };
  });
}
