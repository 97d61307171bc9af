// Use case: a customer's phone reports the beacons it hears (POST /proximity/sightings).

import { hasAppointmentBetween } from '../appointments/index.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import { epochSeconds } from '../table/item.ts';
import { Tx } from '../table/transact.ts';
import { proximityEvents } from './events.ts';
import { capPut, liveOffers, readOfferState } from './offer-repository.ts';
import { type AudienceFacts, chooseOffers, matchesAudience, offerApplies, storeDay } from './offer-rules.ts';
import {
  hasProximityConsent,
  isRepeat,
  nearestBeacon,
  nextPresence,
  type PresenceRecord,
  screenReadings,
  startsVisit,
} from './presence-rules.ts';
import {
  getPresence,
  getStoresWithSettings,
  presencePut,
  readSightingStart,
  readVisitFacts,
  touchPresence,
  visitUpdate,
} from './repository.ts';
import type { BeaconReading, Offer, SightingResponse } from './schemas.ts';

const presenceView = (p: PresenceRecord, store: Store, flags: { newVisit: boolean; repeat: boolean }) => ({
  storeId: p.storeId,
  storeName: store.name,
  zone: p.zone,
  ...(p.zoneName ? { zoneName: p.zoneName } : {}),
  since: p.since,
  zoneSince: p.zoneSince,
  lastSeenAt: p.lastSeenAt,
  ...flags,
});

const offerView = (o: Offer) => ({
  offerId: o.offerId,
  title: o.title,
  ...(o.description ? { description: o.description } : {}),
  priority: o.priority,
  validUntil: o.validUntil,
  ...(o.target.storeId ? { storeId: o.target.storeId } : {}),
  ...(o.target.zones ? { zones: o.target.zones } : {}),
});

/**
 * 1. Screen readings by time; read the profile (consent), the customer's presence and the
 *    heard beacons in ONE consistent BatchGetItem. No consent: answer empty, having written
 *    nothing.
 * 2. Read the beacons' stores with their proximity settings (one BatchGetItem); pick the
 *    nearest usable beacon.
 * 3. Repeat inside the cooldown (same store and zone): one conditional UpdateItem extends
 *    the presence, and that is all.
 * 4. Otherwise read the visit record and purchase summary, today's appointments here and
 *    the live offers in parallel; keep the offers that fit place and audience, then read
 *    their caps, redemptions and stock (one BatchGetItem) and choose the ones shown.
 * 5. Write once: presence (conditioned on what was read), on a new visit the visit record,
 *    ONE timeline entry and a customer.entered-store event, and a condition-written cap
 *    record per offer shown. Losing to a concurrent sighting answers as a repeat.
 */
export async function recordSighting(deps: Deps, customerId: string, readings: BeaconReading[]): Promise<SightingResponse> {
  const now = deps.clock.now();
  const screened = screenReadings(readings, now);
  const {
    profile,
    presence: previous,
    beacons,
  } = await readSightingStart(
    deps,
    customerId,
    screened.fresh.map((r) => r.beaconId),
  );
  if (!hasProximityConsent(profile)) return { presence: null, offers: [], ignored: [] };

  const { stores, settings } = await getStoresWithSettings(
    deps,
    [...beacons.values()].map((b) => b.storeId),
  );
  const nearest = nearestBeacon(screened.fresh, beacons, stores);
  const ignored = [...screened.ignored, ...nearest.ignored].sort((a, b) => a.index - b.index);
  if (!nearest.chosen) return { presence: null, offers: [], ignored };
  const { beacon, store } = nearest.chosen;
  const config = settings.get(store.storeId)!;

  const here = { storeId: store.storeId, zone: beacon.zone, now };
  if (isRepeat(previous, here)) {
    const touched = await touchPresence(deps, customerId, here);
    if (touched) return { presence: presenceView(touched, store, { newVisit: false, repeat: true }), offers: [], ignored };
    // The presence changed since it was read (a concurrent sighting): evaluate in full.
  }

  const day = storeDay(now, store.timeZone);
  const [facts, offers, appointmentToday] = await Promise.all([
    readVisitFacts(deps, customerId, store.storeId),
    config.maxOffersPerSighting > 0 ? liveOffers(deps, store.storeId, now) : Promise.resolve([]),
    // Also kept on the presence for the associate's list (fresh at most one cooldown).
    hasAppointmentBetween(deps, customerId, store.storeId, day.start, day.end),
  ]);
  const newVisit = startsVisit(previous, store.storeId, now);
  const audience: AudienceFacts = {
    loyaltyTier: profile.loyaltyTier,
    favouriteCategories: profile.favouriteCategories,
    purchases: facts.purchases,
    firstVisit: newVisit ? facts.visits === 0 : facts.visits <= 1,
    appointmentToday,
    now,
  };
  // What fits before the per-customer reads (caps, redemptions, stock) for these only.
  const candidates = offers.filter((o) => offerApplies(o, { store, zone: beacon.zone, now }) && matchesAudience(o.audience, audience));
  const shown = candidates.length
    ? chooseOffers(
        candidates,
        await readOfferState(
          deps,
          customerId,
          candidates.map((o) => o.offerId),
          { storeId: store.storeId, skus: candidates.flatMap((o) => (o.requiresStock ? [o.requiresStock.sku] : [])) },
          now,
        ),
        { now, timeZone: store.timeZone, max: config.maxOffersPerSighting },
      )
    : [];

  const presence = nextPresence(previous, {
    customerId,
    storeId: store.storeId,
    zone: beacon.zone,
    zoneName: beacon.zoneName,
    now,
    cooldownSeconds: config.cooldownSeconds,
    appointmentToday,
  });
  const tx = new Tx<'presence' | 'visit' | 'cap'>()
    // Only over the state this evaluation was based on: a concurrent sighting wins, not both.
    .add('presence', presencePut(deps, presence, previous));
  if (newVisit) {
    tx.add(
      'visit',
      visitUpdate(deps, customerId, store.storeId, presence.since),
      timelinePut(deps, customerId, { type: 'store.visited', summary: `Visited ${store.name}`, ref: { storeId: store.storeId } }),
      // For whoever reacts to arrivals (the associate's tablet, clienteling): once per visit.
      outboxPut(deps, {
        event: proximityEvents.enteredStore,
        subject: `store#${store.storeId}`,
        detail: { customerId, storeId: store.storeId, zone: beacon.zone, at: presence.since },
      }),
    );
  }
  for (const { offer, newWindow, windowEnd } of shown) {
    tx.add(
      'cap',
      capPut(deps, customerId, {
        offerId: offer.offerId,
        times: offer.frequencyCap.times,
        newWindow,
        windowEnd,
        nowSeconds: epochSeconds(now),
      }),
    );
  }
  try {
    await tx.write(deps);
  } catch (error) {
    if (!tx.failed(error)) throw error;
    // Another sighting of this customer was evaluated at the same moment and did the work.
    const winner = (await getPresence(deps, customerId)) ?? presence;
    return { presence: presenceView(winner, store, { newVisit: false, repeat: true }), offers: [], ignored };
  }
  return { presence: presenceView(presence, store, { newVisit, repeat: false }), offers: shown.map((s) => offerView(s.offer)), ignored };
}
