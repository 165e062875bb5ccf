// What crosses the worker boundary: a typed result, never a thrown exception the UI might lose.
import { IngestError, type RefusedRows } from '../../src/core/ingest/csvIngestor.ts';
import { CancelledError } from './runControl.ts';

export interface WorkerError {
  /** 'cancelled' is not a failure: the UI treats it as a return to idle. */
  code:
    | 'bad_header'
    | 'empty_file'
    | 'not_text'
    | 'bad_row'
    | 'bad_value'
    | 'bad_parquet'
    | 'needs_events'
    | 'bad_model_file'
    | 'cancelled'
    | 'no_data'
    | 'read_failed'
    | 'out_of_memory'
    | 'bad_request'
    | 'not_enough_data'
    | 'training_failed'
    | 'internal';
  /** In words a user understands; names the file and line where there is one. */
  message: string;
  line?: number;
  /** A file refused because none of its rows was valid: its rejected rows, for a download. */
  rejected?: RefusedRows;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WorkerError };

export function failure(code: WorkerError['code'], message: string, line?: number): { ok: false; error: WorkerError } {
  return { ok: false, error: line === undefined ? { code, message } : { code, message, line } };
}

/** Maps anything thrown inside a worker call to a WorkerError. */
export function toWorkerError(err: unknown, what: string): WorkerError {
  if (err instanceof CancelledError || (err as { name?: string } | null)?.name === 'AbortError') return { code: 'cancelled', message: `${what} was cancelled` };
  if (err instanceof IngestError) {
    return { code: err.code, message: err.message, ...(err.line === undefined ? {} : { line: err.line }), ...(err.rejected === undefined ? {} : { rejected: err.rejected }) };
  }
  const e = err as { name?: string; message?: string } | null;
  const name = e?.name ?? '';
  const message = e?.message ?? String(err);
  if (name === 'NoDataError') return { code: 'no_data', message };
  // Both name the file or the fix themselves; a "what" prefix would only repeat it.
  if (name === 'ModelFileError') return { code: 'bad_model_file', message };
  if (name === 'TrainingError') return { code: (err as { code: 'bad_request' | 'not_enough_data' | 'training_failed' }).code, message };
  if (name === 'NeedsEventsError') return { code: 'needs_events', message };
  if (name === 'FeaturesFileError') {
    const f = err as { code: WorkerError['code']; line?: number };
    const text = `${what}: ${message}`;
    return f.line === undefined ? { code: f.code, message: text } : { code: f.code, message: text, line: f.line };
  }
  if (name === 'NotReadableError' || name === 'NotFoundError') {
    return { code: 'read_failed', message: `${what}: the browser could not read the file (${message}). Was it moved or changed while loading? Pick it again.` };
  }
  // A range worker that went quiet twice (rangePool.ts): its message says what to do.
  if (name === 'RangeStalledError') return { code: 'read_failed', message: `${what}: ${message}` };
  if (err instanceof RangeError && /allocat|memory|Array buffer/i.test(message)) {
    return { code: 'out_of_memory', message: `${what} ran out of memory (${message}). Try a smaller file or close other tabs.` };
  }
  return { code: 'internal', message: `${what} failed unexpectedly: ${message}` };
}
