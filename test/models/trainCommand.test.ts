// The `train` CLI command: input detection by header, and the JSON report's contract.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { detectInput, run } from '../../cli/commands/train.ts';
import { featuresCsvChunks } from '../../src/core/features/featuresCsv.ts';
import { parseModelFile } from '../../src/core/models/modelFile.ts';
import { sessionLikeTable } from './syntheticTable.ts';

describe('detectInput', () => {
  it('a header with user_session and label is a features file; a REES46 header is raw', () => {
    expect(detectInput('user_session,label,view_count,cart_count')).toBe('features');
    expect(detectInput('"user_session","label","view_count"')).toBe('features');
    expect(detectInput('event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session')).toBe('raw');
  });
});

describe('train command on a features CSV', () => {
  it('writes a JSON report with the agreed fields and a loadable model file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-lab-train-'));
    const csv = join(dir, 'features.csv');
    writeFileSync(csv, [...featuresCsvChunks(sessionLikeTable(3000, 5, true))].join(''));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const code = await run([csv, '--model', 'gbdt', '--backend', 'cpu', '--rounds', '5', '--seed', '3', '--json', join(dir, 'r.json'), '--save', join(dir, 'm.json'), '--quiet']);
    log.mockRestore();
    expect(code).toBe(0);
    const r = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(r).toMatchObject({ model: 'gbdt', backend: 'cpu', protocol: 'honest', balance: 'undersample', cut: null, seed: 3, input: { kind: 'features' } });
    expect(r.train.rows).toBeGreaterThan(0);
    expect(r.train.seconds).toBeGreaterThanOrEqual(0);
    for (const part of [r.test.natural, r.test.balanced]) {
      for (const key of ['n', 'pos', 'auc', 'prAuc', 'f1', 'precision', 'recall', 'accuracy', 'weightedF1', 'threshold']) expect(typeof part[key], key).toBe('number');
    }
    expect(Object.keys(r.featureImportance).length).toBe(17);
    expect(parseModelFile(readFileSync(join(dir, 'm.json'), 'utf8')).model.kind).toBe('gbdt');
  });
});

/** ROC-AUC by pair counting (ties half), independent of the app's metrics code. */
function pairAuc(rows: { label: number; score: number }[]): number {
  const pos = rows.filter((r) => r.label === 1).map((r) => r.score);
  const neg = rows.filter((r) => r.label === 0).map((r) => r.score);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

describe('train --scores', () => {
  for (const protocol of ['honest', 'faithful'] as const) {
    it(`${protocol}: every session's score, from which the report's test metrics recompute exactly`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'intent-lab-scores-'));
      const csv = join(dir, 'features.csv');
      const table = sessionLikeTable(1500, 7, true);
      writeFileSync(csv, [...featuresCsvChunks(table)].join(''));
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const code = await run([csv, '--model', 'logistic', '--protocol', protocol, '--backend', 'cpu', '--seed', '5', '--json', join(dir, 'r.json'), '--scores', join(dir, 's.csv'), '--quiet']);
      log.mockRestore();
      expect(code).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
      const [header, ...lines] = readFileSync(join(dir, 's.csv'), 'utf8').trimEnd().split('\n');
      expect(header).toBe('user_session,label,part,in_balanced_test,score');
      expect(lines.length).toBe(1500);
      const rows = lines.map((l) => {
        const [id, label, part, balanced, score] = l.split(',');
        return { id, label: Number(label), part, balanced: Number(balanced), score: Number(score) };
      });
      expect(new Set(rows.map((r) => r.id)).size).toBe(1500);
      const test = rows.filter((r) => r.part === 'test');
      const natural = protocol === 'honest' ? report.test.natural : report.test.balanced;
      expect(test.length).toBe(natural.n);
      expect(test.filter((r) => r.label === 1).length).toBe(natural.pos);
      expect(pairAuc(test)).toBeCloseTo(natural.auc, 12);
      const flagged = test.filter((r) => r.score >= 0.5);
      expect(flagged.filter((r) => r.label === 1).length / flagged.length).toBeCloseTo(natural.precision, 12);
      const balanced = rows.filter((r) => r.balanced === 1);
      expect(balanced.length).toBe(report.test.balanced.n);
      expect(pairAuc(balanced)).toBeCloseTo(report.test.balanced.auc, 12);
      expect(rows.filter((r) => r.part === 'train').length).toBe(report.train.rows);
      // No session is both trained on and tested.
      expect(balanced.every((r) => r.part === 'test')).toBe(true);
    });
  }
});
