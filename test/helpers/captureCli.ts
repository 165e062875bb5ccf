// Runs a CLI command's `run(argv)` in the test process and captures what it prints.
import { vi } from 'vitest';

export async function captureCli(run: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  // As a stream's write: the callback (a flush waits on it) is called once the text is taken.
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array, ...rest: unknown[]) => {
    out += typeof s === 'string' ? s : new TextDecoder().decode(s);
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  });
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
