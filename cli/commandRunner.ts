// The part every command shares around its own work: --help, the strict reading of its options, and
// a usage error said the same way everywhere (what is wrong, where the options are listed, exit 2).
import { parseCommandArgs, requirePositionals, wantsHelp, type CommandSpec, type ParsedArgs } from './args.ts';
import { UsageError } from './usageError.ts';

/** The two lines a usage error prints: the problem, then where the options are listed. */
export function usageErrorMessage(spec: CommandSpec, err: UsageError): string {
  return `error: ${err.message}\nRun "npm run cli -- ${spec.name} --help" for the options.`;
}

/**
 * A command's `run(argv)`: `--help` prints the usage (exit 0); no arguments at all, for a command that
 * needs a file, prints it on stderr (exit 2); otherwise the options are read and `body` runs. A
 * UsageError from reading them (or from body's own checks of them) prints `usageErrorMessage` and
 * returns 2; any other error propagates.
 */
export function commandRunner(spec: CommandSpec, body: (args: ParsedArgs) => Promise<number>): (argv: string[]) => Promise<number> {
  return async (argv) => {
    if (wantsHelp(argv)) {
      console.log(spec.usage);
      return 0;
    }
    if (argv.length === 0 && spec.positionals.length > 0) {
      console.error(spec.usage);
      return 2;
    }
    try {
      const args = parseCommandArgs(argv, spec);
      requirePositionals(args, spec);
      return await body(args);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(usageErrorMessage(spec, err));
      return 2;
    }
  };
}
