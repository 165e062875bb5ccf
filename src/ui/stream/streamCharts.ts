// chart.js configurations for the Live stream tab: event rate and session conversion over event time,
// and the online (and frozen) model's rolling metrics over event time. Pure builders from history
// points and the theme palette; the charts redraw at most once a second (the slow snapshot).
import type { ChartConfiguration } from '../charts/chartSetup.ts';
import type { ChartPalette } from '../charts/chartTheme.ts';
import type { StreamHistoryPoint } from './streamClient.svelte.ts';

const tickTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** The data's first and last event times (epoch seconds): the time axis before anything is replayed. */
export interface EventSpan {
  firstSec: number;
  lastSec: number;
}

function timeAxis(p: ChartPalette, history: readonly StreamHistoryPoint[], span: EventSpan) {
  // The axis spans the replayed time only (no "nice" padding before the first event); before two
  // points exist, the data's whole span (an empty axis read "1 Jan, 00:00", epoch 0, six times).
  const range = history.length > 1 ? { min: history[0].clockSec, max: history[history.length - 1].clockSec } : span.lastSec > span.firstSec ? { min: span.firstSec, max: span.lastSec } : {};
  return {
    type: 'linear' as const,
    ...range,
    title: { display: true, text: 'event time (UTC)', color: p.muted },
    ticks: { maxTicksLimit: 6, callback: (v: number | string) => tickTime.format(new Date(Number(v) * 1000)) },
  };
}

const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);

export function trafficChart(history: readonly StreamHistoryPoint[], span: EventSpan) {
  return (p: ChartPalette): ChartConfiguration => ({
    type: 'line',
    data: {
      datasets: [
        {
          label: 'events per minute of event time',
          data: history.map((h) => ({ x: h.clockSec, y: finite(h.eventsPerMinute) })),
          borderColor: p.series[0],
          backgroundColor: p.series[0],
          yAxisID: 'events',
          pointRadius: 0,
          borderWidth: 2,
          spanGaps: true,
        },
        {
          label: 'session conversion since start (%)',
          data: history.map((h) => ({ x: h.clockSec, y: Number.isFinite(h.conversion) ? 100 * h.conversion : null })),
          borderColor: p.series[1],
          backgroundColor: p.series[1],
          yAxisID: 'conversion',
          pointRadius: 0,
          borderWidth: 2,
          spanGaps: true,
        },
      ],
    },
    options: {
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: timeAxis(p, history, span),
        events: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'events / min' } },
        conversion: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'conversion %' } },
      },
    },
  });
}

export function metricsChart(history: readonly StreamHistoryPoint[], span: EventSpan) {
  return (p: ChartPalette): ChartConfiguration => {
    const line = (label: string, color: string, axis: string, pick: (h: StreamHistoryPoint) => number | null, dash?: number[]) => ({
      label,
      data: history.map((h) => ({ x: h.clockSec, y: finite(pick(h)) })),
      borderColor: color,
      backgroundColor: color,
      yAxisID: axis,
      pointRadius: 0,
      borderWidth: 2,
      spanGaps: true,
      ...(dash ? { borderDash: dash } : {}),
    });
    const datasets = [
      line('online AUC (rolling)', p.series[0], 'unit', (h) => h.rollingAuc),
      line('online accuracy (rolling)', p.series[2], 'unit', (h) => h.rollingAccuracy),
      line('online log loss (rolling)', p.series[3], 'loss', (h) => h.rollingLogLoss),
    ];
    if (history.some((h) => h.frozenRollingAuc !== null)) datasets.push(line('frozen batch model AUC (rolling)', p.series[1], 'unit', (h) => h.frozenRollingAuc, [6, 4]));
    return {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: timeAxis(p, history, span),
          unit: { type: 'linear', position: 'left', min: 0, max: 1, title: { display: true, text: 'AUC, accuracy' } },
          loss: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'log loss' } },
        },
      },
    };
  };
}
