// A range worker's first parse runs ~1.6× slower than its third (1M rows in Chromium: 0.87 s, 0.75 s,
// then 0.53 s): the row loop is compiled while it runs, on cores the other range workers keep busy.
// A worker started ahead of a load (SparePool) parses these made-up plain rows first, through the same
// calls a real range takes, so a real load starts on compiled code. It parses in small slices and
// gives way between them: a load that comes while it runs stops it at the next slice (traced: a 5M-row
// load right after the page opened: ranges began 350 ms after the load did with the warm-up in one
// piece, 140–170 ms with it in slices).
import { ingestRange, type ByteSource } from './parallelIngest.ts';
import { REQUIRED_COLUMNS } from '../csv/schema.ts';

const EVENT_TYPES = ['view', 'view', 'view', 'view', 'cart', 'view', 'remove_from_cart', 'purchase'];

/** Rows [from, to) of the made-up file: plain REES46 rows, lowercase UUID sessions of ~5 events, times in order. */
function warmUpLines(from: number, to: number): string[] {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const s = Math.floor(i / 5);
    const sec = Math.floor(i / 4);
    const time = `2019-10-01 ${pad(Math.floor(sec / 3600) % 24)}:${pad(Math.floor(sec / 60) % 60)}:${pad(sec % 60)} UTC`;
    const session = `${hex(s, 8)}-0000-4000-8000-${hex(Math.imul(s, 0x9e3779b1) >>> 0, 12)}`;
    const price = `${(i % 997) + 1}.${pad(i % 100)}`;
    lines.push(`${time},${EVENT_TYPES[i % EVENT_TYPES.length]},${1000000 + (i % 5000)},20530135556318820${pad(i % 30)},electronics.smartphone,brand${i % 50},${price},${500000000 + (s % 3000)},${session}`);
  }
  return lines;
}

/** The made-up file: the standard header, then `rows` rows. */
export function warmUpCsv(rows: number): Uint8Array {
  return new TextEncoder().encode(`${[REQUIRED_COLUMNS.join(','), ...warmUpLines(0, rows)].join('\n')}\n`);
}

const SLICE_ROWS = 1000;

/**
 * Parses `rows` made-up rows as a range worker parses its range, made and parsed 1,000 rows at a time
 * with a macrotask between slices (so a message waiting for the worker is handled), until `stop()`
 * says a real range is waiting. Returns the rows accepted (fewer when stopped).
 */
export async function warmUpParser(rows = 30_000, stop: () => boolean = () => false): Promise<number> {
  const encoder = new TextEncoder();
  const source: ByteSource = {
    size: rows * 150 + 200, // about the bytes made: the ingestor sizes its columns by it
    async *stream() {
      yield encoder.encode(`${REQUIRED_COLUMNS.join(',')}\n`);
      for (let from = 0; from < rows && !stop(); from += SLICE_ROWS) {
        yield encoder.encode(`${warmUpLines(from, Math.min(rows, from + SLICE_ROWS)).join('\n')}\n`);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    },
    read: async () => new Uint8Array(0),
  };
  const result = await ingestRange(source, 'warm-up.csv', { index: 0, start: 0, stopAt: Infinity });
  return result.rows;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}
