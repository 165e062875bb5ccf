// What a saved model file says about itself, and what that means for its scores on the loaded data.
// A saved model scored here has no test part: every loaded session is scored, and sessions it was
// trained on score better than new ones. Its file carries the test AUC it had when it was trained,
// which is the one figure that can expose that.
import type { ModelFile } from './modelFile.ts';
import type { BalanceMode, ProtocolName } from './protocol.ts';
import type { CutMode } from '../features/sessionFeatures.ts';

/** The metadata "Model file (JSON)" writes. Every field is optional on reading: older files lack some. */
export interface ModelFileMetadata {
  readonly protocol?: ProtocolName;
  readonly balance?: BalanceMode;
  readonly cut?: string;
  readonly seed?: number;
  readonly backend?: string;
  /** ROC-AUC on the run's own test part, and which part that was ('natural' or 'balanced'). */
  readonly testAuc?: number;
  readonly testSet?: string;
  /** The name of the data it was trained on (file name, or the demo data's label), and its run number there. */
  readonly dataName?: string;
  readonly runId?: number;
}

/** A saved model's file and its metadata, as Results shows it. */
export interface SavedModelInfo extends ModelFileMetadata {
  readonly fileName: string;
  /** ISO time, or '' when the file does not say. */
  readonly savedAt: string;
}

/**
 * An AUC here this much above the file's own test AUC is "clearly higher". The standard error of a
 * test AUC on a few thousand sessions with a few hundred buyers is about 0.01; twice that keeps
 * sampling noise on a different slice of data from raising the alarm.
 */
export const SAVED_AUC_MARGIN = 0.02;

const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/** The known metadata fields of a parsed file, each checked; anything else in it is ignored. */
export function readSavedModelInfo(file: Pick<ModelFile, 'metadata' | 'savedAt'>, fileName: string): SavedModelInfo {
  const m = file.metadata;
  return {
    fileName,
    savedAt: file.savedAt,
    protocol: m.protocol === 'honest' || m.protocol === 'faithful' ? m.protocol : undefined,
    balance: m.balance === 'undersample' || m.balance === 'weights' || m.balance === 'none' ? m.balance : undefined,
    cut: str(m.cut),
    seed: num(m.seed),
    backend: str(m.backend),
    testAuc: num(m.testAuc),
    testSet: str(m.testSet),
    dataName: str(m.dataName),
    runId: num(m.runId),
  };
}

/** Where the saved model came from, in words: "run 3 on demo-20k, honest protocol, natural-rate test part". */
function origin(info: SavedModelInfo): string {
  const parts = [
    info.runId !== undefined ? `run ${info.runId}` : null,
    info.dataName !== undefined ? `on ${info.dataName}` : null,
    info.testSet === 'natural' ? 'natural-rate test part' : info.testSet === 'balanced' ? 'balanced test part' : null,
  ].filter((p) => p !== null);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * The notes a saved-model run shows: what was scored, the file's own test AUC next to the AUC here,
 * and a plain warning when the AUC here is clearly higher.
 */
export function savedModelNotes(info: SavedModelInfo, sessions: number, aucHere: number): string[] {
  const saved = info.savedAt ? `, saved ${info.savedAt.slice(0, 10)}` : '';
  const notes = [
    `A saved model (${info.fileName}${saved}) scored on all ${sessions.toLocaleString('en-US')} sessions of the loaded data: it was not trained here and there is no test part. The figures are honest only if none of these sessions was in its training data.`,
  ];
  if (info.testAuc === undefined) {
    notes.push(`The file does not record its own test AUC, so nothing here can tell whether these sessions were in its training data. ROC-AUC on this data: ${aucHere.toFixed(4)}.`);
  } else if (aucHere > info.testAuc + SAVED_AUC_MARGIN) {
    notes.push(`ROC-AUC on this data, ${aucHere.toFixed(4)}, is higher than its own test AUC ${info.testAuc.toFixed(4)}${origin(info)}: these sessions were probably in its training data, so these figures flatter it.`);
  } else {
    notes.push(`ROC-AUC on this data: ${aucHere.toFixed(4)}; its own test AUC, saved in the file: ${info.testAuc.toFixed(4)}${origin(info)}.`);
  }
  return notes;
}

/** The leakage cut a saved model's file says it was trained on, or null when it does not say. */
export function savedModelCut(info: Pick<ModelFileMetadata, 'cut'>): CutMode | null {
  return info.cut === 'faithful' || info.cut === 'strict' ? info.cut : null;
}

/**
 * What a saved-model run says about its cut. Events are cut the way the model's file says it was
 * trained (the faithful cut leaves the purchase event in: a faithful model scored on strict-cut
 * sessions, or the other way round, scores data it was not made for); `used` is null for a
 * features file, which is scored as loaded.
 */
export function savedModelCutNote(info: Pick<ModelFileMetadata, 'cut'>, used: CutMode | null): string | null {
  const own = savedModelCut(info);
  if (used === null) return own === null ? null : `Scored on the features file as loaded, whose leakage cut this app cannot see; the model was trained on the ${own} cut.`;
  if (own === null) return `Its file does not say which leakage cut it was trained on: scored on the ${used} cut chosen in Train.`;
  if (own !== used) return `Scored on the ${used} cut, but its file says it was trained on the ${own} cut: these scores are of data it was not made for.`;
  return `Scored on the ${own} cut, the cut its file says it was trained on (Train's cut option does not apply to a saved model).`;
}
