// Tiny argv parser shared by the commands: `--key value`, `--flag`, and positionals.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

export function parseArgs(argv: string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        options.set(arg.slice(2, eq), arg.slice(eq + 1));
      } else {
        const key = arg.slice(2);
        const next = argv[i + 1];
        if (booleanFlags.includes(key) || next === undefined || next.startsWith('--')) options.set(key, true);
        else {
          options.set(key, next);
          i++;
        }
      }
    } else positionals.push(arg);
  }
  return { positionals, options };
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
    throw new Error(`--${key} must be one of ${choices.join('|')}, got "${v}"`);
  }
  return v as T;
}

export function integerOption(args: ParsedArgs, key: string, fallback: number): number {
  const v = stringOption(args, key);
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${key} must be a non-negative integer, got "${v}"`);
  return n;
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
