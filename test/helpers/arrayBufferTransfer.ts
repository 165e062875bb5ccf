// ArrayBuffer.prototype.transfer as Chromium has it (Node 20 does not), so tests can run the code
// paths that free buffers on the spot: transfer(0) detaches the buffer and `detached` says so.
type Patched = { transfer?: (length: number) => ArrayBuffer; detached?: boolean };
const proto = ArrayBuffer.prototype as unknown as Patched;

/** Installs the stand-in where it is missing; returns a function that removes it again. */
export function withArrayBufferTransfer(): () => void {
  if (typeof proto.transfer === 'function') return () => {};
  Object.defineProperty(ArrayBuffer.prototype, 'transfer', {
    configurable: true,
    value(this: ArrayBuffer, length: number) {
      const moved = structuredClone(this, { transfer: [this] }); // detaches `this`
      return length === 0 ? new ArrayBuffer(0) : moved.slice(0, length);
    },
  });
  Object.defineProperty(ArrayBuffer.prototype, 'detached', {
    configurable: true,
    get(this: ArrayBuffer) {
      // Only a detached buffer refuses to be cloned.
      try {
        structuredClone(this);
        return false;
      } catch {
        return true;
      }
    },
  });
  return () => {
    delete (ArrayBuffer.prototype as unknown as Record<string, unknown>).transfer;
    delete (ArrayBuffer.prototype as unknown as Record<string, unknown>).detached;
  };
}
