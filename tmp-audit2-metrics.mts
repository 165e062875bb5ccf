import { writeFileSync } from 'node:fs';
import { evaluateScores } from './src/core/models/evaluation.ts';
import { mulberry32 } from './test/helpers/ingestText.ts';
const rnd = mulberry32(2024);
const cases: any[] = [];
for (let c = 0; c < 400; c++) {
  const n = c < 20 ? 1 + (c % 5) : 1 + Math.floor(rnd() * 300);
  const kind = c % 8;
  const pos = kind === 0 ? 0 : kind === 1 ? 1 : rnd();
  const label = Array.from({ length: n }, () => (rnd() < pos ? 1 : 0));
  let score: number[];
  if (c % 3 === 0) score = Array.from({ length: n }, () => Math.floor(rnd() * 5) / 4); // heavy ties incl 0, 0.5, 1
  else if (c % 3 === 1) score = Array.from({ length: n }, () => Math.fround(rnd())); // float32-like
  else score = Array.from({ length: n }, () => (label[0] === 1 ? rnd() : rnd() * 0.6)) .map((s, i) => (label[i] ? Math.min(1, s + 0.2) : s));
  const threshold = c % 4 === 0 ? 0.5 : c % 4 === 1 ? score[Math.floor(rnd() * n)] : c % 4 === 2 ? 0 : rnd();
  const e = evaluateScores(label, score, threshold);
  cases.push({ label, score, threshold, app: { auc: e.auc, ap: e.prAuc, logLoss: e.logLoss, acc: e.accuracy, prec: e.precision, rec: e.recall, f1: e.f1, wf1: e.weightedF1, cm: e.confusion, best: { t: e.bestF1.threshold, f1: e.bestF1.f1 } } });
}
writeFileSync('/tmp/audit2/metrics.json', JSON.stringify(cases, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
console.log(cases.length, 'cases');
