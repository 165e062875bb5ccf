// The ingest worker's logic in-process (node has Blob, MessageChannel and performance): the same
// results through a File-like Blob in any slice size, from the demo generator, after a cancel, and
// for a features file; progress throttled; re-cuts without re-parsing; the data loaded before kept
// through a cancelled or failed load, unless both are too large to hold together.
import { describe, expect, it } from 'vitest';
import { blobSource, demoSource } from '../../workers/lib/byteSources.ts';
import { IngestWorkspace, KEEP_PREVIOUS_MAX_BYTES, keepsPreviousData, NoDataError, type IngestProgress, type LoadResult } from '../../workers/lib/ingestWorkspace.ts';
import { progressThrottle } from '../../workers/lib/progressThrottle.ts';
import { CancelledError, RunControl } from '../../workers/lib/runControl.ts';
import { toWorkerError } from '../../workers/lib/workerOutcome.ts';
import { featuresCsvChunks } from '../../src/core/features/featuresCsv.ts';
import { computeSessionFeatures } from '../../src/core/features/sessionFeatures.ts';
import { IngestError } from '../../src/core/ingest/csvIngestor.ts';
import { ingestResultFromData } from '../../src/core/ingest/ingestTransfer.ts';
import { readFixture, ingestBytes, eventValues } from '../helpers/ingestText.ts';

const excerpt = new Uint8Array(readFixture('rees46-oct-excerpt.csv'));
const noCancel = () => {};

function events(r: LoadResult) {
  if (r.kind !== 'events') throw new Error(`expected an events load, got ${r.kind}`);
  return r;
}

describe('IngestWorkspace.load', () => {
  it('gives the known counts of the real excerpt, whatever the slice size', async () => {
    for (const sliceBytes of [8 * 1024 * 1024, 65_536, 4097]) {
      const ws = new IngestWorkspace();
      const r = events(await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv', sliceBytes), 'faithful', () => {}, noCancel));
      expect({ slice: sliceBytes, sessions: r.summary.sessions, buyers: r.summary.buyerSessions, rows: r.summary.rows, rejected: r.summary.rejected.total }).toEqual({
        slice: sliceBytes,
        sessions: 5066,
        buyers: 200,
        rows: 17434,
        rejected: 1,
      });
      expect(r.table.rows).toBe(5066);
      const { insights, seconds } = ws.insights();
      expect(insights.sessions).toBe(5066);
      expect(insights.buyerSessions).toBe(200);
      expect(seconds).toBeGreaterThanOrEqual(0);
      expect(ws.insights().insights).toBe(insights); // computed once per load
    }
  });

  it('returns the same features as the core pipeline run directly', async () => {
    const ws = new IngestWorkspace();
    const r = events(await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv', 100_000), 'strict', () => {}, noCancel));
    const ing = ingestBytes(excerpt);
    const direct = computeSessionFeatures(ing.events, ing.dict.sessions, { cut: 'strict' }).table;
    expect(r.table.columns.map((c) => Array.from(c))).toEqual(direct.columns.map((c) => Array.from(c)));
    expect(Array.from(r.table.label)).toEqual(Array.from(direct.label));
  });

  it('re-cuts and builds first-k tables from the kept events, without the file', async () => {
    const ws = new IngestWorkspace();
    await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', () => {}, noCancel);
    const ing = ingestBytes(excerpt);
    const strict = await ws.featureTable({ cut: 'strict' });
    expect(strict.table.rows).toBe(computeSessionFeatures(ing.events, ing.dict.sessions, { cut: 'strict' }).table.rows);
    const k3 = await ws.featureTable({ cut: 'strict', firstK: 3 });
    const view = k3.table.columns[k3.table.names.indexOf('view_count')];
    const cart = k3.table.columns[k3.table.names.indexOf('cart_count')];
    for (let r = 0; r < k3.table.rows; r++) expect(view[r] + cart[r]).toBeLessThanOrEqual(3);
  });

  it('generates demo data with exactly the rows asked for, progress counted in rows', async () => {
    const ws = new IngestWorkspace();
    const seen: IngestProgress[] = [];
    const r = events(await ws.load(demoSource({ rows: 30_000, seed: 3 }, 5_000), 'faithful', (p) => seen.push(p), noCancel));
    expect(r.summary.rows).toBe(30_000);
    expect(seen[0].phase).toBe('reading');
    expect(seen.at(-1)).toMatchObject({ phase: 'done', fraction: 1, rows: 30_000, totalRows: 30_000 });
  });

  it('stops at a chunk boundary when cancelled, keeps nothing, and loads again afterwards', async () => {
    const ws = new IngestWorkspace();
    const control = new RunControl();
    const run = control.begin();
    let chunks = 0;
    const loading = ws.load(
      demoSource({ rows: 200_000, seed: 1 }, 10_000),
      'faithful',
      () => {},
      () => {
        if (++chunks === 3) control.cancel();
        control.check(run);
      },
    );
    await expect(loading).rejects.toBeInstanceOf(CancelledError);
    expect(ws.hasData).toBe(false);
    const r = events(await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', () => {}, noCancel));
    expect(r.summary.sessions).toBe(5066);
  });

  it('a cancel during the features stops the load too', async () => {
    const ws = new IngestWorkspace();
    let phase = '';
    let checksInFeatures = 0;
    const loading = ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', (p) => (phase = p.phase), () => {
      if (phase !== 'features') return;
      // The first check opens the stage; a later one falls between its steps.
      if (++checksInFeatures === 2) throw new CancelledError();
    });
    await expect(loading).rejects.toBeInstanceOf(CancelledError);
    expect(checksInFeatures).toBe(2);
  });

  it('a feature build stops when a new load replaces the events meanwhile', async () => {
    const ws = new IngestWorkspace();
    await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', () => {}, noCancel);
    let building: Promise<unknown> | null = null;
    let phase = '';
    let checksInFeatures = 0;
    // Started between two steps of the new load's own features (it is one step ahead): the new
    // events replace these before the build ends.
    const reloading = ws.load(blobSource(new Blob([excerpt]), 'again.csv'), 'faithful', (p) => (phase = p.phase), () => {
      if (phase === 'features' && ++checksInFeatures === 2) building = ws.featureTable({ cut: 'strict' });
    });
    expect(events(await reloading).summary.file).toBe('again.csv');
    await expect(building).rejects.toBeInstanceOf(CancelledError);
    const ing = ingestBytes(excerpt);
    expect((await ws.featureTable({ cut: 'strict' })).table.rows).toBe(computeSessionFeatures(ing.events, ing.dict.sessions, { cut: 'strict' }).table.rows);
  });

  it('hands the live stream a copy of the loaded events: equal values, separate buffers', async () => {
    const ws = new IngestWorkspace();
    await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', () => {}, noCancel);
    const copy = ingestResultFromData(ws.eventsCopy());
    const own = ingestBytes(excerpt);
    expect(copy.rows).toBe(own.rows);
    for (const c of ['timeSec', 'type', 'item', 'sessionStart', 'sessionUser'] as const) {
      expect(Array.from(copy.events[c]), c).toEqual(Array.from(own.events[c]));
    }
    for (const c of ['productId', 'categoryIdx', 'categoryCodeIdx', 'brandIdx', 'price'] as const) expect(Array.from(copy.events.items[c]), c).toEqual(Array.from(own.events.items[c]));
    expect(copy.dict.sessions.size).toBe(5066);
    expect(copy.dict.sessions.get(17)).toBe(own.dict.sessions.get(17));
    expect(copy.rejected.total).toBe(own.rejected.total);
    // Changing the copy leaves the workspace's events alone.
    copy.events.items.productId.fill(0);
    copy.events.item.fill(0);
    const again = ingestResultFromData(ws.eventsCopy());
    expect(eventValues(again.events, 'productId')).toEqual(eventValues(own.events, 'productId'));
  });

  it('loads a features file (our own features.csv) instead of events', async () => {
    const ws = new IngestWorkspace();
    const first = events(await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', () => {}, noCancel));
    const csv = new Blob([...featuresCsvChunks(first.table, 1000)]);
    const r = await ws.load(blobSource(csv, 'features.csv'), 'faithful', () => {}, noCancel);
    expect(r.kind).toBe('features');
    if (r.kind !== 'features') return;
    expect({ sessions: r.features.sessions, buyers: r.features.buyerSessions, missing: r.features.missingFeatures }).toEqual({ sessions: 5066, buyers: 200, missing: [] });
    expect((await ws.featureTable({ cut: 'strict' })).table.rows).toBe(5066);
    await expect(ws.featureTable({ cut: 'strict', firstK: 2 })).rejects.toThrow(/features file has no events/);
    expect(() => ws.insights()).toThrow(/Explore needs the raw events/);
    expect(() => ws.eventsCopy()).toThrow(/features file has none/);
  });

  it('reports a wrong header as a typed error naming the columns found', async () => {
    const ws = new IngestWorkspace();
    const bad = new Blob(['order_id,amount\n1,2\n']);
    const err = await ws.load(blobSource(bad, 'orders.csv'), 'faithful', () => {}, noCancel).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    const typed = toWorkerError(err, 'Loading orders.csv');
    expect(typed.code).toBe('bad_header');
    expect(typed.message).toContain('order_id');
    expect(typed.line).toBe(1);
  });
});

describe('progressThrottle', () => {
  it('sends at most one message per interval, and always the flushed ones', () => {
    let now = 0;
    const sent: number[] = [];
    const t = progressThrottle<number>((p) => sent.push(p), 100, () => now);
    for (let i = 0; i < 50; i++) {
      now = i * 10; // 50 offers over 490 ms
      t.offer(() => i);
    }
    t.flush(999);
    expect(sent).toEqual([0, 10, 20, 30, 40, 999]);
  });
});

describe('RunControl', () => {
  it('cancels only the run in flight; a new run starts clean and supersedes the old', () => {
    const c = new RunControl();
    const a = c.begin();
    c.cancel();
    expect(() => c.check(a)).toThrow(CancelledError);
    const b = c.begin();
    expect(() => c.check(b)).not.toThrow();
    expect(() => c.check(a)).toThrow(CancelledError);
    expect(toWorkerError(new CancelledError(), 'Loading').code).toBe('cancelled');
  });
});

describe('IngestWorkspace.check (before a load clears anything)', () => {
  const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n';
  const reject = async (bytes: BlobPart, name: string) => {
    const ws = new IngestWorkspace();
    await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', () => {}, noCancel);
    const err = await ws.check(new Blob([bytes]), name).then(
      () => null,
      (e: unknown) => toWorkerError(e, `Loading ${name}`),
    );
    // The loaded data is still there after a failed check.
    expect(ws.hasData).toBe(true);
    expect(ws.insights().insights.sessions).toBe(5066);
    return err;
  };

  it('refuses what a load would refuse at once, naming the file', async () => {
    expect(await reject(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'photo.csv')).toMatchObject({ code: 'not_text', message: expect.stringContaining('photo.csv is not a text CSV file') });
    expect(await reject('', 'empty.csv')).toMatchObject({ code: 'empty_file', message: 'empty.csv is empty: it has no header line' });
    expect(await reject(header, 'header-only.csv')).toMatchObject({ code: 'empty_file', message: 'header-only.csv has a header line but no data rows: there is nothing to load' });
    expect(await reject(`${header}\n\n`, 'blank.csv')).toMatchObject({ code: 'empty_file' });
    expect(await reject('order_id,amount\n1,2\n', 'orders.csv')).toMatchObject({ code: 'bad_header', line: 1 });
  });

  it('refuses a file whose rows are all rejected, saying why (it would replace the data with nothing)', async () => {
    const bad = `${header}2019-10-01 00:00:00 UTC,view,1,2,,b,-5,3,s\ngarbage,row\n2019-10-01 00:00:00 UTC,view,1,2,,b,-7,3,s\n`;
    const refused = await reject(bad, 'all-bad.csv');
    expect(refused).toMatchObject({
      code: 'empty_file',
      line: 2,
      message:
        'all-bad.csv has no valid rows: all 3 rows were rejected (field_count 1 (first on line 3), bad_price 2 (first on line 2)), so there is nothing to load. Every rejected line with its reason: “Rejected rows (CSV)” here.',
    });
    // ...with its rejected rows, as the download of a loaded file's writes them.
    expect(refused?.rejected?.fileName).toBe('all-bad.csv');
    const csv = refused?.rejected?.csv.split('\n') ?? [];
    expect(csv[0]).toBe('# rejected rows of all-bad.csv: 3 in total');
    expect(csv.filter((l) => /^[234],/.test(l))).toEqual(['2,bad_price,"2019-10-01 00:00:00 UTC,view,1,2,,b,-5,3,s"', '3,field_count,"garbage,row"', '4,bad_price,"2019-10-01 00:00:00 UTC,view,1,2,,b,-7,3,s"', '2,bad_price', '3,field_count', '4,bad_price']);
    // A large one is refused when its load ends: the data loaded before stays (and a features file with no session alike).
    const ws = new IngestWorkspace();
    await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', () => {}, noCancel);
    await expect(ws.load(blobSource(new Blob([bad]), 'all-bad.csv'), 'faithful', () => {}, noCancel)).rejects.toThrow('all-bad.csv has no valid rows: all 3 rows');
    await expect(ws.load(blobSource(new Blob(['user_session,label,view_count\n']), 'f.csv'), 'faithful', () => {}, noCancel)).rejects.toThrow('f.csv is a features file with a header but no sessions');
    expect(ws.insights().insights.sessions).toBe(5066);
  });

  it('passes a loadable file and a large one from its start', async () => {
    expect(await reject(excerpt, 'excerpt.csv')).toBeNull();
    const big = new Uint8Array(3 << 20).fill(0x61);
    big.set(new TextEncoder().encode(header));
    expect(await reject(big, 'big.csv')).toBeNull(); // only the first MiB is read: the load reports the rest
  });

  it('makes a load of a header-only file fail too', async () => {
    const ws = new IngestWorkspace();
    await expect(ws.load(blobSource(new Blob([header]), 'h.csv'), 'faithful', () => {}, noCancel)).rejects.toThrow('h.csv has a header line but no data rows');
  });
});

describe('IngestWorkspace: the data loaded before, while a new load runs', () => {
  const loadExcerpt = async (ws: IngestWorkspace) => events(await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', () => {}, noCancel));

  /** A load of `next` cancelled at its `cancelAt`-th check: the progress it sent, and whether data was held at each check. */
  async function cancelLoad(ws: IngestWorkspace, next: Parameters<IngestWorkspace['load']>[0], cancelAt: number) {
    const seen: IngestProgress[] = [];
    const heldDuring: boolean[] = [];
    let checks = 0;
    const loading = ws.load(next, 'faithful', (p) => seen.push(p), () => {
      heldDuring.push(ws.hasData);
      if (++checks === cancelAt) throw new CancelledError();
    });
    await expect(loading).rejects.toBeInstanceOf(CancelledError);
    return { seen, heldDuring };
  }

  it('keeps both unless the smaller of the two sources is over 512 MiB', () => {
    const month = 5.69e9;
    expect(KEEP_PREVIOUS_MAX_BYTES).toBe(536_870_912);
    expect(keepsPreviousData(month, 1_077_356)).toBe(true); // a small file after the month
    expect(keepsPreviousData(1_077_356, month)).toBe(true); // the month after a small file
    expect(keepsPreviousData(KEEP_PREVIOUS_MAX_BYTES, month)).toBe(true);
    expect(keepsPreviousData(KEEP_PREVIOUS_MAX_BYTES + 1, month)).toBe(false);
    expect(keepsPreviousData(month, month)).toBe(false); // a month after a month
  });

  it('keeps the loaded data through a cancelled load: features, events, insights and the next load all work', async () => {
    const ws = new IngestWorkspace();
    const first = await loadExcerpt(ws);
    const insights = ws.insights().insights;
    const { seen, heldDuring } = await cancelLoad(ws, demoSource({ rows: 200_000, seed: 1 }, 10_000), 3);
    expect(heldDuring).toEqual([true, true, true]);
    expect(seen.every((p) => p.keepsPrevious)).toBe(true);
    expect(ws.hasData).toBe(true);
    // The same data as before the second load, not some of its rows.
    const table = (await ws.featureTable({ cut: 'faithful' })).table;
    expect(table.rows).toBe(5066);
    expect(Array.from(table.label)).toEqual(Array.from(first.table.label));
    const ing = ingestBytes(excerpt);
    expect((await ws.featureTable({ cut: 'strict', firstK: 3 })).table.rows).toBe(computeSessionFeatures(ing.events, ing.dict.sessions, { cut: 'strict', firstK: 3 }).table.rows);
    expect(ingestResultFromData(ws.eventsCopy()).rows).toBe(17_434);
    expect(ws.insights().insights).toBe(insights); // still the ones computed for it, not recomputed
    // And a load that gets to the end replaces it.
    const next = events(await ws.load(demoSource({ rows: 30_000, seed: 3 }, 5_000), 'faithful', () => {}, noCancel));
    expect(next.summary.rows).toBe(30_000);
    expect(ingestResultFromData(ws.eventsCopy()).rows).toBe(30_000);
    expect(ws.insights().insights.sessions).toBe(next.summary.sessions);
  });

  it('keeps it through a load cancelled while building features, and through a failed load', async () => {
    const ws = new IngestWorkspace();
    await loadExcerpt(ws);
    let phase = '';
    let checksInFeatures = 0;
    const loading = ws.load(blobSource(new Blob([excerpt]), 'again.csv'), 'faithful', (p) => (phase = p.phase), () => {
      // The first check opens the stage; a later one falls between its steps.
      if (phase === 'features' && ++checksInFeatures === 2) throw new CancelledError();
    });
    await expect(loading).rejects.toBeInstanceOf(CancelledError);
    expect(checksInFeatures).toBe(2);
    expect(ingestResultFromData(ws.eventsCopy()).fileName).toBe('excerpt.csv');
    const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n';
    const failing = ws.load(blobSource(new Blob([header]), 'header-only.csv'), 'faithful', () => {}, noCancel);
    await expect(failing).rejects.toThrow('header-only.csv has a header line but no data rows');
    expect(ingestResultFromData(ws.eventsCopy()).fileName).toBe('excerpt.csv');
    expect((await ws.featureTable({ cut: 'faithful' })).table.rows).toBe(5066);
  });

  it('keeps a loaded features file through a cancelled load', async () => {
    const ws = new IngestWorkspace();
    const first = await loadExcerpt(ws);
    const csv = new Blob([...featuresCsvChunks(first.table, 1000)]);
    expect((await ws.load(blobSource(csv, 'features.csv'), 'faithful', () => {}, noCancel)).kind).toBe('features');
    const { heldDuring } = await cancelLoad(ws, demoSource({ rows: 100_000, seed: 2 }, 10_000), 2);
    expect(heldDuring).toEqual([true, true]);
    expect((await ws.featureTable({ cut: 'strict' })).table.rows).toBe(5066);
    expect(() => ws.eventsCopy()).toThrow(/features file has none/);
  });

  it('drops it before the parse when both sources are over the limit, and says so in the progress', async () => {
    // A 1 MB limit: the 2.3 MB excerpt and 200 k demo rows (~27 MB) are both over it.
    const ws = new IngestWorkspace({ keepPreviousMaxBytes: 1_000_000 });
    await loadExcerpt(ws);
    const { seen, heldDuring } = await cancelLoad(ws, demoSource({ rows: 200_000, seed: 1 }, 10_000), 3);
    expect(heldDuring).toEqual([false, false, false]);
    expect(seen[0]).toMatchObject({ phase: 'reading', keepsPrevious: false });
    expect(ws.hasData).toBe(false);
    await expect(ws.featureTable({ cut: 'faithful' })).rejects.toBeInstanceOf(NoDataError);
    expect(() => ws.eventsCopy()).toThrow(NoDataError);
  });

  it('under the same limit, keeps it when the new source is small (5,000 demo rows, ~0.67 MB)', async () => {
    const ws = new IngestWorkspace({ keepPreviousMaxBytes: 1_000_000 });
    await loadExcerpt(ws);
    const { seen, heldDuring } = await cancelLoad(ws, demoSource({ rows: 5_000, seed: 1 }, 1_000), 3);
    expect(heldDuring).toEqual([true, true, true]);
    expect(seen[0]).toMatchObject({ phase: 'reading', keepsPrevious: true });
    expect((await ws.featureTable({ cut: 'faithful' })).table.rows).toBe(5066);
  });

  it('has nothing to keep on a first load', async () => {
    const ws = new IngestWorkspace();
    const seen: IngestProgress[] = [];
    await ws.load(blobSource(new Blob([excerpt]), 'excerpt.csv'), 'faithful', (p) => seen.push(p), noCancel);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((p) => p.keepsPrevious)).toEqual([]);
  });
});
