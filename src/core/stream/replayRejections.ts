// What the Live stream says about the rows it could not replay, when it parsed the file itself (a
// file picked in the tab). The rows were counted by reason while parsing (csv/rejections.ts); this
// keeps the counts, each reason's explanation and a few line numbers, small enough to show in full
// next to the source, so a replay of a dirty file never looks like a clean one.
import { REJECT_REASONS, type RejectReason, type RejectionSummary } from '../csv/rejections.ts';

export interface RejectedReasonLine {
  readonly reason: RejectReason;
  readonly count: number;
  /** REJECT_REASONS' words for it. */
  readonly explanation: string;
  /** The first few line numbers (1-based, the header is line 1) with this reason, ascending. */
  readonly lines: readonly number[];
}

export interface ReplayRejections {
  readonly total: number;
  /** In REJECT_REASONS order; only reasons that occurred. */
  readonly reasons: readonly RejectedReasonLine[];
}

/** Line numbers shown per reason: enough to find the rows in an editor, few enough to read at a glance. */
export const LINES_PER_REASON = 3;

export function replayRejections(summary: RejectionSummary, linesPerReason = LINES_PER_REASON): ReplayRejections {
  const reasons: RejectedReasonLine[] = [];
  for (const reason of Object.keys(REJECT_REASONS) as RejectReason[]) {
    const count = summary.byReason[reason] ?? 0;
    if (count === 0) continue;
    // `examples` keeps the first rows of every reason (5 each); `lines` may hold only the first 100,000
    // of all reasons together, so the examples are the reliable source of a reason's first lines.
    const fromExamples = summary.examples.filter((ex) => ex.reason === reason).map((ex) => ex.line);
    const fromLines = summary.lines.filter((_, i) => summary.lineReasons[i] === reason);
    const lines = [...new Set([...fromExamples, ...fromLines])].sort((a, b) => a - b).slice(0, linesPerReason);
    reasons.push({ reason, count, explanation: REJECT_REASONS[reason], lines });
  }
  return { total: summary.total, reasons };
}
