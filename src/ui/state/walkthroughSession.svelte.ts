// The classroom walkthrough: each step trains twice through the same TrainingSession (the real
// pipeline, on the loaded data) with one option toggled, and keeps both runs for the comparison.
import type { RunRecord, TrainingSession } from './trainingSession.svelte.ts';
import { WALKTHROUGH_BASE, WALKTHROUGH_STEPS, type WalkthroughStep } from '../walkthrough/steps.ts';

export interface StepOutcome {
  status: 'idle' | 'running' | 'done' | 'failed';
  /** Which arm is training now. */
  arm: 'a' | 'b' | null;
  a: RunRecord | null;
  b: RunRecord | null;
}

const IDLE: StepOutcome = { status: 'idle', arm: null, a: null, b: null };

export class WalkthroughSession {
  readonly steps: readonly WalkthroughStep[] = WALKTHROUGH_STEPS;
  current = $state(0);
  outcomes = $state.raw<StepOutcome[]>(WALKTHROUGH_STEPS.map(() => IDLE));

  constructor(private readonly training: TrainingSession) {}

  get step(): WalkthroughStep {
    return this.steps[this.current];
  }

  get outcome(): StepOutcome {
    return this.outcomes[this.current];
  }

  go(index: number): void {
    this.current = Math.max(0, Math.min(this.steps.length - 1, index));
  }

  /** Outcomes refer to the data they were run on; a new load starts the walkthrough afresh. */
  reset(): void {
    this.outcomes = WALKTHROUGH_STEPS.map(() => IDLE);
  }

  async run(index = this.current): Promise<void> {
    const step = this.steps[index];
    if (this.training.training) return;
    let o: StepOutcome = { status: 'running', arm: 'a', a: null, b: null };
    this.set(index, o);
    const [a] = await this.training.train({ ...WALKTHROUGH_BASE, ...step.a.overrides }, `walkthrough ${index + 1}A`);
    if (!a) return this.set(index, { ...o, status: 'failed', arm: null });
    this.set(index, (o = { ...o, a, arm: 'b' }));
    const [b] = await this.training.train({ ...WALKTHROUGH_BASE, ...step.b.overrides }, `walkthrough ${index + 1}B`);
    if (!b) return this.set(index, { ...o, status: 'failed', arm: null });
    this.set(index, { status: 'done', arm: null, a, b });
  }

  private set(index: number, o: StepOutcome): void {
    this.outcomes = this.outcomes.map((x, i) => (i === index ? o : x));
  }
}
