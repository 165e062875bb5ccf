// Conversion by the UTC hour a session starts, and the night question: is a purchase at night
// different? Night is 22:00–05:59 UTC, the same window as the `is_night` feature.
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

/** hourOfDaySec for a uint32 epoch second, in integer arithmetic (no floating-point modulo). */
export function hourOfUint32Sec(epochSec: number): number {
  return ((epochSec % 86400) / 3600) | 0;
}

/** `purchasesByHour`: purchase events per hour of their event_time (countEvents). */
export function conversionByHour(purchasesByHour: Float64Array, facts: SessionFacts): { byHour: HourStat[]; night: NightStat } {
  const sessions = new Float64Array(24);
  const buyers = new Float64Array(24);
  const purchases = purchasesByHour;
  const { startSec, flags } = facts;
  for (let s = 0; s < facts.sessions; s++) {
    const h = hourOfUint32Sec(startSec[s]);
    sessions[h]++;
    if (flags[s] & HAS_PURCHASE) buyers[h]++;
  }

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
