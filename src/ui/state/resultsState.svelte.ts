// What the Results view asks about the selected run, each answered by the model worker: metrics at a
// threshold (latest wins while the slider moves), the early-prediction curve (cached per run), and
// "why this score" for one session.
import type { ThresholdMetrics } from '../../core/models/metrics.ts';
import type { EarlyPredictionPoint } from '../../core/models/earlyPrediction.ts';
import { EARLY_PREDICTION_KS } from '../../core/models/earlyPrediction.ts';
import type { RunRecord, TrainingSession } from './trainingSession.svelte.ts';
import { LatestWins } from './latestWins.svelte.ts';
import type { MissingSessionReason } from '../../../workers/lib/modelWorkspace.ts';

type ExplainAnswer = Awaited<ReturnType<TrainingSession['explain']>>;
export type Explanation = Extract<ExplainAnswer, { found: true }>;

export interface LookupState {
  status: 'idle' | 'running' | 'done' | 'missing' | 'failed';
  result: Explanation | null;
  /** Why the id has no feature row in this run (status 'missing'). */
  missing: MissingSessionReason | null;
  error: string | null;
}

const IDLE_LOOKUP: LookupState = { status: 'idle', result: null, missing: null, error: null };

export interface EarlyCurveState {
  status: 'idle' | 'running' | 'done' | 'failed';
  points: EarlyPredictionPoint[];
  /** k being computed. */
  k: number | null;
  error: string | null;
}

export class ResultsState {
  runId = $state<number | null>(null);
  threshold: LatestWins<number, ThresholdMetrics>;
  early = $state.raw<EarlyCurveState>({ status: 'idle', points: [], k: null, error: null });
  lookupQuery = $state('');
  lookup = $state.raw<LookupState>(IDLE_LOOKUP);

  private earlyByRun = new Map<number, EarlyCurveState>();
  private earlyToken = 0;

  constructor(private readonly training: TrainingSession) {
    this.threshold = new LatestWins<number, ThresholdMetrics>(0.5, (t) => (this.runId === null ? Promise.resolve(null) : this.training.thresholdMetrics(this.runId, t)));
  }

  /** Points the view at a run (call when the selection changes). */
  show(run: RunRecord | null): void {
    const id = run && !run.stale ? run.runId : null;
    if (id === this.runId) return;
    this.runId = id;
    this.earlyToken++;
    this.early = (id !== null && this.earlyByRun.get(id)) || { status: 'idle', points: [], k: null, error: null };
    this.lookup = IDLE_LOOKUP;
    this.threshold.result = null;
    if (id !== null) this.threshold.set(run?.test.natural?.threshold ?? run?.test.balanced.threshold ?? 0.5);
  }

  /** The early-prediction points computed for a run so far (for the metrics file), or null. */
  earlyPointsFor(runId: number): EarlyPredictionPoint[] | null {
    const state = runId === this.runId ? this.early : this.earlyByRun.get(runId);
    return state && state.status === 'done' && state.points.length > 0 ? state.points : null;
  }

  /** AUC of the run's test sessions seen after only their first k events, for k = 1, 2, 3, 5, 10. */
  async computeEarly(): Promise<void> {
    const runId = this.runId;
    if (runId === null || this.early.status === 'running') return;
    const token = ++this.earlyToken;
    let state: EarlyCurveState = { status: 'running', points: [], k: null, error: null };
    this.early = state;
    try {
      for (const k of EARLY_PREDICTION_KS) {
        this.early = state = { ...state, k };
        const point = await this.training.earlyPredictionPoint(runId, k);
        if (token !== this.earlyToken) return;
        if (point) this.early = state = { ...state, points: [...state.points, point] };
      }
      this.early = state = { ...state, status: 'done', k: null };
      this.earlyByRun.set(runId, state);
    } catch (err) {
      if (token === this.earlyToken) this.early = { ...state, status: 'failed', k: null, error: (err as Error).message };
    }
  }

  async explain(sessionId: string): Promise<void> {
    const runId = this.runId;
    if (runId === null || sessionId.trim() === '') return;
    this.lookupQuery = sessionId;
    this.lookup = { ...IDLE_LOOKUP, status: 'running' };
    try {
      const answer = await this.training.explain(runId, sessionId);
      if (runId !== this.runId) return;
      this.lookup = answer.found ? { ...IDLE_LOOKUP, status: 'done', result: answer } : { ...IDLE_LOOKUP, status: 'missing', missing: answer.reason };
    } catch (err) {
      this.lookup = { ...IDLE_LOOKUP, status: 'failed', error: (err as Error).message };
    }
  }
}
