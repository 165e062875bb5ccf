// streamBlob (a range worker's reader): it ends once it has the Blob's size in bytes, without waiting
// for the stream to say it is done. Chromium's File streams sometimes never settle that last read, so
// the stand-in Blobs here deliver every byte and then never close their stream.
import { describe, expect, it } from 'vitest';
import { blobRangeSource, streamBlob } from '../../workers/lib/byteSources.ts';

const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 251);

/** A Blob-like whose stream hands over `bytes` in chunks of `chunk` and then hangs (never closes). */
function hangingBlob(chunk: number, byteStream: boolean): Blob {
  let at = 0;
  const next = (): Uint8Array<ArrayBuffer> | null => {
    if (at >= bytes.length) return null;
    const out = bytes.slice(at, Math.min(bytes.length, at + chunk));
    at += out.length;
    return out;
  };
  const stream = (): ReadableStream<Uint8Array<ArrayBuffer>> =>
    byteStream
      ? new ReadableStream({
          type: 'bytes',
          pull(c) {
            const out = next();
            if (!out) return new Promise<void>(() => {}); // all delivered: the last read never settles
            const req = c.byobRequest;
            if (req?.view) {
              const view = new Uint8Array(req.view.buffer, req.view.byteOffset, req.view.byteLength);
              const n = Math.min(view.length, out.length);
              view.set(out.subarray(0, n));
              at -= out.length - n;
              req.respond(n);
            } else c.enqueue(out);
          },
        })
      : new ReadableStream<Uint8Array<ArrayBuffer>>({
          pull(c) {
            const out = next();
            if (!out) return new Promise<void>(() => {});
            c.enqueue(out);
          },
        });
  return { size: bytes.length, stream } as unknown as Blob;
}

/** Everything the generator yields, or a rejection when it has not ended after 2 s. */
async function drain(chunks: AsyncGenerator<Uint8Array>): Promise<Uint8Array> {
  const got: number[] = [];
  const all = (async () => {
    for await (const c of chunks) got.push(...c);
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still waiting after ${got.length} bytes`)), 2000)));
  try {
    await Promise.race([all, late]);
  } finally {
    clearTimeout(timer);
  }
  return Uint8Array.from(got);
}

describe('streamBlob', () => {
  it.each([
    ['a byte stream (BYOB reader)', true],
    ['a plain stream (default reader)', false],
  ])('ends after size bytes from %s whose last read never settles', async (_, byteStream) => {
    for (const chunk of [1, 64, 333, 1000, 4096]) {
      expect(await drain(streamBlob(hangingBlob(chunk, byteStream)))).toEqual(bytes);
    }
  });

  it('reads a real Blob from an offset to its end', async () => {
    const source = blobRangeSource(new Blob([bytes]));
    const stream = source.stream;
    expect(stream).toBeDefined();
    expect(await drain(stream!(123))).toEqual(bytes.subarray(123));
    expect(await drain(stream!(bytes.length))).toEqual(new Uint8Array(0));
  });
});
