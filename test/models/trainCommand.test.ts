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
