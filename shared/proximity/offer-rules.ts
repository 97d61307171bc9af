// Domain: which proximity offers fit a customer, here and now — audience rules, targeting,
// validity, opening hours, frequency caps in the store's time zone, stock and ranking.
// Pure functions: the use case reads the facts, these decide.

import { instantOf, plusLocalDays, startOfLocalDay, wallClock } from '../runtime/zoned-time.ts';
import type { Store } from '../stores/index.ts';
import { isOpenAt } from '../stores/index.ts';
import type { AudienceRule, FrequencyCap, Offer } from './schemas.ts';

export type AudienceFacts = {
  loyaltyTier: string;
  favouriteCategories: string[];
  /** Category (lower-case) → ISO time of the last purchase in it. */
  purchases: Record<string, string>;
  /** No earlier visit to this store is on record. */
  firstVisit: boolean;
  /** A booked appointment at this store today (the store's calendar day). */
  appointmentToday: boolean;
  now: Date;
};

function boughtWithin(facts: AudienceFacts, category: string, withinDays: number | undefined): boolean {
  const last = facts.purchases[category.toLowerCase()];
  if (!last) return false;
  if (withinDays === undefined) return true;
  return facts.now.getTime() - Date.parse(last) <= withinDays * 86_400_000;
}

export function matchesAudience(rule: AudienceRule | undefined, facts: AudienceFacts): boolean {
  if (!rule) return true;
  switch (rule.type) {
    case 'all':
      return rule.rules.every((r) => matchesAudience(r, facts));
    case 'any':
      return rule.rules.some((r) => matchesAudience(r, facts));
    case 'not':
      return !matchesAudience(rule.rule, facts);
    case 'loyaltyTier':
      return (rule.in as string[]).includes(facts.loyaltyTier);
    case 'favouriteCategory': {
      const favourites = new Set(facts.favouriteCategories.map((c) => c.toLowerCase()));
      return rule.in.some((c) => favourites.has(c.toLowerCase()));
    }
    case 'bought':
      return boughtWithin(facts, rule.category, rule.withinDays);
    case 'notBought':
      return !boughtWithin(facts, rule.category, rule.withinDays);
    case 'firstVisit':
      return facts.firstVisit;
    case 'appointmentToday':
      return facts.appointmentToday;
  }
}

export type Place = { store: Store; zone: string; now: Date };

/** Targeting, validity window, opening hours and the total limit: what needs no per-customer read. */
export function offerApplies(offer: Offer, place: Place): boolean {
  const { store, zone, now } = place;
  if (offer.target.storeId !== undefined && offer.target.storeId !== store.storeId) return false;
  if (offer.target.zones !== undefined && !offer.target.zones.includes(zone)) return false;
  if (Date.parse(offer.validFrom) > now.getTime() || Date.parse(offer.validUntil) <= now.getTime()) return false;
  if (offer.totalRedemptionLimit !== undefined && offer.redemptions >= offer.totalRedemptionLimit) return false;
  if (offer.openingHoursOnly && !isOpenAt(store, now)) return false;
  return true;
}

const DAY = 86_400_000;

/** The instant the zone's midnight `days` calendar days after the local day of `ts` begins. */
const nextLocalMidnight = (zone: string, ts: number, days: number) => instantOf(zone, (Math.floor(wallClock(zone, ts) / DAY) + days) * DAY);

/** The local ISO weekday of `ts`, Monday 0 … Sunday 6 (a week window starts on Monday, as luxon's startOf('week')). */
const localWeekday = (zone: string, ts: number) => (new Date(wallClock(zone, ts)).getUTCDay() + 6) % 7;

/** One customer's showings of one offer in the current window. */
export type CapRecord = { count: number; windowEnd: number };

/** End of the cap window that starts with a showing at `now` (epoch seconds). */
export function capWindowEnd(cap: FrequencyCap, now: Date, timeZone: string): number {
  const end =
    cap.per === 'day'
      ? nextLocalMidnight(timeZone, now.getTime(), 1)
      : cap.per === 'week'
        ? nextLocalMidnight(timeZone, now.getTime(), 7 - localWeekday(timeZone, now.getTime()))
        : now.getTime() + (cap.hours ?? 24) * 3_600_000;
  return Math.floor(end / 1000);
}

/** Whether the cap lets the offer be shown once more, and whether that starts a new window. */
export function capAllows(cap: FrequencyCap, record: CapRecord | undefined, now: Date): { allowed: boolean; newWindow: boolean } {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (!record || record.windowEnd <= nowSeconds) return { allowed: true, newWindow: true };
  return { allowed: record.count < cap.times, newWindow: false };
}

/** Zone-targeted before store-wide before chain-wide, at equal priority. */
function specificity(offer: Offer): number {
  return (offer.target.zones ? 2 : 0) + (offer.target.storeId ? 1 : 0);
}

/** Best first: priority, then the more specific target, then the one ending soonest. */
export function rankOffers(offers: Offer[]): Offer[] {
  return [...offers].sort(
    (a, b) =>
      b.priority - a.priority ||
      specificity(b) - specificity(a) ||
      Date.parse(a.validUntil) - Date.parse(b.validUntil) ||
      a.offerId.localeCompare(b.offerId),
  );
}

/** The day in the store's calendar that contains `now`, as UTC instants [start, end). */
export function storeDay(now: Date, timeZone: string): { start: Date; end: Date } {
  const start = startOfLocalDay(timeZone, now.getTime());
  return { start: new Date(start), end: new Date(plusLocalDays(timeZone, start, 1)) };
}

/** What a sighting read about the candidate offers: the customer's caps and redemptions, and stock here. */
export type OfferState = { caps: Map<string, CapRecord>; redeemed: Set<string>; available: Map<string, number> };

/** A shown offer and what its showing does to the customer's cap (a new window, and when it ends). */
type Showing = { offer: Offer; newWindow: boolean; windowEnd: number };

/**
 * The offers a sighting shows, best first and at most `max`: candidates not yet redeemed by
 * this customer, whose SKU (if they need one) is available here, and whose cap allows one
 * more showing — with the cap window each showing counts in.
 */
export function chooseOffers(candidates: Offer[], state: OfferState, at: { now: Date; timeZone: string; max: number }): Showing[] {
  return rankOffers(
    candidates.filter(
      (o) =>
        !state.redeemed.has(o.offerId) &&
        (!o.requiresStock || (state.available.get(o.requiresStock.sku) ?? 0) > 0) &&
        capAllows(o.frequencyCap, state.caps.get(o.offerId), at.now).allowed,
    ),
  )
    .slice(0, at.max)
    .map((offer) => {
      const { newWindow } = capAllows(offer.frequencyCap, state.caps.get(offer.offerId), at.now);
      const windowEnd = newWindow ? capWindowEnd(offer.frequencyCap, at.now, at.timeZone) : state.caps.get(offer.offerId)!.windowEnd;
      return { offer, newWindow, windowEnd };
    });
}

/** Why an offer cannot be redeemed in this store now (a conflict's message and code), or undefined. */
export function refuseRedemption(offer: Offer, storeId: string, now: Date): { message: string; code: string } | undefined {
  if (Date.parse(offer.validFrom) > now.getTime() || Date.parse(offer.validUntil) <= now.getTime()) {
    return { message: 'This offer is not valid at this time.', code: 'offer-not-valid' };
  }
  if (offer.target.storeId !== undefined && offer.target.storeId !== storeId) {
    return { message: `This offer is only valid in store ${offer.target.storeId}.`, code: 'offer-not-valid-here' };
  }
  return undefined;
}
