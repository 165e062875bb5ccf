import { describe, expect, it } from 'vitest';
import { trainButtonLabel } from '../../src/ui/train/trainButtonLabel.ts';

describe('trainButtonLabel', () => {
  it('regression: with no model ticked it reads "Train", not "Train …"', () => {
    expect(trainButtonLabel([])).toBe('Train');
  });
  it('names the one model, or both', () => {
    expect([trainButtonLabel(['gbdt']), trainButtonLabel(['logistic']), trainButtonLabel(['logistic', 'gbdt'])]).toEqual(['Train gbdt', 'Train logistic', 'Train both models']);
  });
});
