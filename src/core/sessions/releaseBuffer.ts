// Frees the memory of a consumed typed array at once. A dropped ArrayBuffer's memory goes back only
// when the collector next finds the buffer unreachable, and a worker busy in one long computation
// rarely collects: on the 42.4M-row month the range columns the merge had consumed (up to 0.55 GB)
// were still held when the features began, the tab's peak. ArrayBuffer.prototype.transfer(0)
// (Chrome 114, Firefox 122, Safari 17.4) detaches the buffer and hands its memory back now; where it
// is missing (Node 20) this does nothing and the collector frees it as before.

type Transferable = ArrayBuffer & { transfer?: (newLength: number) => ArrayBuffer; readonly detached?: boolean };

/** Frees `a`'s whole buffer now: every view of that buffer becomes empty. Only for a buffer nothing else reads. */
export function releaseBuffer(a: ArrayBufferView): void {
  const b = a.buffer as Transferable;
  if (b instanceof ArrayBuffer && typeof b.transfer === 'function' && b.detached !== true && b.byteLength > 0) b.transfer(0);
}
