// Evaluation reports → chart.js configurations (ROC, precision–recall, calibration, feature
// importance, early prediction). Every number comes from the model worker's reports.
import type { ChartConfiguration } from '../charts/chartSetup.ts';
import { withAlpha, type ChartPalette } from '../charts/chartTheme.ts';
import type { EvaluationReport } from '../../core/models/evaluation.ts';
import type { FeatureImportance } from '../../core/models/model.ts';
import type { EarlyPredictionPoint } from '../../core/models/earlyPrediction.ts';
import { formatPercent } from '../format.ts';

interface Curve {
  label: string;
  report: EvaluationReport;
}

/**
 * One colour convention for every "which way does it push" display (the importance bars here and the
 * contribution bars of SessionLookup.svelte, which use the same tokens --c1 and --c2): blue (series 0,
 * the app's first series colour) raises the purchase odds, orange (series 1) lowers them. The two
 * charts said opposite things about orange before.
 */
export const TOWARDS_BUYING_SERIES = 0;
export const AWAY_FROM_BUYING_SERIES = 1;
export const TOWARDS_BUYING_LABEL = 'raises the purchase odds';
export const AWAY_FROM_BUYING_LABEL = 'lowers the purchase odds';

const unitAxis = (text: string) => ({ type: 'linear' as const, min: 0, max: 1, title: { display: true, text } });

/**
 * Short swatches (chart.js draws 40 px) leave room for the labels: chart.js wraps legend items but
 * clips a single item wider than the canvas, which the PR legend was at 390 px wide.
 */
const curveLegend = { labels: { boxWidth: 18 } };

export function rocChart(curves: Curve[], p: ChartPalette): ChartConfiguration {
  return {
    type: 'line',
    data: {
      datasets: [
        ...curves.map((c, i) => ({
          label: `${c.label} (AUC ${c.report.auc.toFixed(4)})`,
          data: c.report.roc.map((pt) => ({ x: pt.fpr, y: pt.tpr })),
          borderColor: p.series[i % p.series.length],
          backgroundColor: p.series[i % p.series.length],
          pointRadius: 0,
          borderWidth: 2,
        })),
        { label: 'chance', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: p.muted, borderDash: [5, 5], pointRadius: 0, borderWidth: 1 },
      ],
    },
    options: { parsing: false, plugins: { legend: curveLegend }, scales: { x: unitAxis('false positive rate'), y: unitAxis('true positive rate (recall)') } },
  };
}

/** The PR points as a step curve from recall 0: the first threshold's precision holds from 0 to its recall. */
export function prStepPoints(pr: readonly { recall: number; precision: number }[]): { x: number; y: number }[] {
  const points = pr.map((pt) => ({ x: pt.recall, y: pt.precision }));
  return points.length > 0 && points[0].x > 0 ? [{ x: 0, y: points[0].y }, ...points] : points;
}

export function prChart(curves: Curve[], p: ChartPalette): ChartConfiguration {
  return {
    type: 'line',
    data: {
      datasets: [
        ...curves.map((c, i) => ({
          // Short, so one item fits a phone's width; the chart's description says PR-AUC is the average precision.
          label: `${c.label} (PR-AUC ${c.report.prAuc.toFixed(4)})`,
          data: prStepPoints(c.report.pr),
          borderColor: p.series[i % p.series.length],
          backgroundColor: p.series[i % p.series.length],
          pointRadius: 0,
          borderWidth: 2,
          // 'after': Chart.js draws the vertical part first, so the span from one recall to the next
          // sits at the *next* point's precision, the step whose area is the average precision.
          // ('before' drew it at the previous point's: a first threshold with no buyer then showed
          // precision 0 up to the next one's recall.)
          stepped: 'after' as const,
        })),
        ...curves.map((c, i) => ({
          label: `${c.label}: buyer rate ${formatPercent(c.report.pos / Math.max(1, c.report.n))}`,
          data: [
            { x: 0, y: c.report.pos / Math.max(1, c.report.n) },
            { x: 1, y: c.report.pos / Math.max(1, c.report.n) },
          ],
          borderColor: withAlpha(p.series[i % p.series.length], 0.6),
          borderDash: [5, 5],
          pointRadius: 0,
          borderWidth: 1,
        })),
      ],
    },
    options: { parsing: false, plugins: { legend: curveLegend }, scales: { x: unitAxis('recall'), y: unitAxis('precision') } },
  };
}

export function calibrationChart(report: EvaluationReport, p: ChartPalette): ChartConfiguration {
  const bins = report.calibration.filter((b) => b.meanPredicted !== null && b.fractionPositive !== null);
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'this model',
          data: bins.map((b) => ({ x: b.meanPredicted as number, y: b.fractionPositive as number })),
          borderColor: p.series[0],
          backgroundColor: p.series[0],
          pointRadius: 4,
          borderWidth: 2,
        },
        { label: 'perfectly calibrated', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: p.muted, borderDash: [5, 5], pointRadius: 0, borderWidth: 1 },
      ],
    },
    options: {
      parsing: false,
      scales: { x: unitAxis('mean predicted probability (per bin)'), y: unitAxis('share that bought') },
      plugins: { tooltip: { callbacks: { afterLabel: (c) => (c.datasetIndex === 0 ? `${bins[c.dataIndex].count.toLocaleString('en-US')} sessions` : '') } } },
    },
  };
}

export function importanceChart(importance: FeatureImportance[], p: ChartPalette, kind: 'gbdt' | 'logistic'): ChartConfiguration {
  const top = importance.slice(0, 17);
  const lowers = (f: FeatureImportance) => f.coefficient !== undefined && f.coefficient < 0;
  // Logistic: two stacked datasets (one bar per feature, the other null) so the legend names the
  // colours; GBDT's split gain has no direction, one dataset in the first colour.
  const datasets =
    kind === 'gbdt'
      ? [{ label: 'share of split gain', data: top.map((f) => f.importance), backgroundColor: p.series[TOWARDS_BUYING_SERIES] }]
      : [
          { label: TOWARDS_BUYING_LABEL, data: top.map((f) => (lowers(f) ? null : f.importance)), backgroundColor: p.series[TOWARDS_BUYING_SERIES] },
          { label: AWAY_FROM_BUYING_LABEL, data: top.map((f) => (lowers(f) ? f.importance : null)), backgroundColor: p.series[AWAY_FROM_BUYING_SERIES] },
        ];
  return {
    type: 'bar',
    data: { labels: top.map((f) => f.name), datasets },
    options: {
      indexAxis: 'y',
      scales: { x: { min: 0, stacked: true, ticks: { callback: (v) => formatPercent(Number(v)) } }, y: { stacked: true, ticks: { autoSkip: false } } },
      plugins: {
        legend: { display: kind !== 'gbdt', labels: { boxWidth: 18 } },
        tooltip: {
          callbacks: {
            label: (c) => {
              const f = top[c.dataIndex];
              return f.coefficient !== undefined ? `${formatPercent(f.importance)} (coefficient ${f.coefficient.toFixed(3)} per std)` : formatPercent(f.importance);
            },
          },
        },
      },
    },
  };
}

export function earlyChart(points: EarlyPredictionPoint[], p: ChartPalette, fullAuc: number | null, fullLabel = 'ROC-AUC, whole session (this run)'): ChartConfiguration {
  const maxK = points.at(-1)?.k ?? 10;
  return {
    type: 'line',
    data: {
      datasets: [
        { label: 'ROC-AUC after k events', data: points.map((pt) => ({ x: pt.k, y: pt.auc })), borderColor: p.series[0], backgroundColor: p.series[0], pointRadius: 5, borderWidth: 2 },
        { label: 'PR-AUC (average precision) after k events', data: points.map((pt) => ({ x: pt.k, y: pt.prAuc })), borderColor: p.series[2], backgroundColor: p.series[2], pointRadius: 5, borderWidth: 2 },
        ...(fullAuc !== null
          ? [{ label: fullLabel, data: [{ x: 1, y: fullAuc }, { x: maxK, y: fullAuc }], borderColor: p.muted, borderDash: [5, 5], pointRadius: 0, borderWidth: 1 }]
          : []),
      ],
    },
    options: {
      parsing: false,
      scales: {
        x: { type: 'linear', min: 1, max: maxK, title: { display: true, text: 'events seen (k)' }, ticks: { stepSize: 1 } },
        y: { min: 0, max: 1, title: { display: true, text: 'AUC' } },
      },
    },
  };
}
