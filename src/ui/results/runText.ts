// The words Results and the runs table use for a run's settings and captions, in one place: a saved
// model scored on the loaded data has no protocol, no balancing and no test part, and each caption
// has to say so (the audit found "honest (undersample)" and "Natural-rate test part." on such runs).
import type { RunRecord } from '../state/trainingSession.svelte.ts';
import type { BalanceMode } from '../../core/models/protocol.ts';
import type { ModelKind } from '../../core/models/model.ts';
import type { ScorePart } from '../../core/models/scoresCsv.ts';

type RunText = Pick<RunRecord, 'origin' | 'protocol' | 'balance' | 'evaluatedOn' | 'cut' | 'dataKind' | 'saved'>;

export const SAVED_PROTOCOL_TEXT = 'scored only';

/** The protocol column and headline part: "honest", "faithful", or "scored only" for a saved model. */
export function protocolText(run: RunText): string {
  return run.origin === 'saved' ? SAVED_PROTOCOL_TEXT : run.protocol;
}

/** The balancing column: what was balanced before training. */
export function balanceText(run: RunText): string {
  if (run.origin === 'saved') return '—';
  return run.protocol === 'honest' ? run.balance : '1:1 all';
}

/** Headline part: "honest protocol (undersample)", "faithful protocol", "scored only (no training, no test part)". */
export function protocolHeadline(run: RunText): string {
  if (run.origin === 'saved') return `${SAVED_PROTOCOL_TEXT} (no training here, no test part)`;
  return `${run.protocol} protocol${run.protocol === 'honest' ? ` (${run.balance})` : ''}`;
}

/** The sessions a run's figures, threshold slider and early-prediction curve are computed on. */
export function evaluatedSessionsText(run: RunText): string {
  if (run.origin === 'saved') return 'all sessions of the loaded data';
  return run.evaluatedOn === 'natural' ? 'the natural-rate test part' : 'the balanced test part';
}

/** One round of training, named as the CLI names it: a tree for GBDT, a Newton step for logistic regression. */
function roundWord(model: ModelKind, count: number): string {
  const word = model === 'gbdt' ? 'tree' : 'Newton step';
  return count === 1 ? word : `${word}s`;
}

/** "10 of 20 trees kept" (`rounds` given: the maximum run), else "10 trees kept". */
export function keptRoundsText(model: ModelKind, kept: number, rounds?: number): string {
  return rounds === undefined ? `${kept} ${roundWord(model, kept)} kept` : `${kept} of ${rounds} ${roundWord(model, rounds)} kept`;
}

/** How the model's training data was balanced, when known: faithful undersamples everything. */
function trainingBalance(run: RunText): BalanceMode | null {
  if (run.origin === 'saved') {
    if (run.saved?.protocol === 'faithful') return 'undersample';
    return run.saved?.balance ?? null;
  }
  return run.protocol === 'faithful' ? 'undersample' : run.balance;
}

/**
 * The calibration chart's caption: which sessions, and how the balancing shifts the probabilities.
 * On the faithful protocol's balanced test part (about half buyers, the rate the model learned from)
 * no overestimate shows: the caption said there was one, under a chart drawn where there is none.
 */
export function calibrationCaption(run: RunText): string {
  const question = 'Do predicted probabilities match how often sessions buy?';
  if (run.origin !== 'saved' && run.evaluatedOn === 'balanced') {
    return `${question} Balanced test part (about half buyers, the rate the model learned from): the probabilities can look calibrated here, but at the real purchase rate they would overestimate.`;
  }
  const on = run.origin === 'saved' ? 'All sessions of the loaded data (a saved model: there is no test part).' : 'Natural-rate test part.';
  const balance = trainingBalance(run);
  const shift =
    balance === 'undersample'
      ? ' Models trained on undersampled data overestimate at the real rate: they learned from a 50 % buyer rate.'
      : balance === 'weights'
        ? ' Class weights shift the probabilities up the same way: at the real rate this model overestimates.'
        : '';
  return `${question} ${on}${shift}`;
}

/** The early-prediction intro: which sessions are re-scored after their first k events. */
export function earlyPredictionIntro(run: RunText): string {
  const whose = run.origin === 'saved' ? 'all sessions of the loaded data' : 'its test sessions';
  return `How well this model ranks ${whose} when it has seen only their first k events (k = 1, 2, 3, 5, 10; strict cut, so nothing after a purchase). Rebuilds the features for each k from the parsed events.`;
}

/**
 * A faithful-cut run's whole-session AUC includes the purchase event (the leak); the curve's first-k
 * features use the strict cut and do not, so the dashed line sat near 0.97 over a curve topping out
 * at 0.76 with no word on why. Null when the run's cut is strict.
 */
export function earlyPredictionLeakNote(run: RunText): string | null {
  if (run.dataKind !== 'events' || run.cut !== 'faithful') return null;
  return 'This run uses the faithful cut: its whole-session line includes the purchase event itself, which leaks the label, while the curve (strict-cut features of the first k events) does not. Most of the gap between them is that leak, not what more events tell.';
}

/** The dashed line's legend entry in the early-prediction chart. */
export function earlyPredictionFullLabel(run: RunText): string {
  return run.cut === 'faithful' && run.dataKind === 'events' ? 'ROC-AUC, whole session (this run, faithful cut: includes the leak)' : 'ROC-AUC, whole session (this run)';
}

/**
 * The look-up's words for a session's part, in brackets after "it did (not) buy". `part` is null
 * when it is not known: a saved model (nothing is known of its training), or a trained run whose
 * table could not be read again to tell its training part from the left-out sessions.
 */
export function sessionPartText(part: ScorePart | null, run: Pick<RunRecord, 'origin' | 'protocol'>): string {
  if (run.origin === 'saved') return 'scored by a saved model: whether it trained on this session is not known';
  if (part === 'test') return 'in the test part: scored, never trained on';
  if (part === 'train') return 'in the training part: the model was trained on it';
  if (part === 'unused') {
    return run.protocol === 'faithful'
      ? 'unused: undersampling all sessions to 1:1 left it out of both the training and the test part, so the model never saw it'
      : 'unused: undersampling the training part to 1:1 left it out of training, and it is not in the test part, so the model never saw it';
  }
  return 'not in the test part: trained on, or left out of training by the balancing (Scores (CSV) says which)';
}
