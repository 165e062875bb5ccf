// The collection nudge (collectionNudge.ts): never on Windows, where large allocations commit memory
// at once; elsewhere it allocates untouched buffers and drops them.
import { describe, expect, it } from 'vitest';
import { nudgeCollection } from '../../workers/lib/collectionNudge.ts';

describe('nudgeCollection', () => {
  it('is not made on Windows', () => {
    for (const platform of ['Win32', 'Win64', 'Windows']) expect(nudgeCollection(platform), platform).toBe(false);
  });

  it('is made elsewhere, with no memory kept', () => {
    const before = process.memoryUsage().rss;
    for (const platform of ['Linux x86_64', 'MacIntel']) expect(nudgeCollection(platform), platform).toBe(true);
    // Untouched pages are never resident: far less than the 16 GiB asked for stays.
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 2 ** 20);
  });
});
