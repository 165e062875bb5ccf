// A saved model dropped on Load: the CSV header check read its JSON as one column and answered "not
// the REES46 schema: found columns [{"format":"intent-lab-model…", which tells the user nothing.
// The first bytes are enough to tell a model file apart, before the file goes to the ingest worker.
import { MODEL_FILE_FORMAT } from '../../core/models/modelFile.ts';

/** How much of a file to read to recognise a saved model: serializeModel writes "format" first. */
export const SAVED_MODEL_SNIFF_BYTES = 256;

/** True when `firstBytes` open a JSON object (after an optional BOM and whitespace) that names the model format. */
export function looksLikeSavedModel(firstBytes: string): boolean {
  const text = firstBytes.replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('{') && text.includes(`"${MODEL_FILE_FORMAT}"`);
}

/** What Load says instead of a schema error; the button's label is Train's own ("Score a saved model…"). */
export function savedModelOnLoadMessage(fileName: string): string {
  return (
    `${fileName} is a saved Intent Lab model, not data to load. ` +
    'To score it, load the data here (a REES46 CSV, a features file or the demo data), then use Train › “Score a saved model…”.'
  );
}
