// Conversion by the UTC hour a session starts, and the night question: is a purchase at night
// different? Night is 22:00–05:59 UTC, the same window as the `is_night` feature.
import { EventType } from '../csv/schema.ts';
import type { EventColumnsData } from '../sessions/eventColumns.ts';
import { HAS_PURCHASE, type SessionFacts } from './sessionFacts.ts';
import { rate } from './rate.ts';

export interface HourStat {
  hour: number;
  /** Sessions starting in this hour. */
  sessions: number;
  buyerSessions: number;
  conversionRate: number;
  /** Purchase events logged in this hour. */
  purchases: number;
}

export interface NightStat {
  purchases: number;
  nightPurchases: number;
  /** Share of purchase events logged between 22:00 and 05:59 UTC. */
  nightPurchaseShare: number;
  nightSessions: number;
  nightBuyerSessions: number;
  /** Conversion of sessions starting at night. */
  nightConversionRate: number;
  daySessions: number;
  dayBuyerSessions: number;
  dayConversionRate: number;
}

export function isNightHour(hour: number): boolean {
  return hour >= 22 || hour < 6;
}

export function hourOfDaySec(epochSec: number): number {
  return Math.floor((epochSec % 86400) / 3600);
}

export function conversionByHour(events: EventColumnsData, facts: SessionFacts): { byHour: HourStat[]; night: NightStat } {
  const sessions = new Float64Array(24);
  const buyers = new Float64Array(24);
  const purchases = new Float64Array(24);
  for (let s = 0; s < facts.sessions; s++) {
    const h = hourOfDaySec(facts.startSec[s]);
    sessions[h]++;
    if (facts.flags[s] & HAS_PURCHASE) buyers[h]++;
  }
  for (let e = 0; e < events.length; e++) if (events.type[e] === EventType.purchase) purchases[hourOfDaySec(events.timeSec[e])]++;

  const byHour: HourStat[] = [];
  const night = { purchases: 0, nightPurchases: 0, nightSessions: 0, nightBuyerSessions: 0, daySessions: 0, dayBuyerSessions: 0 };
  for (let h = 0; h < 24; h++) {
    byHour.push({ hour: h, sessions: sessions[h], buyerSessions: buyers[h], conversionRate: rate(buyers[h], sessions[h]), purchases: purchases[h] });
    night.purchases += purchases[h];
    if (isNightHour(h)) {
      night.nightPurchases += purchases[h];
      night.nightSessions += sessions[h];
      night.nightBuyerSessions += buyers[h];
    } else {
      night.daySessions += sessions[h];
      night.dayBuyerSessions += buyers[h];
    }
  }
  return {
    byHour,
    night: {
      ...night,
      nightPurchaseShare: rate(night.nightPurchases, night.purchases),
      nightConversionRate: rate(night.nightBuyerSessions, night.nightSessions),
      dayConversionRate: rate(night.dayBuyerSessions, night.daySessions),
    },
  };
}
