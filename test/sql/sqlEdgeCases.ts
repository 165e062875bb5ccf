// A hand-made events file for the SQL conformance test: every rule where SQL could drift from the
// TypeScript pipeline (leakage cut at ties, several purchases, buy-now, unsorted rows, empty brands,
// user history with ties, the time/price/id formats the validator accepts, and one row per reject
// reason). Written with a BOM and CRLF line breaks, as a Windows export would be.
import { HEADER } from '../fixtures/handmade.ts';

export const SQL_EDGE_LINES = [
  HEADER,
  // E1 (user 10): product 007 = 7, categories '0123' ≠ '123', brands '', ' ' (a space is a brand),
  // time suffixes T…Z / +00:00 / none, purchase at 08:02 with a removal tied at that second, a second
  // purchase and a view after it.
  '2019-10-02 08:00:00 UTC,view,007,0123,,acme,10,10,E1',
  '2019-10-02T08:00:30Z,view,7,123,,"",20.5,10,E1',
  '2019-10-02 08:01:00+00:00,cart,7,123,,acme,20.5,10,E1',
  '2019-10-02 08:02:00,purchase,7,123,,acme,20.5,10,E1',
  '2019-10-02 08:02:00 UTC,remove_from_cart,8,123,, ,3,10,E1',
  '2019-10-02 08:03:00 UTC,purchase,8,123,,acme,3,10,E1',
  '2019-10-02 08:04:00 UTC,view,9,123,,acme,1,10,E1',
  // User 20: six sessions. H2 starts the second H1 buys (not a prior purchase); H3 and H4 start
  // together (same prior count); H5 is buy-now (dropped by the strict cut, still history for H6).
  '2019-10-03 09:00:00 UTC,view,1,5,,b1,2,20,H1',
  '2019-10-03 09:30:00 UTC,purchase,1,5,,b1,2,20,H1',
  '2019-10-03 09:30:00 UTC,view,2,5,,b1, 4.5 ,20,H2',
  '2019-10-03 09:31:00 UTC,view,2,5,,b2,1e2,20,H2',
  '2019-10-03 09:31:30 UTC,view,2,5,,b2,\t7\t,20,H2', // tabs around a price, as spaces
  '2019-10-03 10:00:00 UTC,view,3,5,,b1,.5,20,H3',
  '2019-10-03 10:00:40 UTC,cart,3,5,,b1,12.,20,H3',
  '2019-10-03 10:00:00 UTC,view,4,6,,b3,+3,20,H4',
  '2019-10-03 10:10:00 UTC,purchase,4,6,,b3,+3,20,H4',
  '2019-10-03 11:00:00 UTC,purchase,5,6,,b3,7.25,20,H5',
  '2019-10-03 12:00:00 UTC,view,6,6,"electronics,quoted",b3,1234567890.1234567,20,H6',
  // N1 (user 30), unsorted, starts 22:15; L1 (user 31) on a leap day, 05:59:59 (still night).
  '2019-10-04 22:20:00 UTC,view,11,7,,z,9.99,30,N1',
  '2019-10-04 22:15:00 UTC,view,11,7,,z,9.99,30,N1',
  '2019-10-04 22:17:00 UTC,view,12,7,,z,19.99,30,N1',
  '2019-10-04 22:16:00 UTC,view,11,7,,z,9.99,30,N1',
  '2020-02-29 05:59:59 UTC,view,13,8,,,4,31,L1',
  // Z1 (user 32): prices of minus zero, which is not below zero (kept as 0).
  '2019-10-04 23:00:00 UTC,view,14,8,,,-0.00,32,Z1',
  '2019-10-04 23:01:00 UTC,cart,14,8,,, -0 ,32,Z1',
  // Rejected by both: impossible or out-of-range times, bad prices, ids, types, sessions, field counts.
  '2019-02-29 10:00:00 UTC,view,1,5,,b1,2,20,BAD',
  '2019-10-01 24:00:00 UTC,view,1,5,,b1,2,20,BAD',
  '2019-10-01 10:00:00 CET,view,1,5,,b1,2,20,BAD',
  '1969-12-31 23:59:59 UTC,view,1,5,,b1,2,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,-1,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,-0.01,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,abc,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,1e400,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,,20,BAD',
  '2019-10-01 10:00:00 UTC,view,4294967296,5,,b1,2,20,BAD',
  '2019-10-01 10:00:00 UTC,view,12a,5,,b1,2,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,12x,,b1,2,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,,,b1,2,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,2,4294967296,BAD',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,2,,BAD',
  '2019-10-01 10:00:00 UTC,click,1,5,,b1,2,20,BAD',
  '2019-10-01 10:00:00 UTC,View,1,5,,b1,2,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,2,20,   ',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,2,20,',
  '2019-10-01 10:00:00 UTC,view,1,5,,2,20,BAD',
  '2019-10-01 10:00:00 UTC,view,1,5,,b1,2,20,BAD,extra',
  HEADER,
  '',
  // A truncated last line inside a quote.
  '2019-10-05 10:00:00 UTC,view,1,5,"unterminated,b1,2,20,BAD',
];

export const SQL_EDGE_CSV = `\ufeff${SQL_EDGE_LINES.join('\r\n')}`;
