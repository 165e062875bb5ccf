// Model worker: trains and evaluates on tfjs (loaded lazily, only here), and answers the Results
// view's questions about finished runs. Thin: the work lives in src/core/models and
// lib/modelWorkspace.ts; this file exposes it through comlink and turns exceptions into typed results.
import * as Comlink from 'comlink';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { setWasmAssetPaths } from '../src/core/models/backend.ts';
import type { FeatureTable } from '../src/core/features/featureTable.ts';
import type { CutMode } from '../src/core/features/sessionFeatures.ts';
import { ModelWorkspace, type TrainProgress, type TrainRequest } from './lib/modelWorkspace.ts';
import { toWorkerError, type Outcome } from './lib/workerOutcome.ts';

export type { RunResult, TrainProgress, TrainRequest, BackendChoice, ExampleSession } from './lib/modelWorkspace.ts';

// Served from this site (Vite `?url`), never a CDN. tfjs insists on a path for all three binaries,
// though the threaded one is never fetched: backend.ts turns multithreading off (no
// SharedArrayBuffer without cross-origin isolation, which GitHub Pages cannot give).
setWasmAssetPaths({ 'tfjs-backend-wasm.wasm': wasmPlainUrl, 'tfjs-backend-wasm-simd.wasm': wasmSimdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl });

const workspace = new ModelWorkspace();

async function guarded<T>(what: string, body: () => Promise<T> | T): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (err) {
    return { ok: false, error: toWorkerError(err, what) };
  }
}

const api = {
  /** Takes a feature table (transferred) under a key "<data version>:<cut>". */
  setTable(key: string, table: FeatureTable): void {
    workspace.setTable(key, table);
  },
  hasTable(key: string): boolean {
    return workspace.hasTable(key);
  },
  clear(): void {
    workspace.clear();
  },
  train(req: TrainRequest, onProgress: (p: TrainProgress) => void) {
    return guarded(`Training ${req.model}`, () => workspace.train(req, (p) => void onProgress(p)));
  },
  /** Stops training between rounds. */
  cancel(): void {
    workspace.cancel();
  },
  /** The cut a saved model file says it was trained on (null: not said), read before its table is asked for. */
  savedModelCut(fileText: string, fileName: string) {
    return guarded(`Scoring ${fileName}`, () => workspace.savedModelCut(fileText, fileName));
  },
  /** Scores a saved model file (its JSON text) on a handed-over table, as a run. */
  scoreSavedModel(runId: number, tableKey: string, cut: CutMode, fileText: string, fileName: string, dataKind: 'events' | 'features') {
    return guarded(`Scoring ${fileName}`, () => workspace.scoreSavedModel(runId, tableKey, cut, fileText, fileName, dataKind));
  },
  thresholdMetrics(runId: number, threshold: number) {
    return guarded('Metrics at this threshold', () => workspace.thresholdMetrics(runId, threshold));
  },
  earlyPredictionPoint(runId: number, k: number, tableK: FeatureTable) {
    return guarded(`Early prediction at k = ${k}`, () => workspace.earlyPredictionPoint(runId, k, tableK));
  },
  explain(runId: number, sessionId: string) {
    return guarded('Explaining the score', () => workspace.explain(runId, sessionId));
  },
  modelFile(runId: number) {
    return guarded('Saving the model', () => workspace.modelFile(runId));
  },
  scoresCsv(runId: number) {
    return guarded('Saving the scores', () => workspace.scoresCsv(runId));
  },
};

export type ModelWorkerApi = typeof api;

Comlink.expose(api);
