// Saving and loading a trained model as a JSON file a user can keep and score with later. The file
// holds everything scoring needs (feature names, standardisation, bin thresholds, trees) and a
// format version; loading checks the shape and says what is wrong in words.
import type { GbdtModel } from './gbdt/gbdt.ts';
import type { LogisticModel } from './logistic.ts';
import type { TrainedModel } from './model.ts';
import type { Tree } from './gbdt/tree.ts';

export const MODEL_FILE_FORMAT = 'intent-lab-model';
export const MODEL_FILE_VERSION = 1;

export interface ModelFile {
  readonly format: typeof MODEL_FILE_FORMAT;
  readonly version: number;
  readonly savedAt: string;
  /** Free-form context (protocol, seed, test AUC…) shown when the file is loaded. */
  readonly metadata: Record<string, unknown>;
  readonly model: TrainedModel;
}

export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
}

export function serializeModel(model: TrainedModel, metadata: Record<string, unknown> = {}, savedAt: Date = new Date()): string {
  const file: ModelFile = { format: MODEL_FILE_FORMAT, version: MODEL_FILE_VERSION, savedAt: savedAt.toISOString(), metadata, model };
  return JSON.stringify(file);
}

type Json = Record<string, unknown>;

function fail(message: string): never {
  throw new ModelFileError(`not a usable model file: ${message}`);
}

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function numbers(x: unknown, what: string, length?: number): number[] {
  if (!Array.isArray(x) || !x.every((v) => typeof v === 'number' && Number.isFinite(v))) fail(`${what} must be a list of finite numbers`);
  if (length !== undefined && x.length !== length) fail(`${what} has ${x.length} entries, expected ${length}`);
  return x as number[];
}

function strings(x: unknown, what: string): string[] {
  if (!Array.isArray(x) || x.length === 0 || !x.every((v) => typeof v === 'string')) fail(`${what} must be a non-empty list of names`);
  return x as string[];
}

function checkTree(t: unknown, index: number, numFeatures: number): Tree {
  if (!isObject(t)) fail(`tree ${index} is not an object`);
  const n = numbers(t.feature, `tree ${index} feature`).length;
  for (const key of ['bin', 'threshold', 'left', 'right', 'value', 'gain', 'hess', 'count']) numbers(t[key], `tree ${index} ${key}`, n);
  const tree = t as unknown as Tree;
  for (let i = 0; i < n; i++) {
    const f = tree.feature[i];
    if (f >= numFeatures) fail(`tree ${index} node ${i} uses feature ${f}, the model has ${numFeatures}`);
    if (f >= 0 && !(tree.left[i] > i && tree.left[i] < n && tree.right[i] > i && tree.right[i] < n)) fail(`tree ${index} node ${i} has children outside the tree`);
  }
  return tree;
}

function checkModel(m: unknown): TrainedModel {
  if (!isObject(m)) fail('"model" is missing');
  const names = strings(m.featureNames, 'featureNames');
  if (m.kind === 'logistic') {
    numbers(m.mean, 'mean', names.length);
    numbers(m.std, 'std', names.length);
    numbers(m.coefficients, 'coefficients', names.length);
    if (typeof m.intercept !== 'number') fail('intercept must be a number');
    return m as unknown as LogisticModel;
  }
  if (m.kind === 'gbdt') {
    if (typeof m.baseline !== 'number') fail('baseline must be a number');
    if (!Array.isArray(m.thresholds) || m.thresholds.length !== names.length) fail(`thresholds must hold one list per feature (${names.length})`);
    m.thresholds.forEach((t, j) => numbers(t, `thresholds of ${names[j]}`));
    if (!Array.isArray(m.trees)) fail('trees must be a list');
    m.trees.forEach((t, i) => checkTree(t, i, names.length));
    return m as unknown as GbdtModel;
  }
  return fail(`unknown model kind ${JSON.stringify(m.kind)} (expected "gbdt" or "logistic")`);
}

/** Parse and check a saved model file. Throws ModelFileError with a readable reason. */
export function parseModelFile(text: string): ModelFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail(`it is not JSON (${(err as Error).message})`);
  }
  if (!isObject(data) || data.format !== MODEL_FILE_FORMAT) fail(`"format" must be "${MODEL_FILE_FORMAT}"`);
  if (typeof data.version !== 'number' || data.version > MODEL_FILE_VERSION) {
    fail(`version ${String(data.version)} is newer than this app understands (${MODEL_FILE_VERSION}); update Intent Lab`);
  }
  return {
    format: MODEL_FILE_FORMAT,
    version: data.version,
    savedAt: typeof data.savedAt === 'string' ? data.savedAt : '',
    metadata: isObject(data.metadata) ? data.metadata : {},
    model: checkModel(data.model),
  };
}
