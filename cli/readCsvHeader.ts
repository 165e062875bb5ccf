// The header of a local CSV file as the app reads it: which field holds which REES46 column. `sql`
// uses it so the script reads a file with the columns in another order (or with extra columns) as the
// app does, by name, instead of by the usual positions.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CsvIngestor, IngestError } from '../src/core/ingest/csvIngestor.ts';
import { MAX_LINE_BYTES } from '../src/core/csv/recordScanner.ts';
import type { ColumnLayout } from '../src/core/csv/schema.ts';

/**
 * The column layout of the file's header, read by the app's own ingestor (BOM, quotes, line ends), or
 * null when there is none to read here: not a local file (a glob, a folder, a URL), or a file the
 * app would refuse (empty, binary, not the REES46 schema), whose script then reads the usual order.
 */
export function readHeaderLayout(path: string): ColumnLayout | null {
  let fd: number;
  try {
    if (!statSync(path).isFile()) return null;
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    // The app's longest record, and the line break after it.
    const buf = new Uint8Array(MAX_LINE_BYTES + 2);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    const ingestor = new CsvIngestor({ fileName: basename(path), expectedBytes: got });
    ingestor.push(buf.subarray(0, got));
    // A file no longer than this is whole: a header without a line break after it is read too.
    if (ingestor.columnLayout === null && got < buf.length) ingestor.finish();
    return ingestor.columnLayout;
  } catch (err) {
    if (err instanceof IngestError) return null;
    throw err;
  } finally {
    closeSync(fd);
  }
}
