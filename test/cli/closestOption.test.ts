// "Did you mean": the near option for a typo, none for a word that is not near any.
import { describe, expect, it } from 'vitest';
import { closestOption, editDistance } from '../../cli/closestOption.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions, and a swap of neighbours as one', () => {
    expect([editDistance('cut', 'cut'), editDistance('cuts', 'cut'), editDistance('cut', 'out'), editDistance('modle', 'model'), editDistance('', 'abc'), editDistance('kitten', 'sitting')]).toEqual([0, 1, 1, 1, 3, 3]);
  });
});

describe('closestOption', () => {
  const known = ['model', 'protocol', 'cut', 'out', 'rounds', 'early-k', 'timeout-min', 'quiet'];
  it('names the nearest known option, the first declared on a tie', () => {
    expect(closestOption('cuts', known)).toBe('cut');
    expect(closestOption('modle', known)).toBe('model');
    expect(closestOption('Rounds', known)).toBe('rounds');
    expect(closestOption('protocl', known)).toBe('protocol');
    expect(closestOption('cot', known)).toBe('cut');
  });

  it('completes the start of exactly one option', () => {
    expect(closestOption('timeout', known)).toBe('timeout-min');
    expect(closestOption('early', known)).toBe('early-k');
  });

  it('names none when nothing is near', () => {
    expect(closestOption('verbose', known)).toBeNull();
    expect(closestOption('x', known)).toBeNull();
    expect(closestOption('ou', ['out', 'outline'])).toBe('out');
    expect(closestOption('mod', ['model', 'mode-x'])).toBeNull();
  });
});
