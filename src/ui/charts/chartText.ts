// The numbers behind a chart, as a sentence for its text alternative (ChartCanvas's aria-label): a
// chart is one image to a screen reader, and these figures are shown nowhere else as text.
import type { Bucket } from '../../core/insights/sessionBuckets.ts';
import type { PriceBin } from '../../core/insights/priceHistogram.ts';
import type { CalibrationBin } from '../../core/models/curves.ts';
import type { FeatureImportance } from '../../core/models/model.ts';
import { formatInt, formatMetric, formatPercent } from '../format.ts';

/** Sessions and conversion per bucket: "1: 1,200 sessions, 2.5 % buy; 2: …". Empty buckets are left out. */
export function bucketsText(buckets: readonly Bucket[], unit: string): string {
  const shown = buckets.filter((b) => b.sessions > 0);
  if (shown.length === 0) return 'No sessions.';
  return `By ${unit}: ${shown.map((b) => `${b.label}: ${formatInt(b.sessions)} sessions, ${formatPercent(b.conversionRate)} buy`).join('; ')}.`;
}

/** Events and purchases per price bin, the empty ones left out. */
export function priceBinsText(bins: readonly PriceBin[]): string {
  const shown = bins.filter((b) => b.events > 0);
  if (shown.length === 0) return 'No priced events.';
  const range = (b: PriceBin) => (b.hi === Infinity ? `${formatInt(b.lo)} and over` : `${formatInt(b.lo)} to under ${formatInt(b.hi)}`);
  return `Price ${shown.map((b) => `${range(b)}: ${formatInt(b.events)} events, ${formatInt(b.purchases)} purchases`).join('; ')}.`;
}

/** Mean predicted probability against the share that bought, per non-empty bin. */
export function calibrationText(bins: readonly CalibrationBin[]): string {
  const shown = bins.filter((b) => b.count > 0 && b.meanPredicted !== null && b.fractionPositive !== null);
  if (shown.length === 0) return 'No scored sessions.';
  return `Per bin, mean predicted probability → share that bought: ${shown.map((b) => `${formatMetric(b.meanPredicted as number)} → ${formatMetric(b.fractionPositive as number)} (${formatInt(b.count)} sessions)`).join('; ')}.`;
}

/** Every feature's share, largest first; a logistic model's also says which way it pushes. */
export function importanceText(importance: readonly FeatureImportance[], towards: string, away: string): string {
  if (importance.length === 0) return 'No features.';
  const way = (f: FeatureImportance) => (f.coefficient === undefined ? '' : f.coefficient < 0 ? ` (${away})` : ` (${towards})`);
  return `${importance.map((f) => `${f.name} ${formatPercent(f.importance)}${way(f)}`).join(', ')}.`;
}
