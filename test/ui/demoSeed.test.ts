// The demo picker's seed follows Train's rule (regression: −1 loaded "…-seed--1.csv", 1.7 became 1,
// 99999999999 was taken, and a blank field became 42, all without a word).
import { describe, expect, it } from 'vitest';
import { trainNumberProblem } from '../../src/core/models/trainOptionsValidation.ts';

describe("the demo seed, by Train's rule", () => {
  it("names the rule for each of the audit's values", () => {
    expect([-1, 1.7, 99_999_999_999].map((v) => trainNumberProblem('seed', v))).toEqual([
      'Seed must be a whole number from 0 to 4294967295; got -1.',
      'Seed must be a whole number from 0 to 4294967295; got 1.7.',
      'Seed must be a whole number from 0 to 4294967295; got 99999999999.',
    ]);
    // A blank number field binds as null.
    expect(trainNumberProblem('seed', null)).toBe('Enter seed: a whole number from 0 to 4294967295.');
  });
  it('takes 0, 42 and 4294967295', () => {
    expect([0, 42, 4_294_967_295].map((v) => trainNumberProblem('seed', v))).toEqual([null, null, null]);
  });
});
