// The same ingestion with papaparse as the tokenizer, the project's general-purpose CSV library.
// The byte scanner (recordScanner.ts) is the default for the known REES46 schema because it measured
// several times faster end to end (docs/BENCHMARKS.md); this path is the reference it is tested
// against and a fallback a user can pick (`--parser papaparse`). Both feed CsvIngestor.pushFields /
// the scanner into one validation routine, so accepted rows and reject reasons are identical.
import Papa from 'papaparse';
import { CsvIngestor, type IngestResult } from './csvIngestor.ts';

/** Parses CSV text chunks (any split) with papaparse; returns the same IngestResult as the byte path. */
export function ingestWithPapaparse(textChunks: Iterable<string>, fileName: string): IngestResult {
  const ingestor = new CsvIngestor({ fileName });
  let pending = '';
  let line = 1;
  let first = true;
  const feed = (text: string, final: boolean) => {
    // Papaparse parses whole strings; hand it complete records only and carry the tail. A record is
    // complete at a newline outside quotes.
    const cut = final ? text.length : lastRecordEnd(text);
    if (cut <= 0) return text;
    const body = text.slice(0, cut);
    const result = Papa.parse<string[]>(body.endsWith('\n') ? body.slice(0, -1) : body, { header: false, skipEmptyLines: false, delimiter: ',', newline: '\n' });
    // Row i starts on `line`, and spans the newlines inside its quoted fields.
    for (const row of result.data) {
      const fields = row.length > 0 && row[row.length - 1].endsWith('\r') ? [...row.slice(0, -1), row[row.length - 1].slice(0, -1)] : row;
      let inner = 0;
      for (const f of row) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) inner++;
      if (fields.length === 1 && /^[ \t]*$/.test(fields[0])) ingestor.pushBlankLine(); // only spaces and tabs: blank, as the byte scanner and pandas take it
      else ingestor.pushFields(fields, line, inner);
      line += 1 + inner;
    }
    ingestor.externalLines = line - 1;
    return text.slice(cut);
  };
  for (let chunk of textChunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    pending = feed(pending + chunk, false);
  }
  if (pending.length > 0) feed(pending, true);
  return ingestor.finish();
}

/** Index just past the last newline that is outside quotes, or 0. */
function lastRecordEnd(text: string): number {
  let inQuotes = false;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) last = i + 1;
  }
  return last;
}
