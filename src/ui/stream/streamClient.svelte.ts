// Owns the stream worker: loading a source, the replay commands, and the snapshots it posts (one per
// ~250 ms micro-batch). Counters follow at most two snapshots a second, the table, alerts and charts
// one: as fast as a person reads them, and each update re-lays out the page (measured in Chromium at
// full speed: ~10 ms of layout and paint per counter update on a 2-core machine).
import * as Comlink from 'comlink';
import type { BatchModelInfo, ReplaySpeed, StreamLoadInfo, StreamLoadProgress, StreamSettings, StreamSnapshot, StreamSource, StreamWorkerApi } from '../../../workers/stream.worker.ts';
import type { WorkerError } from '../../../workers/lib/workerOutcome.ts';
import { ingestResultDataBuffers } from '../../core/ingest/ingestTransfer.ts';
import { WorkerHandle } from '../state/workerHandle.ts';
import { downloadBlob, safeFileStem } from '../state/download.ts';
import type { ReplaySource } from './replaySource.ts';

export type { ReplaySource } from './replaySource.ts';
export type StreamLoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** One point of the time charts, sampled with the slow snapshots. */
export interface StreamHistoryPoint {
  clockSec: number;
  /** Events per minute of event time since the previous point. */
  eventsPerMinute: number;
  /** Session conversion rate since the start (sessions closed by a purchase / sessions closed). */
  conversion: number;
  rollingAuc: number;
  rollingAccuracy: number;
  rollingLogLoss: number;
  frozenRollingAuc: number | null;
}

const LIVE_MS = 500;
const SLOW_MS = 1000;
/**
 * The charts' history is published at most this often (and at every slow snapshot): a max-speed
 * replay of 1M rows sent ~60 event-time marks a second, each a full rebuild of both charts, which
 * kept the main thread busy 94 % of the time (an audit's trace: 2.1 of 3.8 s in chart.js updates).
 */
const HISTORY_MS = 250;
/** History is halved (every other point dropped) when it reaches this: the whole run stays visible. */
const HISTORY_MAX = 480;

export class StreamClient {
  status = $state<StreamLoadStatus>('idle');
  progress = $state.raw<StreamLoadProgress | null>(null);
  info = $state.raw<StreamLoadInfo | null>(null);
  /** The latest snapshot (counters). */
  live = $state.raw<StreamSnapshot | null>(null);
  /** A snapshot at most once a second (table, alerts, charts). */
  slow = $state.raw<StreamSnapshot | null>(null);
  history = $state.raw<StreamHistoryPoint[]>([]);
  error = $state.raw<WorkerError | null>(null);
  batchModel = $state.raw<(BatchModelInfo & { name: string }) | null>(null);
  modelError = $state<string | null>(null);

  private readonly worker = new WorkerHandle<StreamWorkerApi>(
    () => new Worker(new URL('../../../workers/stream.worker.ts', import.meta.url), { type: 'module', name: 'stream' }),
  );
  private loadRun = 0;
  private lastSlowMs = -Infinity;
  private lastLiveMs = -Infinity;
  private lastPoint: { processed: number; clockSec: number } | null = null;
  private disposed = false;

  get ready(): boolean {
    return this.status === 'ready' && this.live !== null;
  }

  async load(source: ReplaySource, settings: StreamSettings = {}): Promise<void> {
    const run = ++this.loadRun;
    this.status = 'loading';
    this.progress = { rows: 0, fraction: 0 };
    this.error = null;
    // The previous source's description (rejected rows…) must not outlive it.
    this.info = null;
    this.live = null;
    this.slow = null;
    this.resetView();
    const onSnapshot = Comlink.proxy((s: StreamSnapshot) => {
      if (run === this.loadRun) this.accept(s);
    });
    const onProgress = Comlink.proxy((p: StreamLoadProgress) => {
      if (run === this.loadRun) this.progress = p;
    });
    const onFailure = Comlink.proxy((e: WorkerError) => {
      if (run === this.loadRun) this.error = e;
    });
    try {
      let workerSource: StreamSource;
      if (source.kind === 'loaded') {
        const copied = await source.copy();
        if (run !== this.loadRun || this.disposed) return;
        if (!copied.ok) {
          this.error = copied.error;
          this.status = 'failed';
          return;
        }
        workerSource = Comlink.transfer({ kind: 'events' as const, name: source.name, data: copied.value }, ingestResultDataBuffers(copied.value));
      } else workerSource = source.kind === 'demo' ? { kind: 'demo', rows: source.rows, seed: source.seed } : source;
      const out = await this.worker.api.load(workerSource, settings, onSnapshot, onProgress, onFailure);
      if (run !== this.loadRun || this.disposed) return;
      if (out.ok) {
        this.info = out.value;
        this.status = 'ready';
      } else if (out.error.code === 'cancelled') {
        this.status = 'idle';
      } else {
        this.error = out.error;
        this.status = 'failed';
      }
    } catch (err) {
      if (run !== this.loadRun) return;
      this.error = { code: 'internal', message: `The stream worker stopped: ${(err as Error).message}` };
      this.status = 'failed';
    } finally {
      if (run === this.loadRun) this.progress = null;
    }
  }

  play = () => this.send((api) => api.play());
  pause = () => this.send((api) => api.pause());
  step = (events = 1) => this.send((api) => api.step(events));
  restart = () => this.send((api) => api.restart(), true);
  seek = (timeSec: number) => this.send((api) => api.seek(timeSec), true);
  setSpeed = (speed: ReplaySpeed) => this.send((api) => api.setSpeed(speed));
  setThresholds = (high: number, medium: number) => this.send((api) => api.setThresholds(high, medium));
  configure = (settings: StreamSettings) => this.send((api) => api.configure(settings), true);

  /** A saved model file the user picked, or a model object (a trained logistic model, a parsed model file); null removes it. */
  async setBatchModel(model: File | object | null, warmStart: boolean, name = model instanceof File ? model.name : 'the batch model'): Promise<void> {
    this.modelError = null;
    const out = await this.worker.api.setBatchModel(model, warmStart);
    if (this.disposed) return;
    if (out.ok) {
      this.batchModel = out.value ? { ...out.value, name } : null;
      this.resetView();
    } else {
      this.modelError = `${out.error.message}. The replay goes on with ${this.batchModel ? this.batchModel.name : 'no batch model'}.`;
    }
  }

  /** Saves the rejected rows of a file this tab parsed: counts by reason, examples, every line. */
  async downloadRejectedRows(): Promise<void> {
    if (!this.worker.started) return;
    const out = await this.worker.api.rejectedRowsReport();
    if (this.disposed) return;
    if (!out.ok) this.error = out.error;
    else if (out.value) downloadBlob(new Blob([out.value.csv], { type: 'text/csv' }), `${safeFileStem(out.value.name)}-rejected-rows.csv`);
  }

  /**
   * Ends the replay and its worker (a load in flight is dropped): the tab shows nothing replayed until
   * a source is loaded again. For a source the user has to ask for first, so the previous data's
   * replay does not go on under a question about the new one.
   */
  unload(): void {
    this.loadRun++;
    this.worker.terminate();
    this.status = 'idle';
    this.progress = null;
    this.info = null;
    this.live = null;
    this.slow = null;
    this.error = null;
    // The batch model lived in the ended worker; the tab hands it over again once a replay is ready.
    this.batchModel = null;
    this.modelError = null;
    this.resetView();
  }

  dispose(): void {
    this.disposed = true;
    this.loadRun++;
    this.worker.terminate();
  }

  private async send(body: (api: Comlink.Remote<StreamWorkerApi>) => Promise<{ ok: boolean; error?: WorkerError }>, resets = false): Promise<void> {
    if (!this.worker.started || this.status !== 'ready') return;
    if (resets) this.resetView();
    const out = await body(this.worker.api);
    if (!out.ok && out.error && !this.disposed) this.error = out.error;
  }

  /** Every point so far; `history` is a copy of it published at most every HISTORY_MS. */
  private points: StreamHistoryPoint[] = [];
  private lastHistoryMs = -Infinity;

  private resetView(): void {
    this.history = [];
    this.points = [];
    this.lastHistoryMs = -Infinity;
    this.lastPoint = null;
    this.lastSlowMs = -Infinity;
    this.lastLiveMs = -Infinity;
  }

  private accept(s: StreamSnapshot): void {
    if (this.live && s.run !== this.live.run) this.resetView();
    const now = performance.now();
    const statusChanged = this.live?.status !== s.status || this.live?.run !== s.run;
    // Counters skip a snapshot that comes too soon, unless the replay changed state (pause, finish).
    if (statusChanged || now - this.lastLiveMs >= LIVE_MS) {
      this.live = s;
      this.lastLiveMs = now;
    }
    if (!statusChanged && this.slow?.status === s.status && now - this.lastSlowMs < SLOW_MS) {
      // A max-speed replay's event-time marks are chart points however fast they come (the slower
      // panels still wait for their turn).
      if (s.mark) {
        this.addPoint(s);
        if (now - this.lastHistoryMs >= HISTORY_MS) this.publishHistory(now);
      }
      return;
    }
    this.lastSlowMs = now;
    this.slow = s;
    this.addPoint(s);
    this.publishHistory(now);
  }

  private publishHistory(now: number): void {
    if (this.history.length === this.points.length && this.history[this.history.length - 1] === this.points[this.points.length - 1]) return;
    this.history = this.points.slice();
    this.lastHistoryMs = now;
  }

  private addPoint(s: StreamSnapshot): void {
    if (!Number.isFinite(s.clockSec)) return;
    const prev = this.lastPoint;
    const point: StreamHistoryPoint = {
      clockSec: s.clockSec,
      eventsPerMinute: prev && s.clockSec > prev.clockSec ? ((s.processed - prev.processed) * 60) / (s.clockSec - prev.clockSec) : NaN,
      conversion: s.sessionConversionRate,
      rollingAuc: s.online.rolling.auc,
      rollingAccuracy: s.online.rolling.accuracy,
      rollingLogLoss: s.online.rolling.logLoss,
      frozenRollingAuc: s.frozen ? s.frozen.rolling.auc : null,
    };
    this.lastPoint = { processed: s.processed, clockSec: s.clockSec };
    if (prev && s.clockSec <= prev.clockSec) return;
    this.points.push(point);
    if (this.points.length > HISTORY_MAX) this.points = this.points.filter((_, i) => i % 2 === 1);
  }
}
