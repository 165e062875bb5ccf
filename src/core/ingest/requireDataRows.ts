// A CSV with a header line and no data row is refused, by the app when it loads the file and by the
// CLI's commands alike (the same condition, code and words): without it a load would report 0
// sessions, and a script would go on with nothing.
import { IngestError, type IngestResult } from './csvIngestor.ts';
import { rejectionReportCsv } from '../csv/rejections.ts';

/** Throws IngestError('empty_file') when the file had no data row at all: none valid, none rejected. */
export function requireDataRows<T extends IngestResult>(ingest: T): T {
  if (ingest.rows === 0 && ingest.rejected.total === 0) {
    throw new IngestError('empty_file', `${ingest.fileName} has a header line but no data rows: there is nothing to load`, ingest.lines);
  }
  return ingest;
}

/**
 * The app's rule: a file with no valid row is refused too (every row rejected), with what was wrong,
 * so it does not replace the data loaded before with nothing (Explore of 0 events, Train of 0
 * sessions). The error carries the rejected rows for the app to offer as a download. The CLI reads
 * such a file and prints its rejections instead (requireDataRows only), except `train`, which has
 * nothing to train on and says why with `whereToSeeThem` pointing at `features --rejected`.
 */
export function requireValidRows<T extends IngestResult>(ingest: T, whereToSeeThem = 'Every rejected line with its reason: “Rejected rows (CSV)” here.'): T {
  requireDataRows(ingest);
  if (ingest.rows > 0) return ingest;
  const { total, byReason, examples } = ingest.rejected;
  const reasons = Object.entries(byReason)
    .map(([reason, n]) => {
      const first = examples.find((e) => e.reason === reason);
      return `${reason} ${n?.toLocaleString('en-US')}${first ? ` (first on line ${first.line})` : ''}`;
    })
    .join(', ');
  const rows = total === 1 ? 'its one row was' : `all ${total.toLocaleString('en-US')} rows were`;
  throw new IngestError(
    'empty_file',
    `${ingest.fileName} has no valid rows: ${rows} rejected (${reasons}), so there is nothing to load. ${whereToSeeThem}`,
    ingest.rejected.examples[0]?.line,
    { fileName: ingest.fileName, csv: rejectionReportCsv(ingest.rejected, ingest.fileName) },
  );
}
