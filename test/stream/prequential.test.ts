// Prequential evaluation on tiny hand-made streams, every number worked out by hand.
import { describe, expect, test } from 'vitest';
import { PrequentialMetrics } from '../../src/core/stream/prequentialMetrics.ts';
import { StreamEngine } from '../../src/core/stream/streamEngine.ts';
import { ingestText } from '../helpers/ingestText.ts';

describe('PrequentialMetrics', () => {
  // probabilities 0.9 0.2 0.6 0.4 0.7, labels 1 0 0 1 1, window 3, threshold 0.5.
  const m = new PrequentialMetrics(3);
  for (const [p, y] of [[0.9, 1], [0.2, 0], [0.6, 0], [0.4, 1], [0.7, 1]] as const) m.add(p, y);

  test('since start: accuracy 3/5, AUC 5/6, log loss by hand', () => {
    const s = m.sinceStart();
    expect(s.n).toBe(5);
    expect(s.positives).toBe(3);
    expect(s.accuracy).toBe(3 / 5); // predicted 1 0 1 0 1 vs labels 1 0 0 1 1
    // positives {0.9, 0.4, 0.7} vs negatives {0.2, 0.6}: 5 of 6 pairs ordered right (0.4 < 0.6 is not).
    expect(s.auc).toBe(5 / 6);
    expect(s.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4) + Math.log(0.7)) / 5, 14);
  });

  test('rolling window of the last 3: accuracy 1/3, AUC 1/2', () => {
    const r = m.rolling(); // 0.6→0, 0.4→1, 0.7→1
    expect(r.n).toBe(3);
    expect(r.positives).toBe(2);
    expect(r.accuracy).toBe(1 / 3);
    expect(r.auc).toBe(1 / 2);
    expect(r.logLoss).toBeCloseTo(-(Math.log(0.4) + Math.log(0.4) + Math.log(0.7)) / 3, 14);
  });

  test('AUC is NaN until both classes are present; ties count half', () => {
    const t = new PrequentialMetrics(10);
    t.add(0.3, 0);
    expect(t.sinceStart().auc).toBeNaN();
    expect(t.rolling().auc).toBeNaN();
    t.add(0.3, 1);
    expect(t.sinceStart().auc).toBe(0.5);
    expect(t.rolling().auc).toBe(0.5);
    expect(new PrequentialMetrics(2).sinceStart().accuracy).toBeNaN();
  });
});

describe('test-then-train in the engine', () => {
  // Five one-event sessions, then each closes by timeout (1 s) when the next one arrives, and the last
  // at the end of the data: labels in order P1 (purchase), N1, N2, P2, N3 … Mini-batches of 3.
  const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
  const row = (sec: number, type: string, price: string, session: string) =>
    `2019-10-01 10:00:${String(sec).padStart(2, '0')} UTC,${type},1,2053013555631882655,,,${price},${session.charCodeAt(0)},${session}`;
  const csv = [
    HEADER,
    row(0, 'view', '10.00', 'a'),
    row(1, 'purchase', '10.00', 'a'), // a: positive at 10:00:01
    row(10, 'view', '20.00', 'b'), // b: negative when c arrives (idle > 1 s)
    row(20, 'view', '30.00', 'c'), // c: negative when d arrives
    row(30, 'view', '40.00', 'd'),
    row(31, 'purchase', '40.00', 'd'), // d: positive — the 4th label, first after the first step
    row(40, 'view', '50.00', 'e'), // e: negative at the end
  ].join('\n');

  test('the first three labels are scored by the untrained model (p = 0.5); the fourth after one SGD step', () => {
    const data = ingestText(csv);
    const engine = new StreamEngine({ events: data.events, sessionCount: data.dict.sessions.size }, { timeoutSec: 1, model: { batchSize: 3, learningRate: 1, l2: 0 } });
    const seen: [string, number, number][] = [];
    engine.onExample = (s, _x, y, p) => seen.push([data.dict.sessions.get(s), y, p]);
    engine.processUntil(Infinity);
    engine.closeAll();
    expect(seen.map(([s, y]) => [s, y])).toEqual([['a', 1], ['b', 0], ['c', 0], ['d', 1], ['e', 0]]);
    expect(seen.slice(0, 3).map(([, , p]) => p)).toEqual([0.5, 0.5, 0.5]);
    // The step after c: mean gradient of the bias (0.5−1 + 0.5 + 0.5)/3 = 1/6, so bias = −1/6; the
    // weights moved too, so d's probability is not just sigmoid(−1/6): it was scored before learning.
    expect(engine.model.batchesApplied).toBe(1);
    expect(seen[3][2]).not.toBe(0.5);
    // The metrics saw exactly these probabilities, in this order.
    const expected = new PrequentialMetrics(1000);
    for (const [, y, p] of seen) expected.add(p, y as 0 | 1);
    expect(engine.metrics.sinceStart()).toEqual(expected.sinceStart());
    expect(engine.metrics.rolling()).toEqual(expected.rolling());
  });

  test('with identical features, only the bias learns: d is scored at sigmoid(−1/6)', () => {
    // Same stream with every price 10.00: all five examples have the same features, so every
    // standardized value is 0 and the first step moves only the bias, to −1/6.
    const flat = csv.replace(/,\d+\.00,/g, ',10.00,');
    const data = ingestText(flat);
    const engine = new StreamEngine({ events: data.events, sessionCount: data.dict.sessions.size }, { timeoutSec: 1, model: { batchSize: 3, learningRate: 1, l2: 0 } });
    const probs: number[] = [];
    engine.onExample = (_s, _x, _y, p) => probs.push(p);
    engine.processUntil(Infinity);
    engine.closeAll();
    expect(probs.slice(0, 3)).toEqual([0.5, 0.5, 0.5]);
    expect(probs[3]).toBeCloseTo(1 / (1 + Math.exp(1 / 6)), 15);
  });
});
