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
  /**
   * Context shown when the file is loaded: protocol, seed, its own test AUC, the data's name and run
   * number (savedModel.ts: ModelFileMetadata). Free-form on reading, so files saved before a field
   * existed stay readable; savedModel.ts checks each known field.
   */
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

/** Thrown by the checks below; parseModelFile adds the file's name and says what is wrong. */
class ShapeProblem extends Error {}

function fail(message: string): never {
  throw new ShapeProblem(message);
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

/**
 * Model files are kilobytes to a few MB (2000 trees of 31 leaves is ~10 MB of JSON); anything far
 * larger is some other file picked by mistake (a month of REES46 is 5.3 GB) and must not be read whole.
 */
export const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;

/** Why a file of this size cannot be a model file, or null; checked before its text is read. */
export function modelFileSizeProblem(fileName: string, bytes: number): string | null {
  if (bytes === 0) return `${fileName} is not an Intent Lab model file (it is empty).`;
  if (bytes > MAX_MODEL_FILE_BYTES) return `${fileName} is not an Intent Lab model file (it is ${(bytes / 1024 / 1024).toFixed(0)} MB; model files are at most ${MAX_MODEL_FILE_BYTES / 1024 / 1024} MB). Pick the .model.json file that "Model file (JSON)" saved.`;
  return null;
}

/**
 * Parse and check a saved model file. Throws ModelFileError with a readable reason that names the
 * file: not JSON at all ("is not an Intent Lab model file"), or JSON that is not ours, damaged or
 * too new ("is not a usable model file"). The parser's own text is left out: for a picture or a CSV it
 * quotes binary bytes, which says nothing to a user.
 */
export function parseModelFile(text: string, fileName = 'This file'): ModelFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ModelFileError(`${fileName} is not an Intent Lab model file (it is not JSON).`);
  }
  if (!isObject(data) || data.format !== MODEL_FILE_FORMAT) {
    // The metrics export is the JSON file most easily picked by mistake: it sits next to the model file.
    const metrics = isObject(data) && 'runId' in data && 'test' in data ? ' (this is a metrics file; pick the one that "Model file (JSON)" saved)' : '';
    throw new ModelFileError(`${fileName} is not a usable model file: "format" must be "${MODEL_FILE_FORMAT}"${metrics}.`);
  }
  try {
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
  } catch (err) {
    if (err instanceof ShapeProblem) throw new ModelFileError(`${fileName} is not a usable model file: ${err.message}.`);
    throw err;
  }
}
