// The classroom walkthrough: each step trains twice through the same TrainingSession (the real
// pipeline, on the loaded data) with one option toggled, and keeps both runs for the comparison.
import type { RunRecord, TrainingSession, TrainOptions } from './trainingSession.svelte.ts';
import { stepUnavailableReason, WALKTHROUGH_BASE, WALKTHROUGH_STEPS, type DataKind, type WalkthroughStep } from '../walkthrough/steps.ts';
import { walkthroughRunKey } from '../walkthrough/runKey.ts';
import { announcer } from '../shell/announcer.svelte.ts';

export interface StepOutcome {
  status: 'idle' | 'running' | 'done' | 'failed';
  /** Which arm is training now. */
  arm: 'a' | 'b' | null;
  a: RunRecord | null;
  b: RunRecord | null;
  /** Arms that reused an earlier walkthrough run with the same settings instead of training again. */
  reused: { a: boolean; b: boolean };
}

const IDLE: StepOutcome = { status: 'idle', arm: null, a: null, b: null, reused: { a: false, b: false } };

/** What the walkthrough needs to know of the loaded data (app.ts's TableSource has it). */
export interface WalkthroughData {
  readonly dataKind: DataKind;
}

export class WalkthroughSession {
  readonly steps: readonly WalkthroughStep[] = WALKTHROUGH_STEPS;
  current = $state(0);
  outcomes = $state.raw<StepOutcome[]>(WALKTHROUGH_STEPS.map(() => IDLE));
  /** Run ids of this walkthrough's runs by their settings (walkthroughRunKey); cleared with the data. */
  private trained = new Map<string, number>();

  constructor(
    private readonly training: TrainingSession,
    private readonly data: WalkthroughData = { dataKind: 'events' },
  ) {}

  get step(): WalkthroughStep {
    return this.steps[this.current];
  }

  get outcome(): StepOutcome {
    return this.outcomes[this.current];
  }

  /** Whether a step is training its arms now. */
  get running(): boolean {
    return this.outcomes.some((o) => o.status === 'running');
  }

  get dataKind(): DataKind {
    return this.data.dataKind;
  }

  /** Why step `index` cannot run on the loaded data (a features file cannot be re-cut), or null. */
  unavailable(index = this.current): string | null {
    return stepUnavailableReason(this.steps[index], this.data.dataKind);
  }

  go(index: number): void {
    this.current = Math.max(0, Math.min(this.steps.length - 1, index));
  }

  /** Outcomes refer to the data they were run on; a new load starts the walkthrough afresh. */
  reset(): void {
    this.outcomes = WALKTHROUGH_STEPS.map(() => IDLE);
    this.trained.clear();
  }

  /** Runs both arms; `fresh` retrains even when an earlier walkthrough run had the same settings. */
  async run(index = this.current, fresh = false): Promise<void> {
    const step = this.steps[index];
    if (this.training.training || this.unavailable(index) !== null) return;
    let o: StepOutcome = { status: 'running', arm: 'a', a: null, b: null, reused: { a: false, b: false } };
    this.set(index, o);
    const a = await this.arm(step.a.overrides, `walkthrough ${index + 1}A`, fresh);
    if (!a) return this.fail(index, o, 'A');
    this.set(index, (o = { ...o, a: a.run, arm: 'b', reused: { a: a.reused, b: false } }));
    const b = await this.arm(step.b.overrides, `walkthrough ${index + 1}B`, fresh);
    if (!b) return this.fail(index, o, 'B');
    this.set(index, { status: 'done', arm: null, a: a.run, b: b.run, reused: { a: a.reused, b: b.reused } });
  }

  /**
   * An arm did not train. A failure is said in the live region, which still said "Training
   * gradient-boosted trees…" beside the error box; the training's own "failed" sentence of the same
   * tick gives way to this one, which names the step. A cancel says nothing more here: the training
   * said it was cancelled, unless a newer sentence (the "Loading …" of a load that cancelled it) had
   * replaced its own.
   */
  private fail(index: number, o: StepOutcome, arm: 'A' | 'B'): void {
    this.set(index, { ...o, status: 'failed', arm: null });
    if (this.training.error) announcer.announce(`Walkthrough step ${index + 1} stopped: training ${arm} failed; the error is shown below the step.`);
  }

  private async arm(overrides: Partial<TrainOptions>, tag: string, fresh: boolean): Promise<{ run: RunRecord; reused: boolean } | null> {
    const settings = { ...$state.snapshot(this.training.options), ...WALKTHROUGH_BASE, ...overrides };
    const key = walkthroughRunKey(settings, this.data.dataKind);
    const earlier = this.trained.get(key);
    // Only a run that is still valid: a new load or a restarted model worker marks runs stale.
    const reusable = fresh || earlier === undefined ? undefined : this.training.runs.find((r) => r.runId === earlier && !r.stale);
    if (reusable) return { run: reusable, reused: true };
    const [run] = await this.training.train({ ...WALKTHROUGH_BASE, ...overrides }, tag);
    if (!run) return null;
    this.trained.set(key, run.runId);
    return { run, reused: false };
  }

  private set(index: number, o: StepOutcome): void {
    this.outcomes = this.outcomes.map((x, i) => (i === index ? o : x));
  }
}
