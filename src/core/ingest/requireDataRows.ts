// A CSV with a header line and no data row is refused, by the app when it loads the file and by the
// CLI's commands alike (the same condition, code and words): without it a load would report 0
// sessions, and a script would go on with nothing.
import { IngestError, type IngestResult } from './csvIngestor.ts';

/** Throws IngestError('empty_file') when the file had no data row at all: none valid, none rejected. */
export function requireDataRows<T extends IngestResult>(ingest: T): T {
  if (ingest.rows === 0 && ingest.rejected.total === 0) {
    throw new IngestError('empty_file', `${ingest.fileName} has a header line but no data rows: there is nothing to load`, ingest.lines);
  }
  return ingest;
}
