// What the Live stream shows about rows it rejected while parsing a picked file.
import { describe, expect, test } from 'vitest';
import { REJECT_REASONS, RejectionLog } from '../../src/core/csv/rejections.ts';
import { replayRejections } from '../../src/core/stream/replayRejections.ts';
import { ingestText } from '../helpers/ingestText.ts';

const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
const ok = (time: string, session = 'S1') => `2019-10-01 ${time} UTC,view,1003461,2053013555631882655,electronics.smartphone,xiaomi,489.07,520088904,${session}`;

describe('replayRejections', () => {
  test('a dirty file: counts by reason in REJECT_REASONS order, with the explanation and line numbers', () => {
    const csv = [
      HEADER, // line 1
      ok('00:00:00'), // 2
      '2019-10-01 00:01:00 UTC,view,1,2,,x,-28.31,5,S2', // 3 bad_price
      '2019-10-01 00:02:00 UTC,click,1,2,,x,10,5,S2', // 4 unknown_event_type
      '2019-10-01 25:02:30 UTC,view,1,2,,x,10,5,S2', // 5 bad_time
      ok('00:03:00'), // 6
      '2019-10-01 00:03:20 UTC,view,1,2,,x,72.72', // 7 field_count
      '2019-10-01 00:04:20 UTC,view,1,2,,x,,5,S2', // 8 bad_price
      '2019-10-01 00:04:30 UTC,view,1,2,,x,abc,5,S2', // 9 bad_price
      '2019-10-01 00:04:40 UTC,view,1,2,,x,-1,5,S2', // 10 bad_price
      ok('00:05:00'), // 11
    ].join('\n');
    const data = ingestText(`${csv}\n`, undefined, 'dirty.csv');
    expect(data.rows).toBe(3);
    expect(replayRejections(data.rejected)).toEqual({
      total: 7,
      reasons: [
        { reason: 'field_count', count: 1, explanation: REJECT_REASONS.field_count, lines: [7] },
        { reason: 'bad_time', count: 1, explanation: REJECT_REASONS.bad_time, lines: [5] },
        { reason: 'unknown_event_type', count: 1, explanation: REJECT_REASONS.unknown_event_type, lines: [4] },
        // 4 rows, the first 3 lines shown
        { reason: 'bad_price', count: 4, explanation: REJECT_REASONS.bad_price, lines: [3, 8, 9] },
      ],
    });
  });

  test('a clean file has no reasons', () => {
    expect(replayRejections(new RejectionLog().summary())).toEqual({ total: 0, reasons: [] });
  });

  test('lines come from the kept examples and line list, ascending, without duplicates', () => {
    const log = new RejectionLog();
    for (const line of [40, 12, 30, 7, 50, 61]) log.add('empty_session', line, () => 'x');
    log.add('bad_user_id', 3, () => 'y');
    expect(replayRejections(log.summary(), 4)).toEqual({
      total: 7,
      reasons: [
        { reason: 'bad_user_id', count: 1, explanation: REJECT_REASONS.bad_user_id, lines: [3] },
        { reason: 'empty_session', count: 6, explanation: REJECT_REASONS.empty_session, lines: [7, 12, 30, 40] },
      ],
    });
  });
});
