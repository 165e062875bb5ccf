// The demo-data generator end to end: format, determinism, chunking, and calibration to the published
// figures of the real October 2019 file (96.1 % views, 2.2 % carts, 1.7 % purchases, 6.8 % of sessions
// buy, ~4.6 events per session, 53 % of purchases without a cart, 14 % empty brand, 32 % empty code).
import { describe, expect, it } from 'vitest';
import {
  CSV_HEADER,
  generateCsv,
  generateCsvByteChunks,
  generateCsvChunks,
} from '../../src/core/generate/generateCsv.ts';

const TIME = /^2019-10-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const EVENT_TYPES = new Set(['view', 'cart', 'purchase', 'remove_from_cart']);

interface Row {
  time: string;
  type: string;
  product: string;
  categoryId: string;
  code: string;
  brand: string;
  price: string;
  user: string;
  session: string;
}

function dataLines(csv: string): string[] {
  expect(csv.endsWith('\n'), 'CSV text must end with a newline').toBe(true);
  const lines = csv.slice(0, -1).split('\n');
  expect(lines[0]).toBe(CSV_HEADER);
  return lines.slice(1);
}

function parseRows(csv: string): Row[] {
  return dataLines(csv).map((line) => {
    const f = line.split(',');
    return { time: f[0], type: f[1], product: f[2], categoryId: f[3], code: f[4], brand: f[5], price: f[6], user: f[7], session: f[8] };
  });
}

/** Rows grouped by user_session, in file order. */
function bySession(rows: readonly Row[]): Map<string, Row[]> {
  const sessions = new Map<string, Row[]>();
  for (const r of rows) {
    const list = sessions.get(r.session);
    if (list) list.push(r);
    else sessions.set(r.session, [r]);
  }
  return sessions;
}

describe('generateCsv: format', () => {
  const csv = generateCsv({ rows: 20_000, seed: 11 });
  const lines = dataLines(csv);

  it('writes the REES46 header and exactly the requested rows', () => {
    expect(csv.slice(0, csv.indexOf('\n'))).toBe(
      'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session',
    );
    expect(lines.length).toBe(20_000);
    for (const rows of [0, 1, 2, 17, 1000, 4321]) {
      expect(dataLines(generateCsv({ rows, seed: 3 })).filter((l) => l !== '').length, `rows=${rows}`).toBe(rows);
    }
    expect(generateCsv({ rows: 0, seed: 3 })).toBe(`${CSV_HEADER}\n`);
  });

  it('gives every row 9 well-formed fields', () => {
    const bad: string[] = [];
    for (const line of lines) {
      const f = line.split(',');
      const ok =
        f.length === 9 &&
        TIME.test(f[0]) &&
        EVENT_TYPES.has(f[1]) &&
        /^[1-9]\d{6,7}$/.test(f[2]) &&
        /^2\d{18}$/.test(f[3]) &&
        /^([a-z_]+(\.[a-z_]+)*)?$/.test(f[4]) &&
        /^[a-z0-9.\-]*$/.test(f[5]) &&
        /^\d+\.\d\d$/.test(f[6]) &&
        Number(f[6]) <= 2574.07 &&
        /^5\d{8}$/.test(f[7]) &&
        UUID_V4.test(f[8]);
      if (!ok) bad.push(line);
    }
    expect(bad.slice(0, 3), `${bad.length} malformed rows`).toEqual([]);
  });

  it('is sorted by event_time', () => {
    let unsorted = -1;
    for (let i = 1; i < lines.length && unsorted < 0; i++) if (lines[i].slice(0, 19) < lines[i - 1].slice(0, 19)) unsorted = i;
    expect(unsorted, `row ${unsorted} is earlier than the row before it`).toBe(-1);
  });

  it('keeps a product’s category, code, brand and price fixed, and a category’s code fixed', () => {
    const product = new Map<string, string>();
    const category = new Map<string, string>();
    const conflicts: string[] = [];
    for (const r of parseRows(csv)) {
      const attrs = `${r.categoryId},${r.code},${r.brand},${r.price}`;
      if ((product.get(r.product) ?? attrs) !== attrs) conflicts.push(`product ${r.product}: ${product.get(r.product)} vs ${attrs}`);
      product.set(r.product, attrs);
      if ((category.get(r.categoryId) ?? r.code) !== r.code) conflicts.push(`category ${r.categoryId}: ${category.get(r.categoryId)} vs ${r.code}`);
      category.set(r.categoryId, r.code);
    }
    expect(conflicts.slice(0, 3)).toEqual([]);
  });

  it('gives each session one user, and views a product before carting or buying it', () => {
    const problems: string[] = [];
    for (const [id, events] of bySession(parseRows(csv))) {
      if (new Set(events.map((e) => e.user)).size !== 1) problems.push(`${id}: several users`);
      const viewed = new Set<string>();
      events.forEach((e, i) => {
        if (e.type === 'view') viewed.add(e.product);
        // A purchase may open a session (nothing before it), as in the real file; otherwise its page was seen.
        else if (e.type === 'cart' || (e.type === 'purchase' && i > 0)) {
          if (!viewed.has(e.product)) problems.push(`${id}: ${e.type} of ${e.product} without a view`);
        }
      });
    }
    expect(problems.slice(0, 3), `${problems.length} sessions`).toEqual([]);
  });

  it('spreads a small file over the first day of October', () => {
    expect(lines[0].startsWith('2019-10-01 ')).toBe(true);
    expect(lines[lines.length - 1].startsWith('2019-10-01 ')).toBe(true);
    const hours = new Set(lines.map((l) => l.slice(11, 13)));
    expect(hours.size).toBe(24);
  });
});

describe('generateCsv: determinism and chunking', () => {
  it('gives the same text for the same seed and a different text for another seed', () => {
    const a = generateCsv({ rows: 5000, seed: 42 });
    expect(generateCsv({ rows: 5000, seed: 42 })).toBe(a);
    const b = generateCsv({ rows: 5000, seed: 43 });
    expect(b).not.toBe(a);
    expect(b.length).toBeGreaterThan(0);
  });

  it('accepts any finite seed (negative, fractional, beyond 2^32) and rejects bad options', () => {
    for (const seed of [0, -1, 2 ** 40 + 3, 0.5]) expect(dataLines(generateCsv({ rows: 10, seed })).length).toBe(10);
    expect(generateCsv({ rows: 50, seed: 2 ** 40 + 3 })).not.toBe(generateCsv({ rows: 50, seed: 3 }));
    expect(() => generateCsv({ rows: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateCsv({ rows: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateCsv({ rows: 10, seed: Number.NaN })).toThrow(RangeError);
    expect(() => [...generateCsvChunks({ rows: 10, seed: 1 }, 0)]).toThrow(RangeError);
  });

  it('cuts the same text into chunks of any size, the header in the first', () => {
    const opts = { rows: 12_345, seed: 9 };
    const whole = generateCsv(opts);
    for (const size of [1, 777, 12_345, 50_000]) {
      const chunks = [...generateCsvChunks(opts, size)];
      expect(chunks.join(''), `rowsPerChunk=${size}`).toBe(whole);
      expect(chunks.length).toBe(Math.ceil(opts.rows / size));
      expect(chunks[0].startsWith(`${CSV_HEADER}\n`)).toBe(true);
      expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    }
    const ascii = new TextDecoder('latin1');
    expect([...generateCsvByteChunks(opts, 1000)].map((b) => ascii.decode(b)).join('')).toBe(whole);
  });

  it('adds remove_from_cart only when asked, each after a cart of the same product', () => {
    expect(generateCsv({ rows: 20_000, seed: 5 })).not.toContain('remove_from_cart');
    const rows = parseRows(generateCsv({ rows: 20_000, seed: 5, includeRemovals: true }));
    const removals = rows.filter((r) => r.type === 'remove_from_cart').length;
    expect(removals / rows.length).toBeGreaterThan(0.002);
    expect(removals / rows.length).toBeLessThan(0.02);
    const orphans: string[] = [];
    for (const [id, events] of bySession(rows)) {
      const carted = new Set<string>();
      for (const e of events) {
        if (e.type === 'cart') carted.add(e.product);
        if (e.type === 'remove_from_cart' && !carted.has(e.product)) orphans.push(`${id}: ${e.product}`);
      }
    }
    expect(orphans).toEqual([]);
  });
});

describe('generateCsv: calibration to October 2019 (200k rows)', () => {
  const rows = parseRows(generateCsv({ rows: 200_000, seed: 2019 }));
  const sessions = [...bySession(rows).values()];
  const share = (n: number, of: number) => n / of;

  it('mixes events like the real month (96.1 % view, 2.2 % cart, 1.7 % purchase)', () => {
    const count = (t: string) => rows.filter((r) => r.type === t).length;
    expect(share(count('view'), rows.length)).toBeCloseTo(0.961, 2);
    expect(share(count('cart'), rows.length)).toBeGreaterThan(0.017);
    expect(share(count('cart'), rows.length)).toBeLessThan(0.027);
    expect(share(count('purchase'), rows.length)).toBeGreaterThan(0.013);
    expect(share(count('purchase'), rows.length)).toBeLessThan(0.021);
  });

  it('converts ~6.8 % of sessions, some buying more than one item and browsing on afterwards', () => {
    const buying = sessions.filter((s) => s.some((e) => e.type === 'purchase'));
    expect(share(buying.length, sessions.length)).toBeGreaterThan(0.055);
    expect(share(buying.length, sessions.length)).toBeLessThan(0.085);
    const multi = buying.filter((s) => s.filter((e) => e.type === 'purchase').length > 1).length;
    expect(share(multi, buying.length)).toBeGreaterThan(0.05);
    const after = buying.filter((s) => {
      const first = s.findIndex((e) => e.type === 'purchase');
      return s.slice(first + 1).some((e) => e.type !== 'purchase');
    }).length;
    expect(share(after, buying.length)).toBeGreaterThan(0.15);
    expect(share(after, buying.length)).toBeLessThan(0.45);
  });

  it('has ~4.6 events per session with a heavy tail', () => {
    const lengths = sessions.map((s) => s.length).sort((a, b) => a - b);
    expect(rows.length / sessions.length).toBeGreaterThan(4.0);
    expect(rows.length / sessions.length).toBeLessThan(5.2);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThanOrEqual(3);
    expect(share(lengths.filter((n) => n <= 3).length, lengths.length)).toBeGreaterThan(0.55);
    expect(lengths[lengths.length - 1]).toBeGreaterThanOrEqual(100);
  });

  it('buys ~53 % of items without a cart event earlier in the session', () => {
    let purchases = 0;
    let buyNow = 0;
    for (const s of sessions) {
      let carted = false;
      for (const e of s) {
        if (e.type === 'cart') carted = true;
        if (e.type === 'purchase') {
          purchases++;
          if (!carted) buyNow++;
        }
      }
    }
    expect(share(buyNow, purchases)).toBeGreaterThan(0.46);
    expect(share(buyNow, purchases)).toBeLessThan(0.6);
  });

  it('leaves ~14 % of brands and ~32 % of category codes empty', () => {
    expect(share(rows.filter((r) => r.brand === '').length, rows.length)).toBeGreaterThan(0.11);
    expect(share(rows.filter((r) => r.brand === '').length, rows.length)).toBeLessThan(0.17);
    expect(share(rows.filter((r) => r.code === '').length, rows.length)).toBeGreaterThan(0.28);
    expect(share(rows.filter((r) => r.code === '').length, rows.length)).toBeLessThan(0.36);
  });

  it('gives users ~3 sessions each, and repeat buyers and night sessions convert more', () => {
    const users = new Set(rows.map((r) => r.user));
    expect(sessions.length / users.size).toBeGreaterThan(2.5);
    expect(sessions.length / users.size).toBeLessThan(3.6);

    const converts = (s: Row[]) => s.some((e) => e.type === 'purchase');
    const rate = (list: Row[][]) => list.filter(converts).length / list.length;
    const hour = (s: Row[]) => Number(s[0].time.slice(11, 13));
    const night = sessions.filter((s) => hour(s) >= 22 || hour(s) < 6);
    const day = sessions.filter((s) => hour(s) >= 6 && hour(s) < 22);
    expect(night.length).toBeGreaterThan(1000);
    expect(rate(night)).toBeGreaterThan(rate(day));

    // Sessions in start order: did this user buy in an earlier session?
    const boughtBefore = new Set<string>();
    const repeat: Row[][] = [];
    const fresh: Row[][] = [];
    for (const s of [...sessions].sort((a, b) => (a[0].time < b[0].time ? -1 : a[0].time > b[0].time ? 1 : 0))) {
      (boughtBefore.has(s[0].user) ? repeat : fresh).push(s);
      if (converts(s)) boughtBefore.add(s[0].user);
    }
    expect(repeat.length).toBeGreaterThan(500);
    expect(rate(repeat)).toBeGreaterThan(1.5 * rate(fresh));
  });

  it('is quieter at night than in the afternoon (UTC)', () => {
    const perHour = new Array<number>(24).fill(0);
    for (const s of sessions) perHour[Number(s[0].time.slice(11, 13))]++;
    expect(perHour[16]).toBeGreaterThan(5 * perHour[1]);
  });
});
