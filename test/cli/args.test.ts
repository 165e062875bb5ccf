// The strict command-line reader every command shares: what it accepts, and the exact words for what
// it refuses (an unknown option with the near one, a missing value, a flag with a value, an extra file).
import { describe, expect, it } from 'vitest';
import { flagOption, numberOption, parseCommandArgs, requirePositionals, wantsHelp, type CommandSpec } from '../../cli/args.ts';
import { UsageError } from '../../cli/usageError.ts';

const spec: CommandSpec = { name: 'demo', usage: 'usage: demo', valueOptions: ['cut', 'out', 'seed', 'timeout-min'], flags: ['quiet', 'no-check'], positionals: ['FILE.csv'] };
const parse = (...argv: string[]) => parseCommandArgs(argv, spec);
const refusal = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('parseCommandArgs', () => {
  it('reads values (spaced or after =), flags and the file name, the last of a repeated option winning', () => {
    const args = parse('f.csv', '--cut', 'strict', '--out=o.csv', '--quiet', '--seed', '-3', '--cut', 'faithful');
    expect(args.positionals).toEqual(['f.csv']);
    expect([...args.options]).toEqual([
      ['cut', 'faithful'],
      ['out', 'o.csv'],
      ['quiet', true],
      ['seed', '-3'],
    ]);
    expect([flagOption(args, 'quiet'), flagOption(args, 'no-check')]).toEqual([true, false]);
  });

  it('takes "-" as a file name or a value, and every word after -- as a file name', () => {
    expect(parse('-', '--out', '-').positionals).toEqual(['-']);
    expect(parse('--out', '-').options.get('out')).toBe('-');
    expect(parse('--quiet', '--', '--cut').positionals).toEqual(['--cut']);
  });

  it('refuses an unknown option, naming the near known one when there is one', () => {
    expect(refusal('f.csv', '--cuts', 'strict')).toBe('--cuts: unknown option (did you mean --cut?)');
    expect(refusal('f.csv', '--quite')).toBe('--quite: unknown option (did you mean --quiet?)');
    expect(refusal('f.csv', '--timeout=5')).toBe('--timeout: unknown option (did you mean --timeout-min?)');
    expect(refusal('f.csv', '-cut', 'strict')).toBe('-cut: unknown option (did you mean --cut?)');
    expect(refusal('f.csv', '--verbose')).toBe('--verbose: unknown option');
    expect(refusal('f.csv', '-x')).toBe('-x: unknown option');
  });

  it('refuses an option without its value: at the end, empty, or followed by another option', () => {
    expect(refusal('f.csv', '--out')).toBe('--out needs a value');
    expect(refusal('f.csv', '--out=')).toBe('--out needs a value');
    expect(refusal('f.csv', '--out', '--quiet')).toBe('--out needs a value');
    expect(refusal('f.csv', '--out', '')).toBe('--out needs a value');
  });

  it('refuses a value given to a flag, and a file name more than the command takes', () => {
    expect(refusal('f.csv', '--quiet=yes')).toBe('--quiet takes no value, got "yes"');
    expect(refusal('a.csv', 'b.csv')).toBe('unexpected argument "b.csv": demo takes one file name (FILE.csv)');
    const none = { ...spec, positionals: [], extraArgumentHint: 'the input file goes after --input' };
    expect(() => parseCommandArgs(['x.csv'], none)).toThrow('unexpected argument "x.csv": demo takes no file name; the input file goes after --input');
  });

  it('requirePositionals names the missing file', () => {
    expect(() => requirePositionals(parse('--quiet'), spec)).toThrow(new UsageError('demo needs FILE.csv'));
    expect(() => requirePositionals(parse('f.csv'), spec)).not.toThrow();
  });
});

describe('wantsHelp', () => {
  it('is --help or -h anywhere before --', () => {
    expect([wantsHelp(['f.csv', '--help']), wantsHelp(['-h']), wantsHelp(['--', '--help']), wantsHelp(['f.csv'])]).toEqual([true, true, false, false]);
  });
});

describe('numberOption', () => {
  const range = { min: 1, max: 2000, integer: true };
  it('gives the value in range, the fallback when absent, and refuses the rest naming option, value and range', () => {
    expect(numberOption(parse('--seed', '1_000'), 'seed', range, 5)).toBe(1000);
    expect(numberOption(parse(), 'seed', range, 5)).toBe(5);
    expect(numberOption(parse(), 'seed', range)).toBeUndefined();
    for (const bad of ['0', '2001', '1.5', 'many', '0x10']) {
      expect(() => numberOption(parse('--seed', bad), 'seed', range, 5)).toThrow(new UsageError(`--seed must be a whole number from 1 to 2000, got "${bad}"`));
    }
  });
});
