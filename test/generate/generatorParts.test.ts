// The generator's building blocks, with exact values where they have them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run as runGenerateCommand } from '../../cli/commands/generate.ts';
import { buildCatalogue, formatCents, sampleCategory, sampleProduct } from '../../src/core/generate/catalogue.ts';
import { EventHeap } from '../../src/core/generate/eventHeap.ts';
import { RowHeadWriter } from '../../src/core/generate/rowHead.ts';
import { generateCsv } from '../../src/core/generate/generateCsv.ts';
import { Rng } from '../../src/core/generate/random.ts';
import { SESSION_SUFFIX_BYTES, writeSessionSuffix } from '../../src/core/generate/sessionSuffixes.ts';
import { HOURLY_TRAFFIC, TrafficClock, windowSeconds } from '../../src/core/generate/trafficClock.ts';

const ascii = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

describe('Rng', () => {
  it('repeats for a seed, differs across seeds and streams', () => {
    const draw = (seed: number, stream: number) => {
      const rng = new Rng(seed, stream);
      return Array.from({ length: 5 }, () => rng.nextUint32());
    };
    expect(draw(1, 0)).toEqual(draw(1, 0));
    expect(draw(1, 0)).not.toEqual(draw(2, 0));
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
  });

  it('draws uniforms in [0, 1) and standard normals with the right moments', () => {
    const rng = new Rng(7);
    let min = 1;
    let max = 0;
    let sum = 0;
    let sumN = 0;
    let sumN2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      const z = rng.normal();
      sumN += z;
      sumN2 += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumN / n).toBeCloseTo(0, 1);
    expect(sumN2 / n).toBeCloseTo(1, 1);
  });
});

describe('RowHeadWriter', () => {
  const head = (sec: number, type: number) => {
    const w = new RowHeadWriter(['view', 'cart', 'purchase', 'remove_from_cart']);
    const dst = new Uint8Array(64);
    return ascii(dst.subarray(0, w.write(sec, type, dst, 0)));
  };

  it('writes event_time with second resolution and the UTC suffix, then the event type', () => {
    expect(head(0, 0)).toBe('2019-10-01 00:00:00 UTC,view,');
    expect(head(4, 1)).toBe('2019-10-01 00:00:04 UTC,cart,');
    expect(head(13 * 3600 + 7 * 60 + 59, 2)).toBe('2019-10-01 13:07:59 UTC,purchase,');
    expect(head(30 * 86_400 + 86_399, 3)).toBe('2019-10-31 23:59:59 UTC,remove_from_cart,');
  });

  it('rewrites every digit when the second changes, forward or back', () => {
    const w = new RowHeadWriter(['view']);
    const dst = new Uint8Array(32);
    const at = (sec: number) => ascii(dst.subarray(0, w.write(sec, 0, dst, 0)));
    expect(at(86_400 + 3661)).toBe('2019-10-02 01:01:01 UTC,view,');
    expect(at(86_400 + 3661)).toBe('2019-10-02 01:01:01 UTC,view,');
    expect(at(59)).toBe('2019-10-01 00:00:59 UTC,view,');
    expect(at(9 * 86_400 + 36_000)).toBe('2019-10-10 10:00:00 UTC,view,');
  });
});

describe('session suffix', () => {
  it('writes ",user_id,uuid-v4\\n" in 48 bytes', () => {
    const dst = new Uint8Array(SESSION_SUFFIX_BYTES);
    writeSessionSuffix(535871217, new Rng(1), dst, 0);
    expect(ascii(dst)).toMatch(/^,535871217,[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$/);
    expect(() => writeSessionSuffix(12345, new Rng(1), dst, 0)).toThrow(RangeError);
  });
});

describe('catalogue', () => {
  const catalogue = buildCatalogue(new Rng(5, 1));

  it('formats prices with exactly two decimals', () => {
    expect([0, 5, 99, 3320, 108198, 257407].map(formatCents)).toEqual(['0.00', '0.05', '0.99', '33.20', '1081.98', '2574.07']);
  });

  it('has a few hundred categories with unique 19-digit ids and products in their ranges', () => {
    expect(catalogue.categoryCount).toBeGreaterThan(200);
    expect(catalogue.categoryCount).toBeLessThan(600);
    const ids = new Set(catalogue.productFields.map((f) => f.split(',')[1]));
    expect(ids.size).toBe(catalogue.categoryCount);
    for (const id of ids) expect(id).toMatch(/^2\d{18}$/);
    const productIds = new Set(catalogue.productFields.map((f) => f.split(',')[0]));
    expect(productIds.size).toBe(catalogue.productCount);
    const problems: string[] = [];
    for (let c = 0; c < catalogue.categoryCount; c++) {
      const first = catalogue.categoryFirstProduct[c];
      const end = catalogue.categoryFirstProduct[c + 1];
      if (end <= first) problems.push(`category ${c} has no products`);
      if (catalogue.productCumWeight[end - 1] !== 1) problems.push(`category ${c} weights end at ${catalogue.productCumWeight[end - 1]}`);
      for (let p = first; p < end; p++) if (catalogue.productCategory[p] !== c) problems.push(`product ${p} is not in category ${c}`);
    }
    expect(problems).toEqual([]);
    expect(catalogue.categoryCumWeight[catalogue.categoryCount - 1]).toBe(1);
  });

  it('samples categories and products inside their ranges, popular ones more often', () => {
    const rng = new Rng(3);
    const hits = new Int32Array(catalogue.productCount);
    let outside = 0;
    for (let i = 0; i < 50_000; i++) {
      const c = sampleCategory(catalogue, rng);
      const p = sampleProduct(catalogue, c, rng);
      if (catalogue.productCategory[p] !== c) outside++;
      hits[p]++;
    }
    expect(outside).toBe(0);
    // Category 0 is electronics.smartphone, the real file's busiest; its first product is its best seller.
    const smartphones = catalogue.productFields[catalogue.categoryFirstProduct[0]];
    expect(smartphones.split(',')[2]).toBe('electronics.smartphone');
    expect(hits[catalogue.categoryFirstProduct[0]]).toBeGreaterThan(hits[catalogue.categoryFirstProduct[0] + 50]);
  });

  it('depends on the seed only', () => {
    expect(buildCatalogue(new Rng(5, 1)).productFields).toEqual(catalogue.productFields);
    expect(buildCatalogue(new Rng(6, 1)).productFields).not.toEqual(catalogue.productFields);
  });
});

describe('TrafficClock', () => {
  it('sizes the window by the real density, between one day and the 31 days of October', () => {
    expect(windowSeconds(0)).toBe(86_400);
    expect(windowSeconds(17_000)).toBe(86_400);
    expect(windowSeconds(42_448_764)).toBe(31 * 86_400);
    expect(windowSeconds(100_000_000)).toBe(31 * 86_400);
    expect(windowSeconds(Math.round((42_448_764 / 31) * 10))).toBe(10 * 86_400);
  });

  it('maps progress to seconds monotonically, denser in busy hours', () => {
    const clock = new TrafficClock(86_400);
    const perHour = new Array<number>(24).fill(0);
    let last = -1;
    let backwards = 0;
    const n = 240_000;
    for (let i = 0; i < n; i++) {
      const sec = clock.secondsAt(i / n);
      if (sec < last) backwards++;
      last = sec;
      perHour[Math.floor(sec / 3600)]++;
    }
    expect(backwards).toBe(0);
    expect(last).toBeLessThan(86_400);
    const total = HOURLY_TRAFFIC.reduce((a, b) => a + b, 0);
    for (let h = 0; h < 24; h++) expect(perHour[h] / n).toBeCloseTo(HOURLY_TRAFFIC[h] / total, 3);
  });
});

describe('EventHeap', () => {
  it('pops events by time, then by sequence number', () => {
    const heap = new EventHeap();
    const rng = new Rng(1);
    const pushed: [number, number][] = [];
    for (let seq = 0; seq < 5000; seq++) {
      const t = rng.int(300);
      pushed.push([t, seq]);
      heap.push(t, seq, seq, seq % 4, seq % 7);
    }
    pushed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const popped: [number, number][] = [];
    let mixedUp = 0;
    while (heap.length > 0) {
      heap.pop();
      if (heap.poppedType !== heap.poppedProduct % 4 || heap.poppedSession !== heap.poppedProduct % 7) mixedUp++;
      popped.push([heap.poppedTimeSec, heap.poppedProduct]);
    }
    expect(popped).toEqual(pushed);
    expect(mixedUp).toBe(0);
  });
});

describe('cli generate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'generate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same file as generateCsv and a summary line to stderr', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const out = join(dir, 'demo.csv');
      expect(await runGenerateCommand(['--rows', '3000', '--seed', '8', '--out', out, '--removals'])).toBe(0);
      expect(readFileSync(out, 'latin1')).toBe(generateCsv({ rows: 3000, seed: 8, includeRemovals: true }));
      expect(String(errors.mock.calls.at(-1)?.[0])).toMatch(/^generate: 3,000 rows, [\d.]+ MB in [\d.]+ s/);
    } finally {
      errors.mockRestore();
    }
  });

  it('prints usage for --help', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await runGenerateCommand(['--help'])).toBe(0);
      expect(String(log.mock.calls[0]?.[0])).toMatch(/^usage: npm run cli -- generate/);
    } finally {
      log.mockRestore();
    }
  });

  it('refuses unknown options and bad numbers with exit code 2', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await runGenerateCommand(['--rowz', '10'])).toBe(2);
      expect(await runGenerateCommand(['--rows', 'many'])).toBe(2);
      expect(await runGenerateCommand(['--seed', 'abc', '--out', join(dir, 'x.csv')])).toBe(2);
    } finally {
      errors.mockRestore();
    }
  });
});
