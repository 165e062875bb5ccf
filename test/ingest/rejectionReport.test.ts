import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { rejectionReportCsv, REJECT_REASONS } from '../../src/core/csv/rejections.ts';
import { HEADER } from '../fixtures/handmade.ts';
import { ingestText } from '../helpers/ingestText.ts';

describe('rejectionReportCsv', () => {
  it('is CSV a reader splits back into the counts, the examples as written and every line', () => {
    const text = [
      HEADER,
      '2019-10-01 10:00:00 UTC,view,1,2,,"acme, ""inc""",-1,7,s1',
      '2019-10-01 25:00:00 UTC,view,1,2,,b,1,7,s1',
      '2019-10-01 10:00:00 UTC,view,1,2,,b,1,7,s1',
    ].join('\n');
    const report = rejectionReportCsv(ingestText(text).rejected, 'dirty "x".csv');
    const rows = Papa.parse<string[]>(report, { skipEmptyLines: true, comments: '#' }).data;
    expect(rows).toEqual([
      ['reason', 'count', 'explanation'],
      ['bad_time', '1', REJECT_REASONS.bad_time],
      ['bad_price', '1', REJECT_REASONS.bad_price],
      ['line', 'reason', 'text'],
      ['2', 'bad_price', '2019-10-01 10:00:00 UTC,view,1,2,,"acme, ""inc""",-1,7,s1'],
      ['3', 'bad_time', '2019-10-01 25:00:00 UTC,view,1,2,,b,1,7,s1'],
      ['line', 'reason'],
      ['2', 'bad_price'],
      ['3', 'bad_time'],
    ]);
    expect(REJECT_REASONS.bad_time).toContain('"'); // the case that was written unescaped
  });
});
