// writeChunks: every chunk through 'drain', and a write error ends the writing instead of a hang.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeChunks } from '../../cli/chunkWriter.ts';

const chunks = (n: number, size: number) => Array.from({ length: n }, (_, i) => new Uint8Array(size).fill(i));

describe('writeChunks', () => {
  it('writes every chunk in order through a small buffer, and ends a file', async () => {
    const got: number[] = [];
    let ended = false;
    const sink = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, done) {
        got.push(chunk[0], chunk.length);
        setTimeout(done, 1);
      },
      final(done) {
        ended = true;
        done();
      },
    });
    expect(await writeChunks(sink, chunks(5, 100), true)).toEqual({ bytes: 500 });
    expect(got).toEqual([0, 100, 1, 100, 2, 100, 3, 100, 4, 100]);
    expect(ended).toBe(true);
  });

  it('stops at the first error (a reader that closed its pipe) and says which', async () => {
    let writes = 0;
    const sink = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, done) {
        writes++;
        if (writes === 2) done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        else done();
      },
    });
    const outcome = await writeChunks(sink, chunks(50, 100), false);
    expect(outcome.failure?.code).toBe('EPIPE');
    expect(outcome.bytes).toBeLessThan(5000);
  });
});
