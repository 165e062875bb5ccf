// A hand-made stream whose every feature, label and total is worked out by hand in the tests next to
// it. Prices are binary-exact (multiples of 0.25) so sums do not depend on summation order.
import { ingestText } from '../helpers/ingestText.ts';

const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
const CAT_A = '2053013555631882655';
const CAT_B = '2232732093077520756';
const CAT_C = '2053013563810775923';

/** Rows in file order (deliberately not in time order). */
export const STREAM_LINES = [
  HEADER,
  // Session A (user 1): views, a cart, a view tied with the purchase at 10:02:00 (file row BEFORE the
  // purchase), the purchase, then more events and a second purchase (multi-purchase).
  `2019-10-01 10:00:00 UTC,view,1,${CAT_A},electronics.smartphone,apple,10.00,1,A`,
  `2019-10-01 10:00:30 UTC,view,2,${CAT_A},electronics.smartphone,samsung,20.00,1,A`,
  `2019-10-01 10:01:00 UTC,cart,2,${CAT_A},electronics.smartphone,samsung,20.00,1,A`,
  `2019-10-01 10:02:00 UTC,view,3,${CAT_B},,,5.00,1,A`,
  `2019-10-01 10:02:00 UTC,purchase,2,${CAT_A},electronics.smartphone,samsung,20.00,1,A`,
  `2019-10-01 10:05:00 UTC,view,4,${CAT_B},,,100.00,1,A`,
  `2019-10-01 10:06:00 UTC,purchase,4,${CAT_B},,,100.00,1,A`,
  // Session C (user 2), rows out of time order, a removal, an empty brand.
  `2019-10-01 03:00:10 UTC,view,6,${CAT_C},appliances.kitchen.washer,lg,7.50,2,C`,
  `2019-10-01 03:05:00 UTC,remove_from_cart,6,${CAT_C},appliances.kitchen.washer,lg,7.50,2,C`,
  `2019-10-01 03:00:00 UTC,view,6,${CAT_C},appliances.kitchen.washer,lg,7.50,2,C`,
  `2019-10-01 03:04:00 UTC,view,7,${CAT_B},,,2.50,2,C`,
  // Session F (user 2) starts while C is open.
  `2019-10-01 03:04:00 UTC,view,8,${CAT_B},,,1.25,2,F`,
  // Session B (user 1): buy-now, its first event is the purchase; then a view.
  `2019-10-01 23:30:00 UTC,purchase,5,${CAT_A},electronics.smartphone,apple,50.00,1,B`,
  `2019-10-01 23:31:00 UTC,view,5,${CAT_A},electronics.smartphone,apple,50.00,1,B`,
  // Session D (user 1) starts in the same second as B's purchase: neither B's start nor B's purchase is
  // strictly before it. 50 minutes of silence after its cart, then a view and a purchase.
  `2019-10-01 23:30:00 UTC,view,9,${CAT_A},electronics.smartphone,apple,40.00,1,D`,
  `2019-10-01 23:40:00 UTC,cart,9,${CAT_A},electronics.smartphone,apple,40.00,1,D`,
  `2019-10-02 00:30:00 UTC,view,9,${CAT_A},electronics.smartphone,apple,40.00,1,D`,
  `2019-10-02 00:31:00 UTC,purchase,9,${CAT_A},electronics.smartphone,apple,40.00,1,D`,
  // Session E (user 3): 11 views over 10 distinct products (more than a slot's 8 inline entries),
  // product 11 viewed twice; no purchase.
  ...Array.from({ length: 10 }, (_, i) => `2019-10-01 12:0${i}:00 UTC,view,${11 + i},${CAT_B},,brand${i % 3},2.00,3,E`),
  `2019-10-01 12:09:30 UTC,view,11,${CAT_B},,brand0,2.00,3,E`,
];

export const STREAM_CSV = `${STREAM_LINES.join('\n')}\n`;

export function ingestStreamFixture() {
  return ingestText(STREAM_CSV, undefined, 'stream-fixture.csv');
}
