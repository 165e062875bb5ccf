// Session features over the events kept by the leakage cut: the pipeline from event columns to a
// FeatureTable. featureRows.ts computes the features (see featureDefinitions.ts for each one's
// definition and scope), userHistory.ts the two user history columns.
import type { EventColumnsData } from '../sessions/eventColumns.ts';
import type { ByteStringTable } from '../sessions/byteStringTable.ts';
import { FEATURE_NAMES, FEATURES, featureIndex } from './featureDefinitions.ts';
import { columnFor, featureMaxValue } from './featureColumns.ts';
import type { FeatureTable } from './featureTable.ts';
import { gatherUuids, packPooledIds } from './packedIds.ts';
import { runSteps, runStepsPausing } from '../steps/runSteps.ts';
import { computeUserHistory } from './userHistory.ts';
import { SessionBlock } from './sessionBlock.ts';
import { collectSessionTimes, countBuyerSessions } from './sessionTimes.ts';
import { F, FeatureRows, featureRowCount } from './featureRows.ts';

/**
 * `faithful`: keep events with event_time <= first purchase time (the original project's rule; the
 * purchase itself stays in). `strict`: keep only event_time < first purchase time; a buyer session
 * with nothing left is dropped.
 */
export type CutMode = 'faithful' | 'strict';

export interface FeatureOptions {
  cut: CutMode;
  /** Early prediction: only the first k kept events (by time, ties in file order) of each session. */
  firstK?: number;
}

export interface FeatureStats {
  sessions: number;
  buyerSessions: number;
  /** Events the cut keeps, over all sessions. */
  keptEvents: number;
  /** Events removed by the cut (after the first purchase; under `strict` the purchase too). */
  droppedAfterCut: number;
  /** Buyer sessions with no event left before their purchase (dropped; always 0 under `faithful`). */
  emptyAfterCut: number;
  featureRows: number;
}

export interface SessionFeatureResult {
  table: FeatureTable;
  stats: FeatureStats;
  /** Session index (into the sessions dictionary) of each feature row. */
  rowSession: Int32Array;
}

export function computeSessionFeatures(
  events: EventColumnsData,
  sessions: ByteStringTable,
  opts: FeatureOptions,
): SessionFeatureResult {
  return runSteps(sessionFeatureSteps(events, sessions, opts));
}

/**
 * computeSessionFeatures with `pause()` awaited between its stages. A worker busy in one synchronous
 * computation never collects garbage, so every stage's scratch (the user-history sort, 295 MB on the
 * month) stayed until the end beside the next stage's; a pause lets the collector free the previous
 * stage's first.
 */
export function computeSessionFeaturesPausing(events: EventColumnsData, sessions: ByteStringTable, opts: FeatureOptions, pause: () => Promise<void>): Promise<SessionFeatureResult> {
  return runStepsPausing(sessionFeatureSteps(events, sessions, opts), pause);
}

function* sessionFeatureSteps(events: EventColumnsData, sessions: ByteStringTable, opts: FeatureOptions): Generator<void, SessionFeatureResult> {
  const nS = sessions.size;
  // Pass 1, session by session: first purchase and start of every session (the cut and the history).
  const times = collectSessionTimes(events, nS);
  const buyerSessions = countBuyerSessions(times);
  const rows = featureRowCount(times, opts);

  // The user history first, while only the events are loaded: its sort takes 32 bytes a session
  // (295 MB on the month), garbage before the feature columns exist instead of beside them at the
  // end. It needs only each session's user, start and first purchase, so it is the same under every
  // cut; written into columns of the type the table gives them.
  const historyColumn = (name: string) => columnFor(featureMaxValue(FEATURES[featureIndex(name)], { sessionEvents: 0, sessions: nS }), nS);
  const history = computeUserHistory(times, { priorSessions: historyColumn('prior_sessions'), priorPurchaseSessions: historyColumn('prior_purchase_sessions') });
  yield;

  // Pass 2: blocks of whole sessions, each copied once into small arrays the feature passes share.
  let block: SessionBlock | null = new SessionBlock(events);
  const out = new FeatureRows(rows, times, block.capacity, opts);
  while (block.next()) out.addBlock(block);
  if (out.rows !== rows) throw new Error(`session features: ${out.rows} rows written, ${rows} expected`);
  block = null;
  yield;

  const { rowSession, columns } = out;
  if (rows === nS) {
    // Every session has a row, in session order: the history columns are the table's (the ones
    // FeatureRows made were never written, so their pages were never committed).
    columns[F.prior_sessions] = history.priorSessions;
    columns[F.prior_purchase_sessions] = history.priorPurchaseSessions;
  } else {
    const priorSessions = columns[F.prior_sessions];
    const priorPurchaseSessions = columns[F.prior_purchase_sessions];
    for (let r = 0; r < rows; r++) {
      priorSessions[r] = history.priorSessions[rowSession[r]];
      priorPurchaseSessions[r] = history.priorPurchaseSessions[rowSession[r]];
    }
  }

  const table: FeatureTable = {
    names: FEATURE_NAMES,
    rows,
    columns,
    label: out.label,
    sessionIds: packSessionIds(sessions, rowSession, rows),
  };
  return {
    table,
    rowSession,
    stats: {
      sessions: nS,
      buyerSessions,
      keptEvents: out.keptEvents,
      droppedAfterCut: events.length - out.keptEvents,
      emptyAfterCut: out.emptyAfterCut,
      featureRows: rows,
    },
  };
}

/** The user_session ids of the rows, from the sessions dictionary's pool (packedIds.ts). */
function packSessionIds(sessions: ByteStringTable, rowSession: Int32Array, rows: number): FeatureTable['sessionIds'] {
  const { starts, lengths, pool, uuids } = sessions.toData();
  return uuids ? gatherUuids(uuids, rowSession, rows) : packPooledIds(pool, starts, lengths, rowSession, rows);
}
