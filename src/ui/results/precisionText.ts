// Precision is tp / (tp + fp); core reports 0 when no session is flagged (0/0), which reads as "every
// flag was wrong". The UI says instead that there was nothing to be precise about.
import type { Confusion } from '../../core/models/metrics.ts';
import { formatMetric } from '../format.ts';

export const NONE_FLAGGED_HINT = 'no session flagged at this threshold';

/** True when the threshold flagged no session, so precision is undefined (0/0). */
export function noneFlagged(c: Pick<Confusion, 'tp' | 'fp'>): boolean {
  return c.tp + c.fp === 0;
}

/** `0.8123`, or `–` when precision is 0/0. */
export function formatPrecision(precision: number, c: Pick<Confusion, 'tp' | 'fp'>): string {
  return noneFlagged(c) ? '–' : formatMetric(precision);
}
