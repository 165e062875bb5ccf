// Exact running totals of a replay. Every event is counted once, when it is processed (the original
// Spark job summed overlapping sliding windows, so each event was counted in several of them).

export interface StreamTotals {
  /** Events processed. */
  events: number;
  /** Events by type code: view, cart, purchase, remove_from_cart (EventType order). */
  byType: [number, number, number, number];
  sessionsStarted: number;
  /** Sessions closed, by how: first purchase (buy-now included), inactivity timeout, end of the data. */
  closedByPurchase: number;
  closedByTimeout: number;
  closedAtEnd: number;
  /** Sessions whose very first event is a purchase: closed with a purchase, but no example to learn (nothing came before). */
  buyNowSessions: number;
  /** Events of a session after its first purchase closed it (further purchases, post-purchase views). */
  eventsAfterPurchase: number;
  /** Events of a session after it timed out: it stays closed, the events are counted here only. */
  eventsAfterTimeout: number;
  /** Timed-out sessions that purchased later: counted as not converted (their label was already given). */
  purchasesAfterTimeout: number;
  /** Labelled examples given to the model. */
  positives: number;
  negatives: number;
}

export function emptyTotals(): StreamTotals {
  return {
    events: 0,
    byType: [0, 0, 0, 0],
    sessionsStarted: 0,
    closedByPurchase: 0,
    closedByTimeout: 0,
    closedAtEnd: 0,
    buyNowSessions: 0,
    eventsAfterPurchase: 0,
    eventsAfterTimeout: 0,
    purchasesAfterTimeout: 0,
    positives: 0,
    negatives: 0,
  };
}

export function closedSessions(t: StreamTotals): number {
  return t.closedByPurchase + t.closedByTimeout + t.closedAtEnd;
}

/** Session conversion rate: sessions closed by a purchase / sessions closed. NaN before any closes. */
export function sessionConversionRate(t: StreamTotals): number {
  const closed = closedSessions(t);
  return closed === 0 ? NaN : t.closedByPurchase / closed;
}

/**
 * Purchase events per cart event: what the original dashboard called "conversion rate". Not a funnel
 * share (about half of REES46 purchases have no cart event before them), so it is shown under this name.
 */
export function purchasesPerCart(t: StreamTotals): number {
  return t.byType[1] === 0 ? NaN : t.byType[2] / t.byType[1];
}
