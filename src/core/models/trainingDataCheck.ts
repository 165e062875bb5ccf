// Is there enough of each class to train and evaluate? Checked on the rows a protocol actually
// planned (after its split and any undersampling), before any tfjs work, so a tiny or one-class
// dataset fails with the counts and what is needed instead of a numerical error deep inside a trainer.
import { countPositives } from './split.ts';

/**
 * Buyer and non-buyer sessions the training part needs at the least. In runs of both models under
 * both protocols on synthetic tables of 3 to 600 sessions, every failure (GBDT's fitting rows holding
 * one class, logistic regression's Newton system turning singular, a test AUC that is undefined) had
 * at most 2 buyers in the honest protocol's training part. Ten gives a margin and keeps at least one of each class in
 * the 10 % validation split that early stopping uses.
 */
export const MIN_TRAINING_SESSIONS_PER_CLASS = 10;

/** A metric like ROC-AUC needs both classes in the part it is computed on. */
export const MIN_TEST_SESSIONS_PER_CLASS = 1;

export interface ClassCounts {
  readonly buyers: number;
  readonly nonBuyers: number;
}

/**
 * The counts a protocol's plan produced, in the order they arise. The message follows that order:
 * a bare "training part: 0 buyers" read as a contradiction of "this data has 3 with a purchase"
 * when undersampling, not the split, had emptied it.
 */
export interface PlannedCounts {
  /** Every session of the data. */
  readonly all: ClassCounts;
  /** faithful: all sessions after undersampling to 1:1, before the split; null under honest. */
  readonly balancedAll: ClassCounts | null;
  readonly test: ClassCounts;
  /** The training part as the split left it. */
  readonly trainBeforeBalancing: ClassCounts;
  /** The training part the model is fitted on (after undersampling, when the plan undersamples it). */
  readonly train: ClassCounts;
  /** Whether the training part itself is undersampled after the split (honest + undersample). */
  readonly trainUndersampled: boolean;
}

export function classCounts(label: Uint8Array, rows: Int32Array): ClassCounts {
  const buyers = countPositives(label, rows);
  return { buyers, nonBuyers: rows.length - buyers };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function sessions(c: ClassCounts): string {
  return count(c.buyers + c.nonBuyers, 'session', 'sessions');
}

function part(c: ClassCounts): string {
  return `${count(c.buyers, 'buyer', 'buyers')}, ${count(c.nonBuyers, 'non-buyer', 'non-buyers')}`;
}

function trainingPart(c: PlannedCounts): string {
  const before = c.trainBeforeBalancing;
  const head = `the training part has ${sessions(before)} (${part(before)})`;
  if (!c.trainUndersampled) return `${head}.`;
  if (before.buyers === 0 || before.nonBuyers === 0) return `${head}, so undersampling to 1:1 leaves none.`;
  return `${head}; undersampling to 1:1 leaves ${part(c.train)}.`;
}

/** Why these parts cannot train and evaluate a model, in words a user can act on; null when they can. */
export function trainingDataProblem(c: PlannedCounts): string | null {
  const enoughTrain = c.train.buyers >= MIN_TRAINING_SESSIONS_PER_CLASS && c.train.nonBuyers >= MIN_TRAINING_SESSIONS_PER_CLASS;
  const enoughTest = c.test.buyers >= MIN_TEST_SESSIONS_PER_CLASS && c.test.nonBuyers >= MIN_TEST_SESSIONS_PER_CLASS;
  if (enoughTrain && enoughTest) return null;
  const total = c.all.buyers + c.all.nonBuyers;
  const withPurchase = c.all.buyers === 0 ? 'none with a purchase' : c.all.buyers === total && total > 1 ? 'all with a purchase' : `${c.all.buyers} with a purchase`;
  const faithful = c.balancedAll
    ? ` The faithful protocol first undersamples all of them to 1:1, which leaves ${sessions(c.balancedAll)} (${part(c.balancedAll)}), then splits those.`
    : '';
  return (
    `Training needs at least ${MIN_TRAINING_SESSIONS_PER_CLASS} buyer and ${MIN_TRAINING_SESSIONS_PER_CLASS} non-buyer sessions in its training part ` +
    `and at least ${MIN_TEST_SESSIONS_PER_CLASS} of each in its test part. This data has ${count(total, 'session', 'sessions')}, ${withPurchase}.${faithful} ` +
    `The test part has ${sessions(c.test)} (${part(c.test)}); ${trainingPart(c)} Load more data.`
  );
}
