// Drives a StreamEngine from a wall clock: play / pause / step / restart / seek, speed ×1 … ×10,000 or
// max, and work done in time-boxed slices so the thread running it (the stream worker) stays free to
// answer messages. Turns the engine's state into the UI's micro-batch snapshots.
import { FEATURE_NAMES } from '../features/featureDefinitions.ts';
import { StreamEngine, DEFAULT_STREAM_OPTIONS, type StreamEngineOptions, type StreamSourceData } from './streamEngine.ts';
import { ReplayClock, type ReplaySpeed } from './replayClock.ts';
import { replayOrder } from './replayOrder.ts';
import { closedSessions, purchasesPerCart, sessionConversionRate } from './streamTotals.ts';
import { eventsPerEventMinute, sessionStatus, type AlertRow, type ReplayStatus, type SessionRow, type StreamSnapshot } from './streamSnapshot.ts';

export interface ReplayOptions extends StreamEngineOptions {
  speed: ReplaySpeed;
  /** Open sessions listed in a snapshot, highest probability first. */
  topK: number;
  /** Probability from which a session shows as Medium (High is the alert threshold). */
  mediumThreshold: number;
}

export const DEFAULT_REPLAY_OPTIONS: ReplayOptions = { ...DEFAULT_STREAM_OPTIONS, speed: 600, topK: 10, mediumThreshold: 0.25 };

/** Events per processUntil call between looks at the wall clock (~0.1–1 ms of work). */
const CHUNK = 2048;
const PURCHASES_SHOWN = 5;
/**
 * Points the charts get over the whole event-time span at "max" speed. Wall-time snapshots alone gave
 * a small file two or three points (17k events replay in ~60 ms), so max speed also stops at these
 * event-time marks and each one is snapshotted (StreamSnapshot.mark).
 */
export const CHART_MARKS = 200;
const ALERTS_SHOWN = 20;
/**
 * Running wall time the live events / s is measured over: between one and two of these. The interval
 * since the previous snapshot was too short at max speed (a snapshot at each chart mark, a few ms
 * apart) and, once the replay ended, froze on its last sliver ("147 events / s" for 20k in 1.3 s).
 */
export const RATE_WINDOW_MS = 1000;

/** Events replayed by the clock (not stepped) after a given time of running. */
interface RateMark {
  readonly runMs: number;
  readonly events: number;
}

export class ReplayController {
  engine: StreamEngine;
  readonly options: ReplayOptions;
  private readonly source: StreamSourceData & { order: Int32Array };
  private readonly clock: ReplayClock;
  private seekTarget: number | null = null;
  private finished = false;
  private behind = false;
  private seq = 0;
  private run = 0;
  /** Wall ms the replay ran (playing or seeking) before `runningSinceMs`; paused time is not counted. */
  private runMs = 0;
  /** Wall time the replay started running, or null while it does not run. */
  private runningSinceMs: number | null = null;
  /** Events processed while running: steps take no replay time, so they are not in the rates. */
  private runEvents = 0;
  /** The live rate's window: from `rateFrom` to now, moved on by a window once `rateNext` is one old. */
  private rateFrom: RateMark = { runMs: 0, events: 0 };
  private rateNext: RateMark = { runMs: 0, events: 0 };
  private readonly firstEventSec: number;
  private readonly lastEventSec: number;
  /** Event time between two chart marks at max speed (CHART_MARKS over the span, at least 1 s). */
  private readonly markStepSec: number;
  /** Next event-time mark at max speed, and whether the replay has just reached one. */
  private nextMarkSec = -Infinity;
  private markReached = false;

  constructor(
    source: StreamSourceData,
    options: Partial<ReplayOptions>,
    private readonly sessionName: (sessionIdx: number) => string,
    private readonly now: () => number,
  ) {
    this.options = { ...DEFAULT_REPLAY_OPTIONS, ...options };
    this.source = { ...source, order: source.order ?? replayOrder(source.events) };
    this.clock = new ReplayClock(this.options.speed);
    this.engine = new StreamEngine(this.source, this.options);
    const { order } = this.source;
    const t = source.events.timeSec;
    this.firstEventSec = order.length ? t[order[0]] : NaN;
    this.lastEventSec = order.length ? t[order[order.length - 1]] : NaN;
    this.markStepSec = Math.max(1, (this.lastEventSec - this.firstEventSec) / CHART_MARKS);
  }

  get status(): ReplayStatus {
    if (this.finished) return 'finished';
    if (this.seekTarget !== null) return 'seeking';
    if (this.clock.playing) return 'playing';
    return this.engine.totals.events === 0 ? 'ready' : 'paused';
  }

  play(): void {
    if (!this.finished) this.clock.play(this.now());
    this.syncRunTime();
  }

  pause(): void {
    this.clock.pause();
    this.syncRunTime();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.clock.setSpeed(speed);
    this.options.speed = speed;
  }

  /** Live: which probability raises an alert (and shows High), and which shows Medium. */
  setThresholds(high: number, medium: number): void {
    if (!(high > 0 && high <= 1 && medium >= 0 && medium <= high)) throw new Error(`thresholds must satisfy 0 ≤ medium ≤ high ≤ 1, got high ${high}, medium ${medium}`);
    this.engine.options.alertThreshold = high;
    this.options.alertThreshold = high;
    this.options.mediumThreshold = medium;
  }

  /** Pauses and processes the next `events` events. */
  step(events = 1): void {
    this.clock.pause();
    this.seekTarget = null;
    if (this.finished) return;
    this.engine.processUntil(Infinity, events);
    this.finishIfDone();
    this.syncRunTime();
  }

  /** Back to the first event with a fresh model (warm start and frozen model kept), paused. */
  restart(options: Partial<StreamEngineOptions> = {}): void {
    Object.assign(this.options, options);
    this.clock.pause();
    this.engine = new StreamEngine(this.source, this.options);
    this.seekTarget = null;
    this.finished = false;
    this.behind = false;
    this.seq = 0;
    this.run++;
    this.runMs = 0;
    this.runningSinceMs = null;
    this.runEvents = 0;
    this.rateFrom = { runMs: 0, events: 0 };
    this.rateNext = this.rateFrom;
    this.nextMarkSec = -Infinity;
    this.markReached = false;
  }

  /** True when the replay stopped at an event-time mark since the last snapshot (max speed). */
  get atMark(): boolean {
    return this.markReached;
  }

  /**
   * Replays up to event time `timeSec` as fast as possible (every event is processed, so totals and
   * the model stay exact); a time before the current one restarts first. Play/pause state is kept.
   */
  seek(timeSec: number): void {
    if (!Number.isFinite(timeSec)) throw new Error(`seek needs a finite event time, got ${timeSec}`);
    const playing = this.clock.playing;
    if (timeSec < this.engine.clockSec || this.finished) this.restart();
    if (playing) this.clock.play(this.now());
    this.seekTarget = timeSec;
    this.syncRunTime();
  }

  /**
   * Does at most ~budgetMs of replay work. Returns true when more is due right away (max speed,
   * seeking, or behind a finite speed), false when the caller may wait for the next tick.
   */
  work(budgetMs: number): boolean {
    if (this.finished) return false;
    const seeking = this.seekTarget !== null;
    if (!seeking && !this.clock.playing) return false;
    const before = this.engine.totals.events;
    const more = this.workSlice(budgetMs, seeking);
    this.runEvents += this.engine.totals.events - before;
    this.syncRunTime();
    return more;
  }

  /** work()'s slice of replay itself; work() books the events and the wall time it took. */
  private workSlice(budgetMs: number, seeking: boolean): boolean {
    const start = this.now();
    const e = this.engine;
    const byMarks = !seeking && this.clock.speed === 'max' && this.lastEventSec > this.firstEventSec;
    if (byMarks && this.nextMarkSec === -Infinity) this.nextMarkSec = this.firstEventSec + this.markStepSec;
    const clockTarget = seeking ? (this.seekTarget as number) : this.clock.target(start, e.clockSec, e.nextEventSec);
    const target = byMarks ? Math.min(clockTarget, this.nextMarkSec) : clockTarget;
    while (e.processUntil(target, CHUNK) === CHUNK && this.now() - start < budgetMs);
    if (byMarks && (e.done || e.nextEventSec > this.nextMarkSec)) {
      this.markReached = true;
      // The next mark after the next event (marks with no event before them are skipped).
      if (!e.done) this.nextMarkSec += Math.max(1, Math.ceil((e.nextEventSec - this.nextMarkSec) / this.markStepSec)) * this.markStepSec;
      this.finishIfDone();
      return !this.finished;
    }
    const reached = e.done || e.nextEventSec > target;
    this.behind = !reached && !seeking && this.clock.speed !== 'max';
    if (seeking && reached) {
      e.advanceClock(target);
      this.seekTarget = null;
      if (this.clock.playing) this.clock.play(this.now());
    }
    this.finishIfDone();
    return !this.finished && (!reached || (this.clock.playing && this.clock.speed === 'max'));
  }

  /** Wall ms the replay has run up to `nowMs`. */
  private runMsAt(nowMs: number): number {
    return this.runMs + (this.runningSinceMs === null ? 0 : nowMs - this.runningSinceMs);
  }

  /** Books the running time up to now and notes whether the replay runs from here; after every change of state. */
  private syncRunTime(): void {
    const nowMs = this.now();
    this.runMs = this.runMsAt(nowMs);
    this.runningSinceMs = !this.finished && (this.clock.playing || this.seekTarget !== null) ? nowMs : null;
  }

  /**
   * Events per wall second. While the replay runs: over its last one to two seconds of running. Paused
   * or ended: over the whole replay so far (events it replayed ÷ the wall time it ran), so the figure
   * left on screen at the end is the replay's own rate, not that of its last sliver.
   */
  private eventsPerSec(runMs: number, running: boolean): number {
    const from = running ? this.rateFrom : { runMs: 0, events: 0 };
    const ms = runMs - from.runMs;
    return ms > 0 ? ((this.runEvents - from.events) * 1000) / ms : 0;
  }

  /** Moves the live rate's window on once its newer mark is a window old. */
  private advanceRateWindow(runMs: number): void {
    if (runMs - this.rateNext.runMs < RATE_WINDOW_MS) return;
    this.rateFrom = this.rateNext;
    this.rateNext = { runMs, events: this.runEvents };
  }

  snapshot(): StreamSnapshot {
    const e = this.engine;
    const t = e.totals;
    const runMs = this.runMsAt(this.now());
    const running = this.runningSinceMs !== null;
    const clockSec = e.clockSec === -Infinity ? NaN : e.clockSec;
    const snap: StreamSnapshot = {
      seq: this.seq++,
      run: this.run,
      mark: this.markReached,
      status: this.status,
      speed: this.clock.speed,
      behind: this.behind,
      clockSec,
      firstEventSec: this.firstEventSec,
      lastEventSec: this.lastEventSec,
      totalEvents: this.source.order.length,
      processed: t.events,
      eventsPerSec: this.eventsPerSec(runMs, running),
      replaySec: runMs / 1000,
      eventsPerEventMinute: eventsPerEventMinute(t.events, this.firstEventSec, clockSec, this.lastEventSec),
      totals: { ...t, byType: [...t.byType] },
      openSessions: e.sessions.open,
      peakOpenSessions: e.sessions.peakOpen,
      closedSessions: closedSessions(t),
      sessionConversionRate: sessionConversionRate(t),
      purchasesPerCart: purchasesPerCart(t),
      online: { rolling: e.metrics.rolling(), sinceStart: e.metrics.sinceStart() },
      frozen: e.frozenMetrics ? { rolling: e.frozenMetrics.rolling(), sinceStart: e.frozenMetrics.sinceStart() } : null,
      model: {
        examplesLearned: e.model.examplesLearned,
        batches: e.model.batchesApplied,
        bias: e.model.bias,
        weights: FEATURE_NAMES.map((feature, j) => ({ feature, contribution: e.model.weights[j] })),
      },
      top: this.topSessions(),
      purchases: this.latestPurchases(),
      alertCount: e.alertCount,
      alerts: e.alerts.slice(-ALERTS_SHOWN).reverse().map((a): AlertRow => ({ session: this.sessionName(a.session), timeSec: a.timeSec, prob: a.prob, why: a.why })),
      thresholds: { high: this.options.alertThreshold, medium: this.options.mediumThreshold },
      memory: { slotCapacity: e.sessions.capacity, slotBytes: e.sessions.slotBytes(), users: e.history.users, userHistoryBytes: e.history.byteSize() },
    };
    if (running) this.advanceRateWindow(runMs);
    this.markReached = false;
    return snap;
  }

  /**
   * The latest sessions closed by a purchase, newest first. Kept out of the top table: their score is
   * the one before the purchase, so mixed with open sessions they sat above higher-scored ones.
   */
  private latestPurchases(): SessionRow[] {
    return this.engine.purchases
      .slice(-PURCHASES_SHOWN)
      .reverse()
      .map((p): SessionRow => ({ session: this.sessionName(p.session), prob: p.prob, frozenProb: null, status: 'Purchased', events: p.events, startSec: p.startSec, lastSec: p.timeSec, why: p.why }));
  }

  /** The topK open sessions by probability (ties: the older session first). */
  private topSessions(): SessionRow[] {
    const e = this.engine;
    const s = e.sessions;
    const { topK, alertThreshold: high, mediumThreshold: medium, frozen } = this.options;
    const rows: SessionRow[] = [];
    const slots = new Int32Array(topK);
    const scores = new Float64Array(topK);
    let n = 0;
    for (let slot = s.oldest; slot >= 0; slot = s.newerThan(slot)) {
      const p = s.score[slot];
      if (n === topK && !(p > scores[n - 1])) continue;
      let i = n < topK ? n++ : n - 1;
      while (i > 0 && scores[i - 1] < p) {
        scores[i] = scores[i - 1];
        slots[i] = slots[i - 1];
        i--;
      }
      scores[i] = p;
      slots[i] = slot;
    }
    // Before its first SGD step the model scores every session 0.5 with no reason: no status either
    // (every session read "High", which the alerts, held back until then, contradicted).
    const learned = e.model.batchesApplied > 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i];
      const x = e.featuresOf(slot);
      rows.push({
        session: this.sessionName(s.session[slot]),
        prob: scores[i],
        frozenProb: frozen ? frozen(x) : null,
        status: learned ? sessionStatus(scores[i], high, medium) : 'Not learned yet',
        events: s.events[slot],
        startSec: s.startSec[slot],
        lastSec: s.lastSec[slot],
        why: learned ? e.model.explain(x) : [],
      });
    }
    return rows;
  }

  private finishIfDone(): void {
    if (!this.engine.done || this.finished) return;
    this.engine.closeAll();
    this.finished = true;
    this.clock.pause();
  }
}
