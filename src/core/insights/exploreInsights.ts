// Everything the Explore view shows, computed from the loaded events (never constants). Plain data,
// a few kilobytes whatever the file size, so it crosses the worker boundary by structured clone.
import type { EventColumnsData, EventDictionaries } from '../sessions/eventColumns.ts';
import { collectSessionFacts } from './sessionFacts.ts';
import { countEvents } from './eventCounts.ts';
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
  /** Exact nearest-rank 90th percentile of events per session (0 without sessions). */
  p90EventsPerSession: number;
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
  const counts = countEvents(events, dict.categoryCodes.size, dict.brands.size);
  const mix = eventMix(counts, events.length);
  const buyers = buyerSessions(facts);
  const centre = eventsPerSessionCentre(facts);
  const hours = conversionByHour(counts.purchasesByHour, facts);
  const purchases = mix.find((m) => m.type === 'purchase')?.count ?? 0;
  // From the sessions' spans, not another pass over the events: the same extremes.
  let firstSec = Infinity;
  let lastSec = 0;
  for (let s = 0; s < facts.sessions; s++) {
    if (facts.events[s] === 0) continue;
    if (facts.startSec[s] < firstSec) firstSec = facts.startSec[s];
    if (facts.endSec[s] > lastSec) lastSec = facts.endSec[s];
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
    p90EventsPerSession: centre.p90,
    byHour: hours.byHour,
    night: hours.night,
    buyNow: { purchases, withoutPriorCart: facts.buyNowPurchases, share: rate(facts.buyNowPurchases, purchases) },
    durationConversion: durationConversion(facts),
    topCategories: topCategories(counts, dict.categoryCodes),
    topBrands: topBrands(counts, dict.brands),
    priceHistogram: priceHistogram(counts),
    timeRange: events.length > 0 ? { firstSec, lastSec } : { firstSec: 0, lastSec: 0 },
  };
}
