// Everything the Explore view shows, computed from the loaded events (never constants). Plain data,
// a few kilobytes whatever the file size, so it crosses the worker boundary by structured clone.
import type { EventColumnsData, EventDictionaries } from '../sessions/eventColumns.ts';
import { collectSessionFacts } from './sessionFacts.ts';
import { buyerSessions, eventMix, sessionFunnel, type EventMixEntry, type FunnelStage } from './eventMix.ts';
import { durationConversion, eventsPerSessionCentre, eventsPerSessionHistogram, type Bucket } from './sessionBuckets.ts';
import { conversionByHour, type HourStat, type NightStat } from './hourOfDay.ts';
import { topBrands, topCategories, type TopLists } from './topValues.ts';
import { priceHistogram, type PriceBin } from './priceHistogram.ts';
import { rate } from './rate.ts';

export interface ExploreInsights {
  events: number;
  sessions: number;
  buyerSessions: number;
  /** Sessions with a purchase / all sessions. */
  sessionConversionRate: number;
  eventMix: EventMixEntry[];
  funnel: FunnelStage[];
  eventsPerSession: Bucket[];
  meanEventsPerSession: number;
  medianEventsPerSession: number;
  byHour: HourStat[];
  night: NightStat;
  buyNow: { purchases: number; withoutPriorCart: number; share: number };
  durationConversion: Bucket[];
  topCategories: TopLists;
  topBrands: TopLists;
  priceHistogram: PriceBin[];
  /** Epoch seconds of the first and last event (0, 0 when empty). */
  timeRange: { firstSec: number; lastSec: number };
}

export function computeExploreInsights(events: EventColumnsData, dict: EventDictionaries): ExploreInsights {
  const facts = collectSessionFacts(events, dict.sessions.size);
  const mix = eventMix(events);
  const buyers = buyerSessions(facts);
  const centre = eventsPerSessionCentre(facts);
  const hours = conversionByHour(events, facts);
  const purchases = mix.find((m) => m.type === 'purchase')?.count ?? 0;
  let firstSec = Infinity;
  let lastSec = 0;
  for (let i = 0; i < events.length; i++) {
    const t = events.timeSec[i];
    if (t < firstSec) firstSec = t;
    if (t > lastSec) lastSec = t;
  }
  return {
    events: events.length,
    sessions: facts.sessions,
    buyerSessions: buyers,
    sessionConversionRate: rate(buyers, facts.sessions),
    eventMix: mix,
    funnel: sessionFunnel(facts),
    eventsPerSession: eventsPerSessionHistogram(facts),
    meanEventsPerSession: centre.mean,
    medianEventsPerSession: centre.median,
    byHour: hours.byHour,
    night: hours.night,
    buyNow: { purchases, withoutPriorCart: facts.buyNowPurchases, share: rate(facts.buyNowPurchases, purchases) },
    durationConversion: durationConversion(facts),
    topCategories: topCategories(events, dict.categoryCodes),
    topBrands: topBrands(events, dict.brands),
    priceHistogram: priceHistogram(events),
    timeRange: events.length > 0 ? { firstSec, lastSec } : { firstSec: 0, lastSec: 0 },
  };
}
