// A saved model dropped on Load is recognised from its first bytes (regression: the CSV header check
// answered "not the REES46 schema: found columns [{"format":"intent-lab-model…").
import { describe, expect, it } from 'vitest';
import { looksLikeSavedModel, SAVED_MODEL_SNIFF_BYTES, savedModelOnLoadMessage } from '../../src/ui/load/savedModelFile.ts';
import { serializeModel } from '../../src/core/models/modelFile.ts';
import { DEFAULT_LOGISTIC_PARAMS, type LogisticModel } from '../../src/core/models/logistic.ts';

const model: LogisticModel = { kind: 'logistic', featureNames: ['view_count'], mean: [0], std: [1], coefficients: [0.5], intercept: -1, params: DEFAULT_LOGISTIC_PARAMS };

describe('looksLikeSavedModel', () => {
  it('recognises the start of a file serializeModel wrote', () => {
    const file = serializeModel(model, { protocol: 'honest' }, new Date(0));
    expect(looksLikeSavedModel(file.slice(0, SAVED_MODEL_SNIFF_BYTES))).toBe(true);
  });

  it('allows a byte-order mark, whitespace and pretty-printing before the format', () => {
    expect(looksLikeSavedModel('\uFEFF\n  {\n  "format": "intent-lab-model",\n  "version": 1')).toBe(true);
    expect(looksLikeSavedModel('{"version":1,"format":"intent-lab-model"')).toBe(true);
  });

  it('leaves CSVs, other JSON and empty text to the ingest check', () => {
    expect(looksLikeSavedModel('event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n')).toBe(false);
    expect(looksLikeSavedModel('user_session,label,note\nabc,1,"{""format"":""intent-lab-model""}"')).toBe(false);
    expect(looksLikeSavedModel('{"format":"some-other-model","version":1}')).toBe(false);
    expect(looksLikeSavedModel('[{"format":"intent-lab-model"}]')).toBe(false);
    expect(looksLikeSavedModel('')).toBe(false);
  });
});

describe('the message Load shows for a saved model', () => {
  it('names the file and where a saved model is scored', () => {
    expect(savedModelOnLoadMessage('gbdt-strict-run2.model.json')).toBe(
      'gbdt-strict-run2.model.json is a saved Intent Lab model, not data to load. To score it, load the data here (a REES46 CSV, a features file or the demo data), then use Train › “Score a saved model…”.',
    );
  });
});
