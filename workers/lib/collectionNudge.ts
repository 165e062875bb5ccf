// A nudge for the garbage collector of a busy worker. The tab's memory peak on a large file is the
// merge's consumed range columns (~0.7 GB on the 42.4M-row month) still waiting for a collection when
// the features begin: V8 collects a worker's array buffers when the memory it has handed out grows
// past a limit, and the merge hands out less than it drops. Asking for 8 GiB of array buffers that
// are never touched passes that limit, and a collection follows within a second; the pages of such a
// buffer are mapped on first touch on Linux, macOS and Android, so they cost no memory (a worker's
// renderer stayed at 1.17 GiB through it, then fell to 0.19 GiB as 1 GB of garbage went). Windows
// commits the memory of a large allocation up front, so the nudge is not made there. The month,
// three runs with it: renderer peak 1.75–1.79 GiB; four without: 1.87–2.10 GiB.

const GIB = 2 ** 30;
/** What passed V8's limit in the merge of the month; 4 GiB did at the start of the features only. */
const NUDGE_GIB = 8;
/** Below this many rows there is not enough garbage for the nudge to matter. */
export const NUDGE_MIN_ROWS = 1 << 23;

/** The platform the browser reports (userAgentData where there is one). */
function currentPlatform(): string {
  const nav = globalThis.navigator as (Navigator & { userAgentData?: { platform?: string } }) | undefined;
  return nav?.userAgentData?.platform ?? nav?.platform ?? '';
}

/**
 * Allocates and drops NUDGE_GIB untouched gibibytes, so the worker's garbage is collected soon;
 * not on Windows (`platform` "Win32", or "Windows" from userAgentData), where a large allocation
 * commits memory at once. Returns whether it did.
 */
export function nudgeCollection(platform = currentPlatform()): boolean {
  if (/^win/i.test(platform)) return false;
  try {
    for (let i = 0; i < NUDGE_GIB; i++) void new ArrayBuffer(GIB);
    return true;
  } catch {
    return false; // no address space for it (a 32-bit browser): nothing is asked
  }
}
