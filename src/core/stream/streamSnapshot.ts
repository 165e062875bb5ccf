// What one micro-batch carries to the UI: exact totals, rates, the model's metrics, the top-scored
// open sessions and the latest alerts. Plain data, a few kilobytes, whatever the size of the replay.
import type { ClassifierMetrics } from './prequentialMetrics.ts';
import type { Contribution } from './onlineLogistic.ts';
import type { ReplaySpeed } from './replayClock.ts';
import type { StreamTotals } from './streamTotals.ts';

export type ReplayStatus = 'ready' | 'playing' | 'paused' | 'seeking' | 'finished';
/** 'Not learned yet': before the online model's first SGD step, when it scores every session 0.5. */
export type SessionStatus = 'High' | 'Medium' | 'Browsing' | 'Purchased' | 'Not learned yet';

export interface SessionRow {
  readonly session: string;
  /** Online model probability (for Purchased: its score on the events before the purchase; NaN for buy-now). */
  readonly prob: number;
  /** The frozen batch model's probability, when one is loaded. */
  readonly frozenProb: number | null;
  readonly status: SessionStatus;
  /** Events in the session so far (for Purchased: before its purchase; 0 for buy-now). */
  readonly events: number;
  readonly startSec: number;
  /** Its latest event (for Purchased: the purchase). */
  readonly lastSec: number;
  /** Top 3 contributions to the log-odds: weight × standardized value. */
  readonly why: readonly Contribution[];
}

export interface AlertRow {
  readonly session: string;
  readonly timeSec: number;
  readonly prob: number;
  readonly why: readonly Contribution[];
}

export interface ModelMetricsView {
  readonly rolling: ClassifierMetrics;
  readonly sinceStart: ClassifierMetrics;
}

export interface StreamSnapshot {
  /** Increases with every snapshot of a run; restart resets it. */
  readonly seq: number;
  /** Restarts so far (the UI drops history from an earlier run). */
  readonly run: number;
  /** Taken at an event-time mark of a max-speed replay: a chart point whatever the wall time. */
  readonly mark: boolean;
  readonly status: ReplayStatus;
  readonly speed: ReplaySpeed;
  /** True while a finite speed asks for more events per tick than the engine processed. */
  readonly behind: boolean;
  /** Event time reached, epoch seconds (NaN before the first event). */
  readonly clockSec: number;
  readonly firstEventSec: number;
  readonly lastEventSec: number;
  /** Events in the source, and processed so far (each counted once). */
  readonly totalEvents: number;
  readonly processed: number;
  /**
   * Events replayed per wall-clock second. While playing or seeking: over the last one to two seconds
   * the replay ran. Paused or finished: over the whole replay so far (its events ÷ replaySec). Stepped
   * events took no replay time and are left out of both.
   */
  readonly eventsPerSec: number;
  /** Wall seconds the replay has run (playing or seeking), paused time excluded. */
  readonly replaySec: number;
  /**
   * Events per minute of event time since the first event: processed / (event time reached − first
   * event time), the clock capped at the last event. NaN until event time has moved past the first
   * event. An average, not the rate since the previous snapshot: a snapshot covers ~250 ms of wall
   * time, and at ×600 on sparse data most of them hold no event, which read as "0 per minute".
   */
  readonly eventsPerEventMinute: number;
  readonly totals: StreamTotals;
  readonly openSessions: number;
  readonly peakOpenSessions: number;
  readonly closedSessions: number;
  /** Sessions closed by a purchase / sessions closed. */
  readonly sessionConversionRate: number;
  /** Purchase events / cart events (not a funnel share). */
  readonly purchasesPerCart: number;
  readonly online: ModelMetricsView;
  readonly frozen: ModelMetricsView | null;
  readonly model: { readonly examplesLearned: number; readonly batches: number; readonly bias: number; readonly weights: readonly Contribution[] };
  /** Open sessions, highest probability first (status High, Medium or Browsing). */
  readonly top: readonly SessionRow[];
  /** The latest sessions closed by a purchase, newest first (status Purchased): listed apart from `top`. */
  readonly purchases: readonly SessionRow[];
  readonly alertCount: number;
  /** Newest first. */
  readonly alerts: readonly AlertRow[];
  readonly thresholds: { readonly high: number; readonly medium: number };
  readonly memory: { readonly slotCapacity: number; readonly slotBytes: number; readonly users: number; readonly userHistoryBytes: number };
}

/** Average events per minute of event time since the first event (see StreamSnapshot.eventsPerEventMinute). */
export function eventsPerEventMinute(processed: number, firstEventSec: number, clockSec: number, lastEventSec: number): number {
  const elapsedMin = (Math.min(clockSec, lastEventSec) - firstEventSec) / 60;
  return processed > 0 && elapsedMin > 0 ? processed / elapsedMin : NaN;
}

export function sessionStatus(prob: number, high: number, medium: number): SessionStatus {
  return prob >= high ? 'High' : prob >= medium ? 'Medium' : 'Browsing';
}
