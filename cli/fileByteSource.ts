// A file on disk as a ByteSource (random-access reads of byte ranges), for the parallel ingest: the
// main thread probes range starts with it and each worker_thread reads its own range.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from '../src/core/ingest/parallelIngest.ts';

export function fileByteSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    async read(start, end) {
      const len = Math.max(0, Math.min(end, size) - start);
      const buf = new Uint8Array(len);
      let got = 0;
      while (got < len) {
        const n = readSync(fd, buf, got, len - got, start + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    },
    close: () => closeSync(fd),
  };
}
