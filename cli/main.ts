// Command-line entry: `npm run cli -- <command> [args]`. Each command lives in cli/commands/<name>.ts
// and exports `run(argv: string[]): Promise<number>` (the exit code), so commands stay independent.
const COMMANDS: Record<string, string> = {
  generate: 'Write a deterministic REES46-format demo CSV',
  features: 'Parse a CSV and write session features + a summary',
  train: 'Train and evaluate a model on a CSV or features file',
  sql: 'Print the feature pipeline as Spark SQL or DuckDB SQL',
  stream: 'Replay a CSV as a live stream through the online model',
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, doc]) => `  ${name.padEnd(10)} ${doc}`);
  return `usage: npm run cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun a command with --help for its options.`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(usage());
    return command ? 0 : 2;
  }
  if (!(command in COMMANDS)) {
    console.error(`unknown command "${command}"\n\n${usage()}`);
    return 2;
  }
  let mod: { run(args: string[]): Promise<number> };
  try {
    mod = await import(`./commands/${command}.ts`);
  } catch (err) {
    console.error(`command "${command}" is not available in this build: ${(err as Error).message}`);
    return 2;
  }
  return mod.run(rest);
}

/**
 * A file-system error in words: Node's "EISDIR: illegal operation on a directory, read" says neither
 * which path nor what to do. (Commands check their paths first; this is the fallback.)
 */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { code, path } = err as NodeJS.ErrnoException;
  const where = path ? `${path}: ` : '';
  if (code === 'EISDIR') return `${where}a folder was given where a file is needed`;
  if (code === 'ENOENT') return `${where}no such file or folder`;
  if (code === 'EACCES' || code === 'EPERM') return `${where}permission denied`;
  if (code === 'ENOSPC') return `${where}no space left on the disk`;
  return err.message;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`error: ${describeError(err)}`);
    process.exit(1);
  },
);
