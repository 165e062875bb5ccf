// Runs a CLI command's `run(argv)` in the test process and captures what it prints.
import { vi } from 'vitest';

export async function captureCli(run: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += typeof s === 'string' ? s : new TextDecoder().decode(s)), true));
  const l = vi.spyOn(console, 'log').mockImplementation((s) => void (out += `${String(s)}\n`));
  const e = vi.spyOn(console, 'error').mockImplementation((s) => void (err += `${String(s)}\n`));
  try {
    return { code: await run(argv), out, err };
  } finally {
    w.mockRestore();
    l.mockRestore();
    e.mockRestore();
  }
}
