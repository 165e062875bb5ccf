// Explore insights → chart.js configurations. Presentation only: every number comes from the
// ExploreInsights the ingest worker computed.
import type { ChartConfiguration } from '../charts/chartSetup.ts';
import { withAlpha, type ChartPalette } from '../charts/chartTheme.ts';
import type { ExploreInsights } from '../../core/insights/exploreInsights.ts';
import type { Bucket } from '../../core/insights/sessionBuckets.ts';
import { formatCompact, formatInt, formatPercent } from '../format.ts';

const pct = (v: number | string) => formatPercent(Number(v));

/** Log-axis labels at powers of ten only (chart.js otherwise labels 10, 30, 60, 80, 100, 200…). */
const logTick = (v: number | string) => {
  const n = Number(v);
  return n > 0 && Math.abs(Math.log10(n) - Math.round(Math.log10(n))) < 1e-9 ? formatCompact(n) : null;
};

export function eventMixChart(ins: ExploreInsights, p: ChartPalette): ChartConfiguration {
  const mix = ins.eventMix.filter((m) => m.count > 0 || m.type !== 'remove_from_cart');
  return {
    type: 'bar',
    data: {
      labels: mix.map((m) => m.type),
      datasets: [{ label: 'events', data: mix.map((m) => m.count), backgroundColor: mix.map((_, i) => p.series[i % p.series.length]) }],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'events (log scale)' }, ticks: { callback: logTick } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => `${formatInt(Number(c.raw))} events (${formatPercent(mix[c.dataIndex].share)})` } },
      },
    },
  };
}

export function funnelChart(ins: ExploreInsights, p: ChartPalette): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: ins.funnel.map((f) => `≥ 1 ${f.stage}`),
      datasets: [{ label: 'sessions', data: ins.funnel.map((f) => f.sessions), backgroundColor: [p.series[0], p.series[1], p.series[2]] }],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'sessions (log scale)' }, ticks: { callback: logTick } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => `${formatInt(Number(c.raw))} sessions (${formatPercent(ins.funnel[c.dataIndex].share)} of all)` } },
      },
    },
  };
}

/** Sessions per bucket (bars, left axis) and the bucket's conversion rate (line, right axis). */
function bucketChart(buckets: Bucket[], p: ChartPalette, xTitle: string): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: buckets.map((b) => b.label),
      datasets: [
        { type: 'bar', label: 'sessions', data: buckets.map((b) => b.sessions), backgroundColor: withAlpha(p.series[0], 0.75), yAxisID: 'y', order: 2 },
        {
          type: 'line',
          label: 'conversion rate',
          data: buckets.map((b) => (b.sessions > 0 ? b.conversionRate : null)),
          borderColor: p.series[1],
          backgroundColor: p.series[1],
          yAxisID: 'rate',
          order: 1,
          pointRadius: 4,
          spanGaps: true,
        },
      ],
    },
    options: {
      scales: {
        x: { title: { display: true, text: xTitle } },
        y: { title: { display: true, text: 'sessions' }, ticks: { callback: (v) => formatCompact(Number(v)) } },
        rate: { position: 'right', min: 0, title: { display: true, text: 'conversion' }, grid: { drawOnChartArea: false }, ticks: { callback: pct } },
      },
      plugins: {
        tooltip: {
          callbacks: { label: (c) => (c.dataset.yAxisID === 'rate' ? `converts: ${pct(c.raw as number)}` : `${formatInt(Number(c.raw))} sessions`) },
        },
      },
    },
  };
}

export function eventsPerSessionChart(ins: ExploreInsights, p: ChartPalette): ChartConfiguration {
  return bucketChart(ins.eventsPerSession, p, 'events in the session');
}

export function durationChart(ins: ExploreInsights, p: ChartPalette): ChartConfiguration {
  return bucketChart(ins.durationConversion, p, 'session duration (first → last event)');
}

export function hourChart(ins: ExploreInsights, p: ChartPalette): ChartConfiguration {
  const night = (h: number) => h >= 22 || h < 6;
  return {
    type: 'bar',
    data: {
      labels: ins.byHour.map((h) => String(h.hour).padStart(2, '0')),
      datasets: [
        // Day and night as two datasets sharing each hour's slot (grouped: false), so the legend
        // shows both colours (one dataset with per-bar colours showed the first bar's, night).
        ...[false, true].map((isNight) => ({
          type: 'bar' as const,
          label: isNight ? 'sessions starting at night (22–06)' : 'sessions starting by day',
          data: ins.byHour.map((h) => (night(h.hour) === isNight ? h.sessions : null)),
          backgroundColor: withAlpha(isNight ? p.series[3] : p.series[0], 0.7),
          yAxisID: 'y',
          order: 2,
          grouped: false,
        })),
        {
          type: 'line',
          label: 'conversion rate',
          data: ins.byHour.map((h) => (h.sessions > 0 ? h.conversionRate : null)),
          borderColor: p.series[1],
          backgroundColor: p.series[1],
          yAxisID: 'rate',
          order: 1,
          pointRadius: 3,
          spanGaps: true,
        },
      ],
    },
    options: {
      scales: {
        // Every other hour (or fewer) when 24 labels do not fit side by side: they overlapped at
        // projector size at 1280 px. Never rotated: a slanted "07" is harder to read than a gap.
        x: { title: { display: true, text: 'hour the session starts (UTC)' }, ticks: { autoSkip: true, autoSkipPadding: 8, maxRotation: 0 } },
        y: { title: { display: true, text: 'sessions' }, ticks: { callback: (v) => formatCompact(Number(v)) } },
        rate: { position: 'right', min: 0, title: { display: true, text: 'conversion' }, grid: { drawOnChartArea: false }, ticks: { callback: pct } },
      },
      plugins: {
        tooltip: {
          callbacks: { label: (c) => (c.dataset.yAxisID === 'rate' ? `converts: ${pct(c.raw as number)}` : `${formatInt(Number(c.raw))} sessions start (${formatInt(ins.byHour[c.dataIndex].buyerSessions)} of them buy); ${formatInt(ins.byHour[c.dataIndex].purchases)} purchase events in this hour`) },
        },
      },
    },
  };
}

export function priceChart(ins: ExploreInsights, p: ChartPalette): ChartConfiguration {
  const bins = ins.priceHistogram;
  // A bin holds its lower edge, not its upper one ([lo, hi)): "100 to < 200", so a price of exactly
  // 200 is not looked for in it (pd.cut's default is the other way round).
  const label = (lo: number, hi: number) => (hi === Infinity ? `≥ ${formatInt(lo)}` : `${formatInt(lo)} to < ${formatInt(hi)}`);
  return {
    type: 'bar',
    data: {
      labels: bins.map((b) => label(b.lo, b.hi)),
      datasets: [
        { label: 'all events', data: bins.map((b) => b.events), backgroundColor: withAlpha(p.series[0], 0.75) },
        { label: 'purchases', data: bins.map((b) => b.purchases), backgroundColor: p.series[2] },
      ],
    },
    options: {
      scales: {
        x: { title: { display: true, text: 'price (log-spaced bins)' } },
        y: { type: 'logarithmic', title: { display: true, text: 'events (log scale)' }, ticks: { callback: logTick } },
      },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatInt(Number(c.raw))}` } } },
    },
  };
}
