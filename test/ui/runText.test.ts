// Captions and settings words of a run: a saved model scored on the loaded data has no protocol,
// no balancing and no test part (regression: "honest (undersample)" and "Natural-rate test part."
// on such a run), and the calibration note depends on how the training data was balanced.
import { describe, expect, it } from 'vitest';
import {
  balanceText,
  calibrationCaption,
  earlyPredictionIntro,
  earlyPredictionLeakNote,
  evaluatedSessionsText,
  keptRoundsText,
  protocolHeadline,
  protocolText,
  sessionPartText,
} from '../../src/ui/results/runText.ts';

type Run = Parameters<typeof calibrationCaption>[0];
const trained = (over: Partial<Run> = {}): Run => ({ origin: 'trained', protocol: 'honest', balance: 'undersample', evaluatedOn: 'natural', cut: 'strict', dataKind: 'events', saved: null, ...over });
const saved = (over: Partial<NonNullable<Run['saved']>> = {}): Run =>
  trained({ origin: 'saved', saved: { fileName: 'm.model.json', savedAt: '', ...over } });

describe('a saved model scored on the loaded data', () => {
  it('shows "scored only" and no balancing, whatever its file says', () => {
    const run = saved({ protocol: 'honest', balance: 'undersample' });
    expect([protocolText(run), balanceText(run)]).toEqual(['scored only', '—']);
    expect(protocolHeadline(run)).toBe('scored only (no training here, no test part)');
    expect(evaluatedSessionsText(run)).toBe('all sessions of the loaded data');
    expect(earlyPredictionIntro(run)).toMatch(/^How well this model ranks all sessions of the loaded data when/);
  });

  it('calibration: all sessions, and the balancing note only when the file says how it was trained', () => {
    expect(calibrationCaption(saved())).toBe('Do predicted probabilities match how often sessions buy? All sessions of the loaded data (a saved model: there is no test part).');
    expect(calibrationCaption(saved({ protocol: 'faithful' }))).toMatch(/no test part\)\. Models trained on undersampled data overestimate/);
  });
});

describe('trained runs', () => {
  it('protocol and balancing words', () => {
    expect([protocolText(trained()), balanceText(trained()), protocolHeadline(trained())]).toEqual(['honest', 'undersample', 'honest protocol (undersample)']);
    const faithful = trained({ protocol: 'faithful', evaluatedOn: 'balanced' });
    expect([protocolText(faithful), balanceText(faithful), protocolHeadline(faithful)]).toEqual(['faithful', '1:1 all', 'faithful protocol']);
    expect(earlyPredictionIntro(trained())).toMatch(/^How well this model ranks its test sessions when/);
  });

  it('calibration: the overestimate note for undersampling, its equivalent for class weights, nothing for none', () => {
    const base = 'Do predicted probabilities match how often sessions buy? Natural-rate test part.';
    expect(calibrationCaption(trained())).toBe(`${base} Models trained on undersampled data overestimate at the real rate: they learned from a 50 % buyer rate.`);
    expect(calibrationCaption(trained({ balance: 'weights' }))).toBe(`${base} Class weights shift the probabilities up the same way: at the real rate this model overestimates.`);
    expect(calibrationCaption(trained({ balance: 'none' }))).toBe(base);
  });

  it('regression: under the faithful protocol the chart is on the balanced part, where no overestimate shows', () => {
    expect(calibrationCaption(trained({ protocol: 'faithful', balance: 'none', evaluatedOn: 'balanced' }))).toBe(
      'Do predicted probabilities match how often sessions buy? Balanced test part (about half buyers, the rate the model learned from): the probabilities can look calibrated here, but at the real purchase rate they would overestimate.',
    );
  });

  it('early prediction: a faithful-cut run says its whole-session line includes the leak', () => {
    expect(earlyPredictionLeakNote(trained())).toBeNull();
    expect(earlyPredictionLeakNote(trained({ cut: 'faithful', dataKind: 'features' }))).toBeNull();
    expect(earlyPredictionLeakNote(trained({ cut: 'faithful' }))).toMatch(/^This run uses the faithful cut: its whole-session line includes the purchase event itself/);
  });
});

describe('rounds kept, named as the CLI names them', () => {
  it('trees for GBDT (regression: the browser said "10 of 20 steps kept")', () => {
    expect(keptRoundsText('gbdt', 10, 20)).toBe('10 of 20 trees kept');
    expect(keptRoundsText('gbdt', 1, 1)).toBe('1 of 1 tree kept');
    expect(keptRoundsText('gbdt', 1)).toBe('1 tree kept');
    expect(keptRoundsText('gbdt', 137)).toBe('137 trees kept');
  });

  it('Newton steps for logistic regression', () => {
    expect(keptRoundsText('logistic', 7, 30)).toBe('7 of 30 Newton steps kept');
    expect(keptRoundsText('logistic', 1)).toBe('1 Newton step kept');
  });
});

describe('the session look-up names the part the session was in', () => {
  it('regression: a session undersampling left out is "unused", not "a training session"', () => {
    expect(sessionPartText('unused', trained())).toBe('unused: undersampling the training part to 1:1 left it out of training, and it is not in the test part, so the model never saw it');
    expect(sessionPartText('unused', trained({ protocol: 'faithful' }))).toBe('unused: undersampling all sessions to 1:1 left it out of both the training and the test part, so the model never saw it');
  });
  it('test, training, not known', () => {
    expect(sessionPartText('test', trained())).toBe('in the test part: scored, never trained on');
    expect(sessionPartText('train', trained())).toBe('in the training part: the model was trained on it');
    expect(sessionPartText(null, trained())).toBe('not in the test part: trained on, or left out of training by the balancing (Scores (CSV) says which)');
  });
  it('a saved model: nothing is known of its training, whatever the part', () => {
    expect(sessionPartText('test', saved())).toBe('scored by a saved model: whether it trained on this session is not known');
  });
});
