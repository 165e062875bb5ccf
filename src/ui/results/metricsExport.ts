// The "Metrics (JSON)" download: a documented object built from a run record, not the record itself.
// The record carries UI state (stale, dataVersion, tag) that means nothing in a file, and the
// early-prediction curve lives in the Results state, not in the record; both were wrong in the file.
import type { EvaluationReport } from '../../core/models/evaluation.ts';
import type { EarlyPredictionPoint } from '../../core/models/earlyPrediction.ts';
import type { Confusion, ThresholdMetrics } from '../../core/models/metrics.ts';
import { downsample } from '../../core/models/curves.ts';
import type { RunRecord } from '../state/trainingSession.svelte.ts';
import { runCut, runNotes } from './runCut.ts';

export const METRICS_EXPORT_FORMAT = 'intent-lab-metrics';
export const METRICS_EXPORT_VERSION = 1;

/** Points kept per curve in the file: enough to redraw it, not the thousands of the full curve. */
export const EXPORTED_CURVE_POINTS = 50;

/** Metrics of one evaluated part (test part, or every session for a saved model). */
export interface ExportedMetrics {
  sessions: number;
  buyers: number;
  auc: number;
  /** Average precision (sklearn's step-wise PR-AUC). */
  prAuc: number;
  logLoss: number;
  /** Metrics at the run's fixed threshold (0.5). */
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** Support-weighted F1 over both classes: what the original project printed as "F1". */
  weightedF1: number;
  confusion: Confusion;
  /** The F1-optimal threshold on these same rows (optimistic). */
  bestF1: { threshold: number; f1: number; precision: number; recall: number };
  curves: {
    /** Points of the full curves, and up to EXPORTED_CURVE_POINTS of each, evenly spaced along it. */
    rocPoints: number;
    prPoints: number;
    roc: { fpr: number; tpr: number }[];
    pr: { recall: number; precision: number }[];
    /** Ten probability bins: sessions, mean predicted probability, share that bought. */
    calibration: { lower: number; upper: number; sessions: number; meanPredicted: number | null; fractionBought: number | null }[];
  };
}

export interface MetricsExport {
  format: typeof METRICS_EXPORT_FORMAT;
  version: number;
  runId: number;
  model: RunRecord['model'];
  /** 'trained' here, or a 'saved' model file scored on the loaded data (no training, no test part). */
  origin: RunRecord['origin'];
  data: { name: string; kind: 'events' | 'features'; sessions: number; buyers: number };
  settings: {
    /** null for a features file, whose cut was fixed when it was computed. */
    cut: RunRecord['cut'] | null;
    /** null for a saved model: nothing was split or balanced here. */
    protocol: RunRecord['protocol'] | null;
    balance: RunRecord['balance'] | null;
    seed: number;
    backend: string;
    features: string[];
  };
  /** For a saved model: its file name and what the file says about its training. */
  savedModel: RunRecord['saved'];
  /** null for a saved model. */
  training: { sessions: number; buyers: number; fitRows: number; validRows: number; classWeights: { neg: number; pos: number }; seconds: number; rounds: number; keptRounds: number } | null;
  /**
   * natural: the untouched test part at the real purchase rate (null under the faithful protocol);
   * balanced: a 1:1 sample of it. For a saved model both are every session loaded (and a 1:1 sample).
   */
  test: { natural: ExportedMetrics | null; balanced: ExportedMetrics };
  /** Which part the threshold metrics and the early-prediction curve use. */
  evaluatedOn: RunRecord['evaluatedOn'];
  /** Metrics at the threshold Results' slider was set to when the file was saved (null before its first answer). */
  atChosenThreshold: ThresholdMetrics | null;
  /** ROC-AUC and PR-AUC after each session's first k events (strict cut), when Results computed it. */
  earlyPrediction: EarlyPredictionPoint[] | null;
  notes: string[];
}

function exportedMetrics(r: EvaluationReport): ExportedMetrics {
  return {
    sessions: r.n,
    buyers: r.pos,
    auc: r.auc,
    prAuc: r.prAuc,
    logLoss: r.logLoss,
    threshold: r.threshold,
    accuracy: r.accuracy,
    precision: r.precision,
    recall: r.recall,
    f1: r.f1,
    weightedF1: r.weightedF1,
    confusion: { ...r.confusion },
    bestF1: { threshold: r.bestF1.threshold, f1: r.bestF1.f1, precision: r.bestF1.precision, recall: r.bestF1.recall },
    curves: {
      rocPoints: r.roc.length,
      prPoints: r.pr.length,
      roc: downsample(r.roc, EXPORTED_CURVE_POINTS).map((p) => ({ fpr: p.fpr, tpr: p.tpr })),
      pr: downsample(r.pr, EXPORTED_CURVE_POINTS).map((p) => ({ recall: p.recall, precision: p.precision })),
      calibration: r.calibration.map((b) => ({ lower: b.lower, upper: b.upper, sessions: b.count, meanPredicted: b.meanPredicted, fractionBought: b.fractionPositive })),
    },
  };
}

export function metricsExport(
  run: RunRecord,
  extra: { earlyPrediction?: readonly EarlyPredictionPoint[] | null; atThreshold?: ThresholdMetrics | null } = {},
): MetricsExport {
  const saved = run.origin === 'saved';
  const early = extra.earlyPrediction && extra.earlyPrediction.length > 0 ? extra.earlyPrediction.map((p) => ({ ...p })) : null;
  return {
    format: METRICS_EXPORT_FORMAT,
    version: METRICS_EXPORT_VERSION,
    runId: run.runId,
    model: run.model,
    origin: run.origin,
    data: { name: run.dataLabel, kind: run.dataKind, sessions: run.sessions.rows, buyers: run.sessions.positives },
    settings: {
      cut: runCut(run),
      protocol: saved ? null : run.protocol,
      balance: saved || run.protocol === 'faithful' ? null : run.balance,
      seed: run.seed,
      backend: run.backend,
      features: [...run.features],
    },
    savedModel: run.saved ? { ...run.saved } : null,
    training: saved
      ? null
      : {
          sessions: run.train.rows,
          buyers: run.train.positives,
          fitRows: run.train.fitRows,
          validRows: run.train.validRows,
          classWeights: { ...run.train.classWeights },
          seconds: run.train.seconds,
          rounds: run.train.rounds,
          keptRounds: run.train.keptRounds,
        },
    test: { natural: run.test.natural ? exportedMetrics(run.test.natural) : null, balanced: exportedMetrics(run.test.balanced) },
    evaluatedOn: run.evaluatedOn,
    atChosenThreshold: extra.atThreshold ? { ...extra.atThreshold, confusion: { ...extra.atThreshold.confusion } } : null,
    earlyPrediction: early,
    notes: runNotes(run),
  };
}
