// Stream worker: loads the replay source (a File or demo data) into columns, then runs the replay
// controller in time-boxed slices and posts one snapshot per ~250 ms micro-batch. Thin: the replay,
// features, model and metrics live in src/core/stream; this file schedules them and crosses comlink.
import * as Comlink from 'comlink';
import { CsvIngestor } from '../src/core/ingest/csvIngestor.ts';
import { ingestResultFromData, type IngestResultData } from '../src/core/ingest/ingestTransfer.ts';
import { ReplayController, type ReplayOptions } from '../src/core/stream/replayController.ts';
import type { ReplaySpeed } from '../src/core/stream/replayClock.ts';
import type { StreamSnapshot } from '../src/core/stream/streamSnapshot.ts';
import { FEATURE_NAMES } from '../src/core/features/featureDefinitions.ts';
import { linearModelFromJson, linearScorer, type LinearModelParams } from '../src/core/stream/linearModel.ts';
import { replayRejections, type ReplayRejections } from '../src/core/stream/replayRejections.ts';
import { rejectionReportCsv, type RejectionSummary } from '../src/core/csv/rejections.ts';
import { blobSource, demoSource, type ByteSource } from './lib/byteSources.ts';
import { progressThrottle } from './lib/progressThrottle.ts';
import { RunControl, yieldToEvents } from './lib/runControl.ts';
import { failure, toWorkerError, type Outcome, type WorkerError } from './lib/workerOutcome.ts';

export type { StreamSnapshot } from '../src/core/stream/streamSnapshot.ts';
export type { ReplaySpeed } from '../src/core/stream/replayClock.ts';

/** Where the replayed events come from: generated demo data, or a REES46-format CSV the user picked. */
/** `events`: the events the loading worker already parsed (a transferred copy), so nothing is read again. */
export type StreamSource = { kind: 'demo'; rows: number; seed: number } | { kind: 'file'; file: File } | { kind: 'events'; name: string; data: IngestResultData };

/** Settings that restart the replay when changed (the model must see the stream from its start). */
export type StreamSettings = Partial<Pick<ReplayOptions, 'speed' | 'timeoutSec' | 'metricsWindow' | 'alertThreshold' | 'mediumThreshold' | 'topK'>> & {
  batchSize?: number;
  learningRate?: number;
};

export interface StreamLoadInfo {
  name: string;
  events: number;
  sessions: number;
  rejectedRows: number;
  /**
   * The rows this worker rejected while parsing the source itself (a picked file, demo data), by
   * reason with example lines; null for events handed over from the Load section, whose rejected
   * rows the Load view already shows.
   */
  rejected: ReplayRejections | null;
  firstEventSec: number;
  lastEventSec: number;
}

export interface StreamLoadProgress {
  rows: number;
  /** 0…1 of the reading, from bytes (files) or rows (demo data). */
  fraction: number;
}

export interface BatchModelInfo {
  features: number;
  warmStart: boolean;
}

/** Wall time between snapshots, and the longest slice of replay work between two looks at messages. */
const TICK_MS = 250;
const SLICE_MS = 30;
const IDLE_POLL_MS = 40;

let controller: ReplayController | null = null;
/** The rejected rows of the source this worker parsed, for the downloadable report. */
let parsedRejections: { name: string; summary: RejectionSummary } | null = null;
let snapshotSink: ((s: StreamSnapshot) => void) | null = null;
let failureSink: ((e: WorkerError) => void) | null = null;
let batchModel: LinearModelParams | null = null;
let warmStart = false;
let settings: StreamSettings = {};
let lastEmit = -Infinity;
let dirty = false;
let lastStatus = '';
let timer: ReturnType<typeof setTimeout> | null = null;
const loads = new RunControl();

function engineOptions(): Partial<ReplayOptions> {
  const { batchSize, learningRate, ...rest } = settings;
  return {
    ...rest,
    model: { ...(batchSize ? { batchSize } : {}), ...(learningRate ? { learningRate } : {}), warmStart: warmStart ? batchModel : null },
    frozen: batchModel ? linearScorer(batchModel, FEATURE_NAMES) : null,
  };
}

/** The replay loop: a slice of work, a snapshot when a tick is due (or something changed), repeat. */
function pump(): void {
  timer = null;
  if (!controller) return;
  let more = false;
  try {
    more = controller.work(SLICE_MS);
  } catch (err) {
    // Reported, not lost: the replay pauses where it failed and the tab shows why.
    controller.pause();
    dirty = true;
    failureSink?.(toWorkerError(err, 'The replay'));
  }
  const now = performance.now();
  const status = controller.status;
  const active = status === 'playing' || status === 'seeking';
  // Also when the replay stopped by itself (finished, or a seek landed while paused).
  if (dirty || status !== lastStatus || controller.atMark || (active && now - lastEmit >= TICK_MS)) emit();
  timer = setTimeout(pump, more ? 0 : IDLE_POLL_MS);
}

function emit(): void {
  if (!controller || !snapshotSink) return;
  lastEmit = performance.now();
  lastStatus = controller.status;
  dirty = false;
  snapshotSink(controller.snapshot());
}

function command(body: (c: ReplayController) => void): Outcome<null> {
  if (!controller) return failure('no_data', 'Nothing is loaded to replay yet.');
  try {
    body(controller);
  } catch (err) {
    return { ok: false, error: toWorkerError(err, 'The stream') };
  }
  dirty = true;
  if (timer === null) timer = setTimeout(pump, 0);
  return { ok: true, value: null };
}

async function ingest(source: ByteSource, run: number, onProgress: (p: StreamLoadProgress) => void) {
  const ingestor = new CsvIngestor({ fileName: source.name, expectedBytes: source.totalBytes ?? (source.totalRows ?? 0) * 115 });
  const progress = progressThrottle(onProgress);
  let read = 0;
  for await (const chunk of source.chunks()) {
    loads.check(run);
    ingestor.push(chunk);
    read += chunk.length;
    const fraction = source.totalBytes ? read / source.totalBytes : source.totalRows ? ingestor.rows / source.totalRows : 0;
    progress.offer(() => ({ rows: ingestor.rows, fraction }));
    await yieldToEvents();
  }
  const data = ingestor.finish();
  progress.flush({ rows: data.rows, fraction: 1 });
  return data;
}

const api = {
  /**
   * Loads a source and prepares a paused replay; snapshots go to `onSnapshot` from then on, and a
   * failure during the replay (after this call has returned) to `onFailure`.
   */
  async load(
    source: StreamSource,
    initial: StreamSettings,
    onSnapshot: (s: StreamSnapshot) => void,
    onProgress: (p: StreamLoadProgress) => void,
    onFailure: (e: WorkerError) => void,
  ): Promise<Outcome<StreamLoadInfo>> {
    const run = loads.begin();
    controller = null;
    parsedRejections = null;
    snapshotSink = onSnapshot;
    failureSink = onFailure;
    settings = { ...initial };
    if (source.kind === 'demo' && !(Number.isSafeInteger(source.rows) && source.rows > 0)) {
      return failure('bad_request', `demo data needs a positive number of rows, got ${source.rows}`);
    }
    const bytes = source.kind === 'file' ? blobSource(source.file, source.file.name) : source.kind === 'demo' ? demoSource({ rows: source.rows, seed: source.seed }) : null;
    const name = bytes ? bytes.name : source.kind === 'events' ? source.name : '';
    try {
      const data = bytes ? await ingest(bytes, run, (p) => void onProgress(p)) : ingestResultFromData((source as { data: IngestResultData }).data);
      if (data.rows === 0) return failure('no_data', `${name} has no valid events to replay.`);
      loads.check(run);
      const c = new ReplayController({ events: data.events, sessionCount: data.dict.sessions.size }, engineOptions(), (i) => data.dict.sessions.get(i), () => performance.now());
      controller = c;
      if (bytes) parsedRejections = { name, summary: data.rejected };
      dirty = true;
      if (timer === null) timer = setTimeout(pump, 0);
      const first = c.snapshot();
      return {
        ok: true,
        value: {
          name,
          events: data.rows,
          sessions: data.dict.sessions.size,
          rejectedRows: data.rejected.total,
          rejected: bytes ? replayRejections(data.rejected) : null,
          firstEventSec: first.firstEventSec,
          lastEventSec: first.lastEventSec,
        },
      };
    } catch (err) {
      return { ok: false, error: toWorkerError(err, source.kind === 'file' ? `Loading ${source.file.name}` : source.kind === 'demo' ? 'Generating demo data' : `Preparing ${name}`) };
    }
  },

  /** The rejected rows of the source this worker parsed, as the CSV report the Load view also offers; null when there is none. */
  rejectedRowsReport(): Outcome<{ name: string; csv: string } | null> {
    if (!parsedRejections || parsedRejections.summary.total === 0) return { ok: true, value: null };
    return { ok: true, value: { name: parsedRejections.name, csv: rejectionReportCsv(parsedRejections.summary, parsedRejections.name) } };
  },

  cancelLoad(): void {
    loads.cancel();
  },

  play: () => command((c) => c.play()),
  pause: () => command((c) => c.pause()),
  step: (events = 1) => command((c) => c.step(events)),
  restart: () => command((c) => c.restart()),
  seek: (timeSec: number) => command((c) => c.seek(timeSec)),
  setSpeed: (speed: ReplaySpeed) => command((c) => c.setSpeed(speed)),
  setThresholds: (high: number, medium: number) => command((c) => c.setThresholds(high, medium)),

  /** Changes settings that only make sense from the start of the stream, and restarts. */
  configure(next: StreamSettings): Outcome<null> {
    settings = { ...settings, ...next };
    return command((c) => {
      if (next.speed !== undefined) c.setSpeed(next.speed);
      c.restart(engineOptions());
    });
  },

  /**
   * Takes a saved logistic model (the Train view's model file, or {names, mean, std, weights, bias})
   * as the frozen batch model scored on the same labels, and optionally as the online model's warm
   * start; restarts the replay. null removes it.
   */
  async setBatchModel(model: File | object | null, useAsWarmStart: boolean): Promise<Outcome<BatchModelInfo | null>> {
    let next: LinearModelParams | null;
    try {
      next = model === null ? null : linearModelFromJson(model instanceof Blob ? JSON.parse(await model.text()) : model);
      if (next) linearScorer(next, FEATURE_NAMES); // refuses a model over features the stream lacks
    } catch (err) {
      // The replay keeps the model it had.
      return { ok: false, error: { code: 'bad_request', message: err instanceof SyntaxError ? `That file is not JSON: ${err.message}` : (err as Error).message } };
    }
    batchModel = next;
    warmStart = useAsWarmStart && batchModel !== null;
    if (controller) {
      const restarted = command((c) => c.restart(engineOptions()));
      if (!restarted.ok) return restarted;
    }
    return { ok: true, value: batchModel ? { features: batchModel.names.length, warmStart } : null };
  },

  /** Stops the loop and drops the loaded events. */
  dispose(): void {
    loads.cancel();
    controller = null;
    parsedRejections = null;
    snapshotSink = null;
    failureSink = null;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  },
};

export type StreamWorkerApi = typeof api;

Comlink.expose(api);
