// Shared by the stream tests: replay an ingested file to the end and collect every labelled example.
import type { IngestResult } from '../../src/core/ingest/csvIngestor.ts';
import { StreamEngine, type StreamEngineOptions } from '../../src/core/stream/streamEngine.ts';

export interface LabelledExample {
  readonly features: Float64Array;
  readonly label: 0 | 1;
  readonly prob: number;
}

export function replayAll(data: IngestResult, options: Partial<StreamEngineOptions> = {}): { engine: StreamEngine; examples: Map<string, LabelledExample> } {
  const engine = new StreamEngine({ events: data.events, sessionCount: data.dict.sessions.size }, options);
  const examples = new Map<string, LabelledExample>();
  engine.onExample = (session, features, label, prob) => {
    const id = data.dict.sessions.get(session);
    if (examples.has(id)) throw new Error(`session ${id} was labelled twice`);
    examples.set(id, { features: features.slice(), label, prob });
  };
  engine.processUntil(Infinity);
  engine.closeAll();
  return { engine, examples };
}
