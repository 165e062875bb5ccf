// Parallel equals serial: random range splits, including starts inside quoted fields (with newlines)
// and between the \r and \n of CRLF pairs, give exactly the single-reader result.
import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../../src/core/ingest/csvIngestor.ts';
import { ingestInParallel, ingestRange, memorySource } from '../../src/core/ingest/parallelIngest.ts';
import { HEADER } from '../fixtures/handmade.ts';
import { encoder, ingestBytes, mulberry32, randomUuids, readFixture, ingestFingerprint } from '../helpers/ingestText.ts';

function fingerprint(r: IngestResult) {
  return { ...ingestFingerprint(r, 'strict'), bytes: r.bytes };
}

/** A file where quoted multi-line fields and CRLF pairs are everywhere, plus bad rows. */
function trickyFile(rows: number, seed: number): Uint8Array {
  const rand = mulberry32(seed);
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const s = `S${Math.floor(rand() * rows * 0.3)}`;
    const t = `2019-10-01 ${String(Math.floor(rand() * 24)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00 UTC`;
    const type = ['view', 'view', 'view', 'cart', 'purchase'][Math.floor(rand() * 5)];
    const brand = rand() < 0.3 ? `"br\r\nand ""${i % 7}"",\nx"` : `b${i % 5}`;
    const price = rand() < 0.03 ? '' : (rand() * 100).toFixed(2);
    lines.push(`${t},${type},${i % 50},20530135${i % 9},"code,${i % 3}",${brand},${price},${i % 40},${s}`);
    if (rand() < 0.02) lines.push('');
  }
  return encoder.encode(`${lines.join('\r\n')}\r\n`);
}

async function parallel(bytes: Uint8Array, workers: number, minRangeBytes: number): Promise<IngestResult> {
  const source = memorySource(bytes);
  return ingestInParallel(source, 'test.csv', workers, (task) => ingestRange(source, 'test.csv', task, 997), minRangeBytes);
}

describe('parallel ingestion equals serial ingestion', () => {
  it('tricky file (quoted newlines and CRLF everywhere), many random range counts and sizes', async () => {
    const bytes = trickyFile(600, 11);
    const serial = fingerprint(ingestBytes(bytes));
    expect(serial.rejected.byReason.bad_price).toBeGreaterThan(0);
    const rand = mulberry32(5);
    for (let trial = 0; trial < 25; trial++) {
      const workers = 2 + Math.floor(rand() * 14);
      const minRange = 64 + Math.floor(rand() * 4000);
      expect(fingerprint(await parallel(bytes, workers, minRange)), `workers=${workers} minRange=${minRange}`).toEqual(serial);
    }
  });

  it('the real October excerpt, split into 2–8 ranges', async () => {
    const bytes = readFixture('rees46-oct-excerpt.csv');
    const serial = fingerprint(ingestBytes(bytes));
    for (const workers of [2, 3, 5, 8]) expect(fingerprint(await parallel(bytes, workers, 1000)), `workers=${workers}`).toEqual(serial);
  });

  it('session ids: packed through the merge when all are UUIDs; one other id anywhere keeps every range as text', async () => {
    const text = new TextDecoder().decode(readFixture('rees46-oct-excerpt.csv'));
    const lines = text.split('\n');
    const allUuids = await parallel(encoder.encode(text), 4, 1000);
    expect(allUuids.dict.sessions.packed).toBe(true);
    expect(fingerprint(allUuids)).toEqual(fingerprint(ingestBytes(encoder.encode(text))));
    // An id that is not a lowercase UUID, in the first range, in a middle one, and in the last.
    for (const at of [5, Math.floor(lines.length / 2), lines.length - 3]) {
      const odd = [...lines];
      odd[at] = odd[at].replace(/,[^,]*$/, ',Not-A-UUID');
      const bytes = encoder.encode(odd.join('\n'));
      const serial = fingerprint(ingestBytes(bytes));
      expect(serial.sessions).toContain('Not-A-UUID');
      for (const workers of [2, 3, 5]) {
        const merged = await parallel(bytes, workers, 1000);
        expect(merged.dict.sessions.packed).toBe(false);
        expect(fingerprint(merged), `line ${at}, workers=${workers}`).toEqual(serial);
      }
    }
  });

  it('ranges read as streams of odd-sized chunks (ByteSource.stream) give the serial result too', async () => {
    const bytes = trickyFile(600, 12);
    const serial = fingerprint(ingestBytes(bytes));
    const rand = mulberry32(9);
    let streamed = 0;
    const source = {
      ...memorySource(bytes),
      async *stream(start: number) {
        for (let p = start; p < bytes.length; ) {
          const n = 1 + Math.floor(rand() * 700);
          streamed += n;
          yield bytes.subarray(p, Math.min(bytes.length, p + n));
          p += n;
        }
      },
    };
    for (const workers of [2, 3, 7]) {
      const merged = await ingestInParallel(source, 'test.csv', workers, (task) => ingestRange(source, 'test.csv', task), 64);
      expect(fingerprint(merged), `workers=${workers}`).toEqual(serial);
    }
    expect(streamed).toBeGreaterThan(bytes.length);
    // Progress once per chunkBytes parsed, not once per streamed chunk, and a last report at the end.
    const reports: [number, number][] = [];
    const whole = await ingestRange(source, 'test.csv', { index: 0, start: 0, stopAt: Infinity }, 5000, undefined, (b, r) => reports.push([b, r]));
    expect(reports.length).toBeGreaterThanOrEqual(Math.floor(bytes.length / 5000));
    expect(reports.length).toBeLessThanOrEqual(Math.floor(bytes.length / 5000) + 1);
    expect(reports[reports.length - 1]).toEqual([bytes.length, whole.rows]);
  });

  it('UUID ids with one uppercase or one longer id, or a run of bad rows, in 2–9 ranges equal the serial result', async () => {
    // Sessions recur across ranges, so later ranges look ids up in earlier ranges' packed tables; the
    // odd id sends every range back to text. (From a review of the packed merge.)
    const file = (rows: number, seed: number, opts: { upperAt?: number; longAt?: number; badFrom?: number }) => {
      const rand = mulberry32(seed);
      const uuid = randomUuids(rand);
      const pool = Array.from({ length: rows / 20 }, uuid);
      const lines = [HEADER];
      for (let i = 0; i < rows; i++) {
        let s = pool[Math.floor(rand() * pool.length)];
        if (i === opts.upperAt) s = s.toUpperCase();
        if (i === opts.longAt) s = `${s}x`;
        const bad = opts.badFrom !== undefined && i >= opts.badFrom && i < opts.badFrom + 1000;
        lines.push(`2019-10-01 0${i % 10}:00:00 UTC,${bad ? 'bogus' : 'view'},${i % 50},2053013${i % 9},${rand() < 0.1 ? '"a,b"' : 'c'},b,${(i % 90) + 1}.5,${i % 40},${s}`);
      }
      return encoder.encode(`${lines.join('\n')}\n`);
    };
    for (const opts of [{}, { upperAt: 1500 }, { longAt: 2500 }, { badFrom: 1000 }]) {
      const bytes = file(3000, 7, opts);
      const serial = fingerprint(ingestBytes(bytes, [777, 3001, 5]));
      for (const workers of [2, 3, 4, 6, 9]) {
        const source = memorySource(bytes);
        const merged = await ingestInParallel(source, 't.csv', workers, (task) => ingestRange(source, 't.csv', task, 333), 100);
        expect(fingerprint(merged), `${JSON.stringify(opts)} workers=${workers}`).toEqual(serial);
        expect(merged.dict.sessions.packed).toBe(opts.upperAt === undefined && opts.longAt === undefined);
      }
    }
  });

  it('reports a bad header from the probe, before any range runs', async () => {
    await expect(parallel(encoder.encode(`a,b,c\n${'1,2,3\n'.repeat(2000)}`), 4, 100)).rejects.toThrow(/found columns \[a, b, c\]/);
  });
});
