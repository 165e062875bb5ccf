// The replay engine: takes events one at a time in replay order, keeps every open session's features
// current, scores the session on each of its events, and turns session endings into labelled examples
// for prequential evaluation and online learning. Synchronous and deterministic: no wall clock here
// (replayController.ts maps wall time to event time).
//
// Label rule: a session is a positive when its first purchase arrives, scored on its features before
// that event (the purchase itself never enters the features); a negative when it closes without one,
// after `timeoutSec` of inactivity in event time or at the end of the data. A session whose first
// event is the purchase has no "before" and gives no example (the strict cut drops it too).
import { EventType } from '../csv/schema.ts';
import { FEATURE_NAMES } from '../features/featureDefinitions.ts';
import { priceAt, sessionOfEachEvent, type EventColumnsData } from '../sessions/eventColumns.ts';
import { OnlineSessions, SessionState, type ClosedState } from './onlineSessions.ts';
import { OnlineUserHistory } from './onlineUserHistory.ts';
import { OnlineLogistic, type Contribution, type OnlineLogisticOptions } from './onlineLogistic.ts';
import { PrequentialMetrics } from './prequentialMetrics.ts';
import type { FeatureScorer } from './linearModel.ts';
import { emptyTotals, type StreamTotals } from './streamTotals.ts';
import { replayOrder } from './replayOrder.ts';

export interface StreamSourceData {
  readonly events: EventColumnsData;
  /** Number of distinct session ids (events.sessionStart has sessionCount + 1 entries). */
  readonly sessionCount: number;
  /** Replay order; computed with replayOrder() when absent. */
  readonly order?: Int32Array;
}

export interface StreamEngineOptions {
  /** Inactivity, in seconds of event time, after which an open session closes. */
  timeoutSec: number;
  model: Partial<OnlineLogisticOptions>;
  /** Labels in the rolling metrics window. */
  metricsWindow: number;
  /** A session raises an alert the first time its probability reaches this. Also the accuracy threshold is 0.5, fixed. */
  alertThreshold: number;
  /** A frozen (batch) model scored on the same labelled examples, for comparison; null for none. */
  frozen: FeatureScorer | null;
}

export const DEFAULT_STREAM_OPTIONS: StreamEngineOptions = {
  timeoutSec: 30 * 60,
  model: {},
  metricsWindow: 1000,
  alertThreshold: 0.5,
  frozen: null,
};

/** A session reaching the alert threshold, or a purchase; kept in small rings for the UI. */
export interface SessionMoment {
  readonly session: number;
  readonly timeSec: number;
  readonly prob: number;
  readonly why: Contribution[];
  /** The session's events so far (for a purchase: before it, so 0 for buy-now). */
  readonly events: number;
  readonly startSec: number;
}

export type ExampleObserver = (session: number, features: Float64Array, label: 0 | 1, prob: number) => void;

const RING = 64;

export class StreamEngine {
  readonly options: StreamEngineOptions; // alertThreshold may change live
  readonly events: EventColumnsData;
  readonly order: Int32Array;
  /** The session of each event: the replay walks events in time order, across sessions. */
  private readonly sessionOf: Int32Array;
  readonly sessions: OnlineSessions;
  readonly history = new OnlineUserHistory();
  readonly model: OnlineLogistic;
  readonly metrics: PrequentialMetrics;
  readonly frozenMetrics: PrequentialMetrics | null;
  readonly totals: StreamTotals = emptyTotals();
  /** Position in `order` of the next event. */
  cursor = 0;
  /** Event time reached (seconds); −Infinity before the first event. */
  clockSec = -Infinity;
  /** Alerts and purchases so far (counts), and the latest of each (rings, newest last). */
  alertCount = 0;
  readonly alerts: SessionMoment[] = [];
  readonly purchases: SessionMoment[] = [];
  /** Test hook: sees each labelled example after it is scored and before it is learned. */
  onExample: ExampleObserver | null = null;
  private readonly x = new Float64Array(FEATURE_NAMES.length);

  constructor(source: StreamSourceData, options: Partial<StreamEngineOptions> = {}) {
    this.options = { ...DEFAULT_STREAM_OPTIONS, ...options };
    if (!(this.options.timeoutSec > 0)) throw new Error(`the inactivity timeout must be positive, got ${this.options.timeoutSec} s`);
    this.events = source.events;
    this.order = source.order ?? replayOrder(source.events);
    if (this.order.length !== source.events.length) throw new Error(`replay order has ${this.order.length} entries for ${source.events.length} events`);
    this.sessionOf = sessionOfEachEvent(source.events);
    this.sessions = new OnlineSessions(source.sessionCount);
    this.model = new OnlineLogistic(FEATURE_NAMES, this.options.model);
    this.metrics = new PrequentialMetrics(this.options.metricsWindow);
    this.frozenMetrics = this.options.frozen ? new PrequentialMetrics(this.options.metricsWindow) : null;
  }

  get done(): boolean {
    return this.cursor >= this.order.length;
  }

  /** Event time of the next event, or +Infinity at the end. */
  get nextEventSec(): number {
    return this.done ? Infinity : this.events.timeSec[this.order[this.cursor]];
  }

  /**
   * Processes events with time ≤ limitSec, at most maxEvents of them; returns how many. Moves the
   * clock to limitSec when every event up to it is done (so idle sessions time out between events).
   */
  processUntil(limitSec: number, maxEvents = Infinity): number {
    const { order } = this;
    const timeSec = this.events.timeSec;
    const start = this.cursor;
    const end = Math.min(order.length, start + maxEvents);
    let i = start;
    while (i < end) {
      const e = order[i];
      const t = timeSec[e];
      if (t > limitSec) break;
      this.processEvent(e, t);
      i++;
    }
    this.cursor = i;
    if (limitSec !== Infinity && (i === order.length || timeSec[order[i]] > limitSec)) this.advanceClock(limitSec);
    return i - start;
  }

  /**
   * Moves event time forward without events, closing sessions idle for longer than the timeout. Not
   * past the last event: the data ends there, and the sessions still open close at its end (closeAll),
   * whatever the speed (a replay at ×60 reached its wall-clock target beyond the last event and timed
   * out a session idle exactly the timeout there, which the CLI closes at the end).
   */
  advanceClock(timeSec: number): void {
    if (timeSec <= this.clockSec || this.done) return;
    this.clockSec = timeSec;
    const s = this.sessions;
    const limit = timeSec - this.options.timeoutSec;
    while (s.oldest >= 0 && s.lastSec[s.oldest] < limit) this.closeWithoutPurchase(s.oldest, SessionState.closedTimeout);
  }

  /** End of the data: every open session closes as a negative. */
  closeAll(): void {
    const s = this.sessions;
    while (s.oldest >= 0) this.closeWithoutPurchase(s.oldest, SessionState.closedEnd);
  }

  /** The features of an open session (a view into a scratch buffer: copy it to keep it). */
  featuresOf(slot: number): Float64Array {
    this.sessions.writeFeatures(slot, this.x);
    return this.x;
  }

  explain(slot: number): Contribution[] {
    return this.model.explain(this.featuresOf(slot));
  }

  private processEvent(e: number, t: number): void {
    this.advanceClock(t);
    const ev = this.events;
    const type = ev.type[e];
    const totals = this.totals;
    totals.events++;
    totals.byType[type]++;
    const session = this.sessionOf[e];
    const s = this.sessions;
    let slot = s.state[session];
    if (slot === SessionState.unseen) {
      // The session's user by the batch rule (smallest user_id among its first-second events), known
      // from its first event on: a same-second event with a smaller id never has to take over.
      const user = ev.sessionUser[session];
      this.history.sessionStarted(user, t);
      totals.sessionsStarted++;
      if (type === EventType.purchase) {
        // Buy-now: the purchase is the session's first event; nothing precedes it to learn from.
        this.history.firstPurchase(user, t);
        s.state[session] = SessionState.closedPurchase;
        totals.closedByPurchase++;
        totals.buyNowSessions++;
        this.purchases.push({ session, timeSec: t, prob: NaN, why: [], events: 0, startSec: t });
        if (this.purchases.length > RING) this.purchases.shift();
        return;
      }
      slot = s.openSession(session, user, t, this.history.priorSessions, this.history.priorPurchaseSessions);
    } else if (slot < 0) {
      if (slot === SessionState.closedPurchase) totals.eventsAfterPurchase++;
      else {
        totals.eventsAfterTimeout++;
        if (type === EventType.purchase && slot === SessionState.closedTimeout) {
          // Its first purchase still counts in the user's history (the batch definition counts it).
          this.history.firstPurchase(ev.sessionUser[session], t);
          s.state[session] = SessionState.closedPurchase;
          totals.purchasesAfterTimeout++;
        }
      }
      return;
    }

    if (type === EventType.purchase) {
      const prob = this.label(slot, 1);
      this.purchases.push({ session, timeSec: t, prob, why: this.model.explain(this.x), events: s.events[slot], startSec: s.startSec[slot] });
      if (this.purchases.length > RING) this.purchases.shift();
      this.history.firstPurchase(s.user[slot], t);
      s.close(slot, SessionState.closedPurchase);
      totals.closedByPurchase++;
      return;
    }

    const it = ev.item[e];
    s.addEvent(slot, t, type, ev.items.productId[it], priceAt(ev, e), ev.items.categoryIdx[it], ev.items.brandIdx[it]);
    s.writeFeatures(slot, this.x);
    const prob = this.model.predict(this.x);
    s.score[slot] = prob;
    // No alerts before the first SGD step: an untrained model scores every session 0.5.
    if (prob >= this.options.alertThreshold && s.alerted[slot] === 0 && this.model.batchesApplied > 0) {
      s.alerted[slot] = 1;
      this.alertCount++;
      this.alerts.push({ session, timeSec: t, prob, why: this.model.explain(this.x), events: s.events[slot], startSec: s.startSec[slot] });
      if (this.alerts.length > RING) this.alerts.shift();
    }
  }

  private closeWithoutPurchase(slot: number, how: ClosedState): void {
    this.label(slot, 0);
    this.sessions.close(slot, how);
    if (how === SessionState.closedTimeout) this.totals.closedByTimeout++;
    else this.totals.closedAtEnd++;
  }

  /** Test, then train: score the session's features with the model as it stands, record, learn. */
  private label(slot: number, label: 0 | 1): number {
    const x = this.featuresOf(slot);
    const prob = this.model.predict(x);
    this.metrics.add(prob, label);
    if (this.options.frozen && this.frozenMetrics) this.frozenMetrics.add(this.options.frozen(x), label);
    this.onExample?.(this.sessions.session[slot], x, label, prob);
    this.model.learn(x, label);
    if (label === 1) this.totals.positives++;
    else this.totals.negatives++;
    return prob;
  }
}
