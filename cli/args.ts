// Strict argv parsing shared by the commands (parseCommandArgs), and the readers of option values.
// Each command declares its options, those that take a value (`--out FILE`, `--out=FILE`) and flags
// (`--quiet`), and the file names it takes; anything else on the line is a UsageError naming it, so a
// typo (`--cuts strict`, `--modle logistic`) or a forgotten value (`--out` at the end) stops the run
// instead of being ignored while it goes ahead with the defaults.
//
// Not node:util parseArgs: in strict mode it refuses every value that starts with "-" (`--seed -3`),
// without strict it takes the next option as the value (`--out --quiet` writes a file "--quiet"), and
// its messages suggest no near option.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { closestOption } from './closestOption.ts';
import { parseNumberInRange, type NumberRange } from './numberRange.ts';
import { UsageError } from './usageError.ts';

export interface CommandSpec {
  /** The command's name, as typed after `npm run cli --`. */
  readonly name: string;
  /** The --help text. */
  readonly usage: string;
  /** Options that take a value. */
  readonly valueOptions: readonly string[];
  /** Options that take none. --help (or -h) is one of every command. */
  readonly flags: readonly string[];
  /** The file names the command takes, in order, each required (["FILE.csv"]; [] for none). */
  readonly positionals: readonly string[];
  /** Said after an unexpected extra argument, e.g. where that argument belongs instead. */
  readonly extraArgumentHint?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** Each option given, by name without dashes: its value, or true for a flag. A repeated option keeps its last value. */
  options: Map<string, string | true>;
}

/** True when the command line asks for --help (or -h) anywhere before a `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

function unknownOption(raw: string, spec: CommandSpec): UsageError {
  const name = raw.replace(/^-+/, '').split('=')[0];
  const near = closestOption(name, [...spec.valueOptions, ...spec.flags, 'help']);
  return new UsageError(`${raw.split('=')[0]}: unknown option${near ? ` (did you mean --${near}?)` : ''}`);
}

/**
 * Reads argv against the command's declaration. Throws a UsageError for an unknown option, an
 * option without its value (none follows, or the next word is another option), a flag given a value,
 * or a file name more than the command takes. After `--` every word is a file name, for a file whose
 * name starts with a dash. Missing file names are left to `requirePositionals`.
 */
export function parseCommandArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '-h') {
      options.set('help', true);
      continue;
    }
    if (!arg.startsWith('--')) throw unknownOption(arg, spec);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (name === 'help' || spec.flags.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value, got "${arg.slice(eq + 1)}"`);
      options.set(name, true);
    } else if (spec.valueOptions.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
      // A value may start with one dash (`--seed -3`, `--out -`), not two: `--out --quiet` lost its value.
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
      if (eq < 0) i++;
    } else throw unknownOption(arg, spec);
  }
  if (positionals.length > spec.positionals.length) {
    const n = spec.positionals.length;
    const takes = n === 0 ? 'takes no file name' : `takes ${n === 1 ? 'one file name' : `${n} file names`} (${spec.positionals.join(' ')})`;
    throw new UsageError(`unexpected argument "${positionals[spec.positionals.length]}": ${spec.name} ${takes}${spec.extraArgumentHint ? `; ${spec.extraArgumentHint}` : ''}`);
  }
  return { positionals, options };
}

/** Throws a UsageError naming the first file name the command needs and was not given. */
export function requirePositionals(args: ParsedArgs, spec: CommandSpec): void {
  if (args.positionals.length < spec.positionals.length) throw new UsageError(`${spec.name} needs ${spec.positionals[args.positionals.length]}`);
}

export function flagOption(args: ParsedArgs, key: string): boolean {
  return args.options.get(key) === true;
}

export function stringOption(args: ParsedArgs, key: string, fallback: string): string;
export function stringOption(args: ParsedArgs, key: string): string | undefined;
export function stringOption(args: ParsedArgs, key: string, fallback?: string): string | undefined {
  const v = args.options.get(key);
  if (v === undefined || v === true) return fallback;
  return v;
}

export function choiceOption<T extends string>(args: ParsedArgs, key: string, choices: readonly T[], fallback: T): T {
  const v = stringOption(args, key);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`--${key} must be one of ${choices.join('|')}, got "${v}"`);
  }
  return v as T;
}

/** A numeric option's value, or `fallback` when it is not given; a value outside `range` is a UsageError. */
export function numberOption(args: ParsedArgs, key: string, range: NumberRange, fallback: number): number;
export function numberOption(args: ParsedArgs, key: string, range: NumberRange): number | undefined;
export function numberOption(args: ParsedArgs, key: string, range: NumberRange, fallback?: number): number | undefined {
  const v = stringOption(args, key);
  if (v === undefined) return fallback;
  const parsed = parseNumberInRange(key, v, range);
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.value;
}

/**
 * A path the command will write (--out, --json, …), checked before any work: a missing folder or a
 * folder given as the file is said up front, not as a bare ENOENT after minutes of parsing.
 */
export function outputOption(args: ParsedArgs, key: string): string | undefined {
  const path = stringOption(args, key);
  if (path === undefined || path === '-') return path;
  const folder = dirname(path);
  if (!existsSync(folder)) throw new Error(`--${key} ${path}: the folder ${folder} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new Error(`--${key} ${path} is a folder; give a file name`);
  return path;
}

/**
 * The file a path names, as a key: device and inode when it exists (links, hard links and another
 * spelling of the path all meet), else its folder's real path and its name; null for something that
 * is not a regular file (/dev/null, a pipe), which any number of outputs may share.
 */
function fileKey(path: string): string | null {
  const full = resolve(path);
  if (existsSync(full)) {
    const st = statSync(full);
    return st.isFile() ? `inode ${st.dev}:${st.ino}` : null;
  }
  try {
    return `path ${join(realpathSync(dirname(full)), basename(full))}`;
  } catch {
    return `path ${full}`;
  }
}

/**
 * Refuses outputs that would overwrite an input or one another: `features data.csv --out data.csv`
 * replaced the data with its features, and `--summary x.json --rejected x.json` kept only the last.
 * `inputs` maps how each input is named ("the input file", "--compare") to its path; `-` (standard
 * output) and unset options are skipped.
 */
export function requireSeparatePaths(inputs: Record<string, string | undefined>, outputs: Record<string, string | undefined>): void {
  const seen = new Map<string, { name: string; input: boolean }>();
  for (const [name, path] of Object.entries(inputs)) {
    const k = path === undefined || path === '-' ? null : fileKey(path);
    if (k !== null) seen.set(k, { name, input: true });
  }
  for (const [key, path] of Object.entries(outputs)) {
    if (path === undefined || path === '-') continue;
    const k = fileKey(path);
    if (k === null) continue;
    const other = seen.get(k);
    if (other !== undefined) {
      throw new UsageError(`--${key} ${path} is ${other.input ? `${other.name}: it would be overwritten` : `also ${other.name}: one would overwrite the other`}; give another file name`);
    }
    seen.set(k, { name: `--${key}`, input: false });
  }
}
