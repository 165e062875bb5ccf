// Rates shown by the Live stream: exact values on hand-made numbers.
import { describe, expect, test } from 'vitest';
import { eventsPerEventMinute } from '../../src/core/stream/streamSnapshot.ts';

describe('eventsPerEventMinute', () => {
  test('6 events over 5 minutes of event time is 1.2 per minute (regression: it read "0")', () => {
    expect(eventsPerEventMinute(6, 0, 300, 300)).toBe(1.2);
  });

  test('the clock past the last event does not dilute the rate', () => {
    expect(eventsPerEventMinute(6, 0, 420, 300)).toBe(1.2);
  });

  test('mid-replay: events so far over event time so far', () => {
    expect(eventsPerEventMinute(3, 1000, 1090, 5000)).toBe(2);
  });

  test('nothing measured yet is NaN, never 0', () => {
    expect(eventsPerEventMinute(0, 0, NaN, 300)).toBeNaN(); // before Start
    expect(eventsPerEventMinute(2, 0, 0, 300)).toBeNaN(); // the clock has not left the first second
    expect(eventsPerEventMinute(0, 0, 60, 300)).toBeNaN();
  });
});
