import { describe, expect, it } from 'vitest';
import { estimatedLoadBytes, memoryWarning } from '../../src/core/ingest/memoryEstimate.ts';

describe('memoryWarning', () => {
  it('estimates the measured month: 5.69 GB of CSV peaked at 2.4–2.5 GB in the renderer', () => {
    expect(estimatedLoadBytes(5.692e9) / 1e9).toBeCloseTo(2.63, 2);
  });

  it('warns when the estimate passes 60 % of the memory the device reports, naming the file and the way out', () => {
    expect(memoryWarning('2019-Oct.csv', 5.692e9, 4)).toBe(
      '2019-Oct.csv is 5.7 GB: loading it needs about 2.6 GB of memory in this tab, and this device reports 4 GB. The tab may run out of memory and close. The command line has no such limit: npm run cli -- features FILE --out features.csv, then load features.csv here.',
    );
    expect(memoryWarning('2019-Oct.csv', 5.692e9, 8)).toBeNull();
    expect(memoryWarning('year.csv', 12e9, 8)).toContain('this device reports at least 8 GB (browsers report no more)');
    // 0.40 GB needed for 134 MB: too much for a device reporting 0.5 GB (0.3 usable), fine at 1 GB.
    expect(memoryWarning('1m.csv', 134e6, 0.5)).toContain('1m.csv is 134 MB: loading it needs about 404 MB');
    expect(memoryWarning('1m.csv', 134e6, 1)).toBeNull();
  });

  it('says nothing when the browser does not report its memory', () => {
    expect(memoryWarning('year.csv', 50e9, undefined)).toBeNull();
    expect(memoryWarning('year.csv', 50e9, 0)).toBeNull();
  });
});
