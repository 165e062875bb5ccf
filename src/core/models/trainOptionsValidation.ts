// The numeric training options (GBDT size and shrinkage, seed) and their valid ranges, checked in one
// place: the Train form shows these messages next to its fields and the model worker refuses a request
// with the same words, so a run never goes ahead with a value that was silently clamped or truncated.

/** The numeric fields of the Train form, plus `maxLeaves`, which only a request may set. */
export type TrainNumberField = 'gbdtRounds' | 'learningRate' | 'seed' | 'maxLeaves';

export interface TrainNumberRule {
  /** The field's name as the Train form shows it. */
  readonly label: string;
  readonly min: number;
  /** True when `min` itself is not allowed (the range is open at the bottom). */
  readonly minExclusive: boolean;
  readonly max: number;
  readonly integer: boolean;
}

export const TRAIN_NUMBER_RULES: Readonly<Record<TrainNumberField, TrainNumberRule>> = {
  // One tree at least; 2000 is ten times the default (sklearn's HistGradientBoosting uses 100, we use
  // 200) and early stopping usually ends a run far sooner, so a larger cap only buys waiting time.
  gbdtRounds: { label: 'Trees (max)', min: 1, minExclusive: false, max: 2000, integer: true },
  // Shrinkage of each tree's leaf values: 0 learns nothing, and above 1 a tree overshoots the Newton
  // step its leaves already are, so boosting oscillates instead of converging.
  learningRate: { label: 'Learning rate', min: 0, minExclusive: true, max: 1, integer: false },
  // Only a seed's low 32 bits reach the generator (random.ts): a larger or negative seed would quietly
  // repeat another seed's run, and a fraction would be truncated.
  seed: { label: 'Seed', min: 0, minExclusive: false, max: 4294967295, integer: true },
  // A tree needs two leaves to split at all; 1024 is far past what 17 features support (default 31).
  maxLeaves: { label: 'Leaves per tree (max)', min: 2, minExclusive: false, max: 1024, integer: true },
};

/** The valid range in words: "a whole number from 1 to 2000", "a number above 0 and at most 1". */
export function rangeInWords(rule: TrainNumberRule): string {
  if (rule.integer) return `a whole number from ${rule.min} to ${rule.max}`;
  return rule.minExclusive ? `a number above ${rule.min} and at most ${rule.max}` : `a number from ${rule.min} to ${rule.max}`;
}

/**
 * Why a value of a field is not usable, or null when it is. `value` is what arrived: a number input
 * bound by Svelte gives null when it is blank (or holds text the browser could not read as a number).
 */
export function trainNumberProblem(field: TrainNumberField, value: unknown): string | null {
  const rule = TRAIN_NUMBER_RULES[field];
  const wanted = rangeInWords(rule);
  // Blank, or text the browser could not read as a number (it reports both as an empty value).
  if (value === null || value === undefined || value === '') return `Enter ${rule.label.toLowerCase()}: ${wanted}.`;
  if (typeof value !== 'number') return `${rule.label} must be ${wanted}; got ${JSON.stringify(value) ?? String(value)}.`;
  if (!Number.isFinite(value)) return `${rule.label} must be ${wanted}; got ${value}.`;
  const belowMin = rule.minExclusive ? value <= rule.min : value < rule.min;
  if (belowMin || value > rule.max || (rule.integer && !Number.isInteger(value))) return `${rule.label} must be ${wanted}; got ${value}.`;
  return null;
}

export interface TrainNumbers {
  readonly gbdtRounds: number;
  readonly learningRate: number;
  readonly seed: number;
}

export type TrainNumbersCheck =
  | { readonly ok: true; readonly value: TrainNumbers }
  | {
      readonly ok: false;
      /** One message per invalid field, for the inline messages. */
      readonly errors: Readonly<Partial<Record<TrainFormField, string>>>;
      /** A short reason for a disabled Train button: "Fix trees (max) and seed to train." */
      readonly reason: string;
      /** Every message, in field order, for a refused request. */
      readonly message: string;
    };

export type TrainFormField = Exclude<TrainNumberField, 'maxLeaves'>;
const FORM_FIELDS: readonly TrainFormField[] = ['gbdtRounds', 'learningRate', 'seed'];

function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Checks every numeric option of the Train form; on success returns them typed as numbers. */
export function validateTrainNumbers(input: Readonly<Record<TrainFormField, unknown>>): TrainNumbersCheck {
  const errors: Partial<Record<TrainFormField, string>> = {};
  for (const field of FORM_FIELDS) {
    const problem = trainNumberProblem(field, input[field]);
    if (problem !== null) errors[field] = problem;
  }
  const bad = FORM_FIELDS.filter((f) => errors[f] !== undefined);
  if (bad.length === 0) {
    return { ok: true, value: { gbdtRounds: input.gbdtRounds as number, learningRate: input.learningRate as number, seed: input.seed as number } };
  }
  return {
    ok: false,
    errors,
    reason: `Fix ${listInWords(bad.map((f) => TRAIN_NUMBER_RULES[f].label.toLowerCase()))} to train.`,
    message: bad.map((f) => errors[f]).join(' '),
  };
}

/** What a training request carries of the numbers above; an absent GBDT value means "the default". */
export interface TrainRequestNumbers {
  readonly seed: unknown;
  readonly gbdt?: { readonly maxRounds?: unknown; readonly learningRate?: unknown; readonly maxLeaves?: unknown };
}

/**
 * Why a training request's numbers are refused, or null when they are usable. The worker calls this
 * before training: the UI validates too, but a request from elsewhere (or a stale form) must not run
 * with a value the trainer would quietly clamp, truncate or misuse.
 */
export function trainRequestProblem(req: TrainRequestNumbers): string | null {
  const checks: [TrainNumberField, unknown][] = [['seed', req.seed]];
  if (req.gbdt?.maxRounds !== undefined) checks.push(['gbdtRounds', req.gbdt.maxRounds]);
  if (req.gbdt?.learningRate !== undefined) checks.push(['learningRate', req.gbdt.learningRate]);
  if (req.gbdt?.maxLeaves !== undefined) checks.push(['maxLeaves', req.gbdt.maxLeaves]);
  const problems = checks.map(([field, value]) => trainNumberProblem(field, value)).filter((p): p is string => p !== null);
  return problems.length === 0 ? null : `The training options are not valid: ${problems.join(' ')}`;
}
