// At most one progress message per interval (10/s by default): a 5 GB file read in 8 MiB chunks would
// otherwise post ~640 messages and re-render the page for each.

export function progressThrottle<P>(send: (p: P) => void, intervalMs = 100, now: () => number = () => performance.now()): { offer(p: () => P): void; flush(p: P): void } {
  let last = -Infinity;
  return {
    /** Sends when the interval has passed; builds the message only then. */
    offer(make) {
      const t = now();
      if (t - last < intervalMs) return;
      last = t;
      send(make());
    },
    /** Sends now (phase changes and the final 100 %). */
    flush(p) {
      last = now();
      send(p);
    },
  };
}
