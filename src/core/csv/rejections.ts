// Rejected rows: counted by reason, with line numbers and the first few raw examples per reason,
// so the user sees what was dropped and where (nothing is dropped silently).

export const REJECT_REASONS = {
  field_count: 'wrong number of fields (too few or too many commas; a quote left open also joins the lines after it into one record)',
  bad_time: 'event_time is not a real UTC time "YYYY-MM-DD HH:MM:SS UTC" (T, Z, +00:00 or no zone also read as UTC)',
  unknown_event_type: 'event_type is not view, cart, purchase or remove_from_cart',
  bad_product_id: 'product_id is not an integer in 0…4294967295',
  bad_category_id: 'category_id is not digits (0–9 only, kept as text)',
  bad_price: 'price is empty, negative or not a finite number',
  bad_user_id: 'user_id is not an integer in 0…4294967295',
  empty_session: 'user_session is empty',
  repeated_header: 'a repeated header line',
  unterminated_quote: 'a quoted field is never closed, or still open 64 KiB after its line starts (the rest of the line that opened it was skipped)',
  line_too_long: 'the line is longer than 64 KiB (a REES46 row is ~130 bytes; skipped up to its end)',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

export interface RejectExample {
  readonly line: number;
  readonly reason: RejectReason;
  /** The raw row text, cut to 200 characters. */
  readonly text: string;
}

export interface RejectionSummary {
  total: number;
  byReason: Partial<Record<RejectReason, number>>;
  examples: RejectExample[];
  /** Line numbers of rejected rows (up to MAX_LINES_KEPT), for the downloadable report. */
  lines: number[];
  /** The reason of each of `lines`. */
  lineReasons: RejectReason[];
  linesTruncated: boolean;
}

const EXAMPLES_PER_REASON = 5;
const MAX_LINES_KEPT = 100_000;

export class RejectionLog {
  total = 0;
  private readonly counts = new Map<RejectReason, number>();
  private readonly examples: RejectExample[] = [];
  private readonly lines: number[] = [];
  private readonly lineReasons: RejectReason[] = [];
  private linesTruncated = false;

  add(reason: RejectReason, line: number, rawText: () => string): void {
    this.total++;
    const n = (this.counts.get(reason) ?? 0) + 1;
    this.counts.set(reason, n);
    if (n <= EXAMPLES_PER_REASON) {
      const text = rawText();
      this.examples.push({ line, reason, text: text.length > 200 ? `${text.slice(0, 200)}…` : text });
    }
    if (this.lines.length < MAX_LINES_KEPT) {
      this.lines.push(line);
      this.lineReasons.push(reason);
    } else this.linesTruncated = true;
  }

  summary(): RejectionSummary {
    const byReason: Partial<Record<RejectReason, number>> = {};
    for (const reason of Object.keys(REJECT_REASONS) as RejectReason[]) {
      const n = this.counts.get(reason);
      if (n) byReason[reason] = n;
    }
    const examples = [...this.examples].sort((a, b) => a.line - b.line);
    return { total: this.total, byReason, examples, lines: [...this.lines], lineReasons: [...this.lineReasons], linesTruncated: this.linesTruncated };
  }
}

/** A CSV report of rejected rows (the app's download, the CLI's --rejected): counts by reason, examples, then every line with its reason. */
export function rejectionReportCsv(summary: RejectionSummary, fileName: string): string {
  const out = [`# rejected rows of ${fileName.replace(/[\r\n]/g, ' ')}: ${summary.total} in total`, 'reason,count,explanation'];
  for (const [reason, count] of Object.entries(summary.byReason)) {
    out.push(`${reason},${count},${csvQuoted(REJECT_REASONS[reason as RejectReason])}`);
  }
  out.push('', 'line,reason,text');
  for (const ex of summary.examples) out.push(`${ex.line},${ex.reason},${csvQuoted(ex.text)}`);
  out.push('', `line,reason${summary.linesTruncated ? ' (the first 100000 lines)' : ''}`);
  summary.lines.forEach((line, i) => out.push(`${line},${summary.lineReasons[i]}`));
  return `${out.join('\n')}\n`;
}

function csvQuoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Merges the rejection summaries of consecutive parallel ranges. `lineOffsets[k]` is the number of
 * physical lines before range k, so line numbers come out as if one reader had read the whole file.
 */
export function mergeRejections(parts: readonly RejectionSummary[], lineOffsets: readonly number[]): RejectionSummary {
  const byReason: Partial<Record<RejectReason, number>> = {};
  const examples: RejectExample[] = [];
  const lines: number[] = [];
  const lineReasons: RejectReason[] = [];
  let total = 0;
  let linesTruncated = false;
  parts.forEach((p, k) => {
    total += p.total;
    for (const [reason, n] of Object.entries(p.byReason) as [RejectReason, number][]) byReason[reason] = (byReason[reason] ?? 0) + n;
    for (const ex of p.examples) examples.push({ ...ex, line: ex.line + lineOffsets[k] });
    p.lines.forEach((line, i) => {
      if (lines.length < MAX_LINES_KEPT) {
        lines.push(line + lineOffsets[k]);
        lineReasons.push(p.lineReasons[i]);
      } else linesTruncated = true;
    });
    linesTruncated ||= p.linesTruncated;
  });
  examples.sort((a, b) => a.line - b.line);
  const perReason = new Map<RejectReason, number>();
  const kept = examples.filter((ex) => {
    const n = (perReason.get(ex.reason) ?? 0) + 1;
    perReason.set(ex.reason, n);
    return n <= EXAMPLES_PER_REASON;
  });
  const ordered: Partial<Record<RejectReason, number>> = {};
  for (const reason of Object.keys(REJECT_REASONS) as RejectReason[]) if (byReason[reason]) ordered[reason] = byReason[reason];
  return { total, byReason: ordered, examples: kept, lines, lineReasons, linesTruncated };
}
