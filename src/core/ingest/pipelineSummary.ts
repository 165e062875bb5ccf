// The summary of one CSV → features run, as shown in the app and written by `cli features --summary`.
import { EVENT_TYPE_NAMES, type EventTypeName } from '../csv/schema.ts';
import type { RejectionSummary } from '../csv/rejections.ts';
import type { JoinedRecordsSummary } from '../csv/joinedRecords.ts';
import type { EventColumnsData } from '../sessions/eventColumns.ts';
import type { CutMode, FeatureStats } from '../features/sessionFeatures.ts';
import type { IngestResult } from './csvIngestor.ts';

export interface PipelineSummary {
  file: string;
  bytes: number;
  /** Physical lines read, header included. */
  lines: number;
  /** Valid events. */
  rows: number;
  blankLines: number;
  rejected: Omit<RejectionSummary, 'lines' | 'lineReasons' | 'linesTruncated'>;
  /** Records that span several lines (a quoted field holding a line break). */
  joinedRecords: JoinedRecordsSummary;
  eventCounts: Record<EventTypeName, number>;
  sessions: number;
  buyerSessions: number;
  /** Sessions with a purchase / all sessions. */
  sessionConversionRate: number;
  cut: CutMode;
  keptEvents: number;
  droppedAfterCut: number;
  emptyAfterCut: number;
  featureRows: number;
  /** Wall-clock seconds, parse + features. */
  seconds: number;
  timings: PipelineTimings;
}

/** Wall-clock seconds of each stage (the app fills in all; the CLI has no insights stage). */
export interface PipelineTimings {
  /** Reading and parsing the file, merge of parallel ranges included. */
  parseSec: number;
  /** Of parseSec: merging the ranges parsed in parallel (0 with one reader). */
  mergeSec?: number;
  featuresSec: number;
  /** Range workers that parsed in parallel (1: one reader). */
  workers?: number;
}

export function countEventTypes(events: EventColumnsData): Record<EventTypeName, number> {
  const counts = new Float64Array(EVENT_TYPE_NAMES.length);
  for (let i = 0; i < events.length; i++) counts[events.type[i]]++;
  return Object.fromEntries(EVENT_TYPE_NAMES.map((n, i) => [n, counts[i]])) as Record<EventTypeName, number>;
}

export function buildPipelineSummary(
  ingest: IngestResult,
  cut: CutMode,
  stats: FeatureStats,
  timings: PipelineTimings,
): PipelineSummary {
  const { lines: _lines, lineReasons: _r, linesTruncated: _t, ...rejected } = ingest.rejected;
  return {
    file: ingest.fileName,
    bytes: ingest.bytes,
    lines: ingest.lines,
    rows: ingest.rows,
    blankLines: ingest.blankLines,
    rejected,
    joinedRecords: ingest.joinedRecords,
    eventCounts: countEventTypes(ingest.events),
    sessions: stats.sessions,
    buyerSessions: stats.buyerSessions,
    sessionConversionRate: stats.sessions > 0 ? stats.buyerSessions / stats.sessions : 0,
    cut,
    keptEvents: stats.keptEvents,
    droppedAfterCut: stats.droppedAfterCut,
    emptyAfterCut: stats.emptyAfterCut,
    featureRows: stats.featureRows,
    seconds: Math.round((timings.parseSec + timings.featuresSec) * 1000) / 1000,
    timings,
  };
}
