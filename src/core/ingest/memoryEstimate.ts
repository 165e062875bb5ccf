// Will a file fit in this tab? While the byte ranges are parsed they hold 13 bytes an event (~0.1 per
// byte of REES46 CSV) and their session ids; loaded, the events take 9 bytes each beside the session
// ids and the feature table. Measured in Chromium (docs/BENCHMARKS.md, issue 6): the 5.69 GB month
// peaks at 1.75–1.93 GiB in the renderer (1.9–2.1 GB), where the merge hands over to the features; an
// idle tab with the app is ~0.35 GB. A file with more distinct (product, price) pairs than a quarter
// of its rows keeps per-event columns instead (23 bytes an event while parsed, 2.1–2.5 GB for the
// month before 2026-12-02). So, for either: 0.35 GB + 0.4 × the file's bytes.
// Typed arrays live outside the JS heap, so the limit is the machine's memory, which the browser
// reports (navigator.deviceMemory, in GB, capped at 8 and rounded down to a power of two).

const BASE_BYTES = 0.35e9;
const BYTES_PER_FILE_BYTE = 0.4;
/** Of the memory the device reports, what one tab can hope to use beside the system and the browser. */
const USABLE_SHARE = 0.6;

/** Bytes a load of a REES46 CSV of `fileBytes` needs at its peak, in this tab. */
export function estimatedLoadBytes(fileBytes: number): number {
  return BASE_BYTES + BYTES_PER_FILE_BYTE * fileBytes;
}

/**
 * Why a file of `fileBytes` may not fit, or null when it should (or when the browser does not say
 * how much memory it has). `deviceMemoryGb`: navigator.deviceMemory.
 */
export function memoryWarning(name: string, fileBytes: number, deviceMemoryGb: number | undefined): string | null {
  if (deviceMemoryGb === undefined || !(deviceMemoryGb > 0)) return null;
  const need = estimatedLoadBytes(fileBytes);
  if (need <= USABLE_SHARE * deviceMemoryGb * 1e9) return null;
  const gb = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.round(b / 1e6)} MB`);
  return (
    `${name} is ${gb(fileBytes)}: loading it needs about ${gb(need)} of memory in this tab, and this device reports ` +
    `${deviceMemoryGb >= 8 ? 'at least 8 GB (browsers report no more)' : `${deviceMemoryGb} GB`}. The tab may run out of memory and close. ` +
    'The command line has no such limit: npm run cli -- features FILE --out features.csv, then load features.csv here.'
  );
}
