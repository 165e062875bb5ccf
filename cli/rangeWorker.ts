// worker_threads entry for `cli features --workers N`: parses one byte range of a file with the same
// src/core code the browser workers run, and posts the result back as transferables.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ingestRange, type ByteSource, type RangeTask } from '../src/core/ingest/parallelIngest.ts';
import { ingestResultToData } from '../src/core/ingest/ingestTransfer.ts';
import { IngestError } from '../src/core/ingest/csvIngestor.ts';

interface Job {
  path: string;
  fileName: string;
  task: RangeTask;
}

function fileSource(path: string): ByteSource & { close(): void } {
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

parentPort?.on('message', async (job: Job) => {
  const source = fileSource(job.path);
  try {
    const result = await ingestRange(source, job.fileName, job.task);
    const { data, transfer } = ingestResultToData(result);
    parentPort?.postMessage({ ok: true, data }, transfer);
  } catch (err) {
    const e = err as Error;
    parentPort?.postMessage({ ok: false, error: { code: err instanceof IngestError ? err.code : 'error', message: e.message, line: (err as IngestError).line } });
  } finally {
    source.close();
  }
});
void workerData;
