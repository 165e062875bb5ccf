// Charts' text alternatives carry their numbers: exact sentences on small inputs.
import { describe, expect, it } from 'vitest';
import { bucketsText, calibrationText, importanceText, priceBinsText } from '../../src/ui/charts/chartText.ts';

describe('chart text alternatives', () => {
  it('bucketsText: sessions and conversion per non-empty bucket', () => {
    const buckets = [
      { label: '1', lo: 1, hi: 2, sessions: 1200, buyerSessions: 30, conversionRate: 0.025 },
      { label: '2', lo: 2, hi: 3, sessions: 0, buyerSessions: 0, conversionRate: 0 },
      { label: '> 100', lo: 101, hi: Infinity, sessions: 3, buyerSessions: 1, conversionRate: 1 / 3 },
    ];
    expect(bucketsText(buckets, 'events in the session')).toBe('By events in the session: 1: 1,200 sessions, 2.5 % buy; > 100: 3 sessions, 33.3 % buy.');
    expect(bucketsText([buckets[1]], 'duration')).toBe('No sessions.');
  });

  it('priceBinsText: events and purchases per non-empty bin, the last open-ended', () => {
    const bins = [
      { lo: 0, hi: 10, events: 5000, purchases: 12 },
      { lo: 10, hi: 100, events: 0, purchases: 0 },
      { lo: 1000, hi: Infinity, events: 7, purchases: 0 },
    ];
    expect(priceBinsText(bins)).toBe('Price 0 to under 10: 5,000 events, 12 purchases; 1,000 and over: 7 events, 0 purchases.');
    expect(priceBinsText([])).toBe('No priced events.');
  });

  it('calibrationText: mean predicted against the share that bought, empty bins left out', () => {
    const bins = [
      { lower: 0, upper: 0.1, count: 900, meanPredicted: 0.04, fractionPositive: 0.031 },
      { lower: 0.1, upper: 0.2, count: 0, meanPredicted: null, fractionPositive: null },
      { lower: 0.9, upper: 1, count: 10, meanPredicted: 0.95, fractionPositive: 0.8 },
    ];
    expect(calibrationText(bins)).toBe('Per bin, mean predicted probability → share that bought: 0.0400 → 0.0310 (900 sessions); 0.9500 → 0.8000 (10 sessions).');
  });

  it('importanceText: every share, with the direction a logistic coefficient gives', () => {
    expect(importanceText([{ name: 'cart_count', importance: 0.5 }, { name: 'view_count', importance: 0.005 }], 'up', 'down')).toBe('cart_count 50.0 %, view_count 0.50 %.');
    expect(importanceText([{ name: 'cart_count', importance: 0.7, coefficient: 1.2 }, { name: 'remove_count', importance: 0.3, coefficient: -0.4 }], 'up', 'down')).toBe(
      'cart_count 70.0 % (up), remove_count 30.0 % (down).',
    );
  });
});
