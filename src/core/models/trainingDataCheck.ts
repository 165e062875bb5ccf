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

export function classCounts(label: Uint8Array, rows: Int32Array): ClassCounts {
  const buyers = countPositives(label, rows);
  return { buyers, nonBuyers: rows.length - buyers };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function part(c: ClassCounts): string {
  return `${count(c.buyers, 'buyer', 'buyers')}, ${count(c.nonBuyers, 'non-buyer', 'non-buyers')}`;
}

/**
 * Why these parts cannot train and evaluate a model, in words a user can act on; null when they can.
 * `all` is the whole dataset, `train` and `test` the parts the protocol planned.
 */
export function trainingDataProblem(all: ClassCounts, train: ClassCounts, test: ClassCounts): string | null {
  const enoughTrain = train.buyers >= MIN_TRAINING_SESSIONS_PER_CLASS && train.nonBuyers >= MIN_TRAINING_SESSIONS_PER_CLASS;
  const enoughTest = test.buyers >= MIN_TEST_SESSIONS_PER_CLASS && test.nonBuyers >= MIN_TEST_SESSIONS_PER_CLASS;
  if (enoughTrain && enoughTest) return null;
  const sessions = all.buyers + all.nonBuyers;
  const withPurchase = all.buyers === 0 ? 'none with a purchase' : all.buyers === sessions && sessions > 1 ? 'all with a purchase' : `${all.buyers} with a purchase`;
  return (
    `Training needs at least ${MIN_TRAINING_SESSIONS_PER_CLASS} buyer and ${MIN_TRAINING_SESSIONS_PER_CLASS} non-buyer sessions in its training part ` +
    `and at least ${MIN_TEST_SESSIONS_PER_CLASS} of each in its test part; this data has ${count(sessions, 'session', 'sessions')}, ${withPurchase} ` +
    `(training part: ${part(train)}; test part: ${part(test)}). Load more data.`
  );
}
