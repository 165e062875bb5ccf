// Records that span several lines: a quoted field holding a line break joins the lines up to its
// closing quote into one record (RFC 4180, and how pandas and DuckDB read it). No REES46 field holds
// a line break, so in practice it is a quote left open by mistake, and the lines it joined are
// events the user would otherwise never know were read as one: counted and shown with their lines.

export interface JoinedRecordSpan {
  /** 1-based physical lines of the record's first and last line. */
  readonly line: number;
  readonly lastLine: number;
}

export interface JoinedRecordsSummary {
  /** Records (accepted or rejected) that span more than one line. */
  records: number;
  /** Physical lines those records take, in all. */
  lines: number;
  /** The first spans, by line. */
  spans: JoinedRecordSpan[];
}

export const SPANS_KEPT = 20;

export class JoinedRecordLog {
  private records = 0;
  private lines = 0;
  private readonly spans: JoinedRecordSpan[] = [];

  /** A record starting on `line` with `lineBreaks` (> 0) line breaks inside its quoted fields. */
  add(line: number, lineBreaks: number): void {
    this.records++;
    this.lines += lineBreaks + 1;
    if (this.spans.length < SPANS_KEPT) this.spans.push({ line, lastLine: line + lineBreaks });
  }

  summary(): JoinedRecordsSummary {
    return { records: this.records, lines: this.lines, spans: [...this.spans] };
  }
}

/** The summaries of consecutive parallel ranges, `lineOffsets[k]` physical lines before range k. */
export function mergeJoinedRecords(parts: readonly JoinedRecordsSummary[], lineOffsets: readonly number[]): JoinedRecordsSummary {
  const spans = parts.flatMap((p, k) => p.spans.map((s) => ({ line: s.line + lineOffsets[k], lastLine: s.lastLine + lineOffsets[k] })));
  return {
    records: parts.reduce((n, p) => n + p.records, 0),
    lines: parts.reduce((n, p) => n + p.lines, 0),
    spans: spans.slice(0, SPANS_KEPT),
  };
}

/** "lines 2–5, 4,777–5,000 and 3 more records" style text of the spans, for the app and the CLI. */
export function describeJoinedRecords(j: JoinedRecordsSummary): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const shown = j.spans.slice(0, 5).map((s) => `${fmt(s.line)}–${fmt(s.lastLine)}`);
  const more = j.records - shown.length;
  const records = j.records === 1 ? '1 record spans' : `${fmt(j.records)} records span`;
  return `${records} several lines (${fmt(j.lines)} lines in all: lines ${shown.join(', ')}${more > 0 ? ` and ${fmt(more)} more` : ''}): a quote opened in a field closes only on a later line, so those lines were read as one row, as pandas and DuckDB read them. REES46 fields hold no line breaks: look for a stray quote on the first line of each.`;
}
