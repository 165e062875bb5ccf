// The few runtime globals src/core may use: present in browsers, workers and node alike. Declared
// here because src/core compiles without DOM or node types (see tsconfig.core.json).
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(src: string, dest: Uint8Array): { read: number; written: number };
}
