// Worker threads that run a .ts module (the CLI runs from source through tsx).
import { Worker } from 'node:worker_threads';

/** A worker thread running a .ts module: registers tsx's loader inside the worker, then imports it. */
export function spawnTsWorker(url: URL): Worker {
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true });
}
