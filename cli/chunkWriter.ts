// Writes a command's output, chunk by chunk, to a file or to standard output, waiting for 'drain'
// between chunks. A write error (disk full, EPIPE when piped into `head`) ends the writing instead of
// hanging on a 'drain' that never comes; the caller says what it means.
import type { Writable } from 'node:stream';

export interface WriteOutcome {
  bytes: number;
  /** The first write error, if any; `EPIPE` means the reader closed the pipe. */
  failure?: NodeJS.ErrnoException;
}

/** `closes`: end the stream when done (a file); standard output is only flushed. */
export async function writeChunks(stream: Writable, chunks: Iterable<Uint8Array>, closes: boolean): Promise<WriteOutcome> {
  let failure: NodeJS.ErrnoException | undefined;
  const onError = (err: NodeJS.ErrnoException) => {
    failure ??= err;
  };
  stream.on('error', onError);
  const whenWritable = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
    });
  let bytes = 0;
  for (const chunk of chunks) {
    if (failure) break;
    bytes += chunk.length;
    if (!stream.write(chunk)) await whenWritable();
  }
  if (!failure) {
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('error', done);
        resolve();
      };
      // An error while flushing (the reader gone) settles it too.
      stream.on('error', done);
      if (closes) stream.end(done);
      else stream.write('', done);
    });
  }
  stream.off('error', onError);
  return failure ? { bytes, failure } : { bytes };
}
