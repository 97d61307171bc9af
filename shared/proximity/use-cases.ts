// Use cases: the proximity context's multi-step operations (sighting, presence, redemption).
// Each reads what it needs in as few parallel rounds as it can, decides with the pure
// functions in shared/domain, and writes once with conditions.

import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import { fail } from '../platform/errors.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import { getProfile, profileFromItem } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import { getStore } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { keys } from '../table/keys.ts';
import { failedConditions, type TransactItem, transactWrite } from '../table/transact.ts';
import { proximityEvents } from './events.ts';
import { type AudienceFacts, capAllows, capWindowEnd, matchesAudience, offerApplies, rankOffers, storeDay } from './offer-rules.ts';
import { capPut, getOffer, liveOffers, redeemOffer } from './offers.ts';
import { isRepeat, nearestBeacon, nextPresence, type PresenceRecord, screenReadings, startsVisit } from './presence-rules.ts';
import {
  getPresence,
  getStoresWithSettings,
  hasAppointmentBetween,
  presenceItem,
  queryStorePresence,
  readOfferState,
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
 * A customer's phone reports the beacons it hears.
 * 1. Screen readings by time; read the profile (consent), the customer's presence and the
 *    heard beacons in ONE consistent BatchGetItem. No consent: answer empty, having written
 *    nothing.
 * 2. Read the beacons' stores with their proximity settings (one BatchGetItem); pick the
 *    nearest usable beacon.
 * 3. Repeat inside the cooldown (same store and zone): one conditional UpdateItem extends
 *    the presence, and that is all.
 * 4. Otherwise read the visit record and purchase summary, today's appointments here and
 *    the live offers in parallel; then caps, redemptions and stock of the candidates (one
 *    BatchGetItem).
 * 5. Write once: presence (conditioned on what was read), on a new visit the visit record,
 *    ONE timeline entry and a customer.entered-store event, and a condition-written cap
 *    record per offer shown.
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
  if (!profile?.consents.proximity?.granted) return { presence: null, offers: [], ignored: [] };

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
  const state = candidates.length
    ? await readOfferState(
        deps,
        customerId,
        candidates.map((o) => o.offerId),
        {
          storeId: store.storeId,
          skus: candidates.flatMap((o) => (o.requiresStock ? [o.requiresStock.sku] : [])),
        },
        now,
      )
    : undefined;
  const shown = rankOffers(
    candidates.filter(
      (o) =>
        state !== undefined &&
        !state.redeemed.has(o.offerId) &&
        (!o.requiresStock || (state.available.get(o.requiresStock.sku) ?? 0) > 0) &&
        capAllows(o.frequencyCap, state.caps.get(o.offerId), now).allowed,
    ),
  ).slice(0, config.maxOffersPerSighting);

  const presence = nextPresence(previous, {
    customerId,
    storeId: store.storeId,
    zone: beacon.zone,
    zoneName: beacon.zoneName,
    now,
    cooldownSeconds: config.cooldownSeconds,
    appointmentToday,
  });
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const items: TransactItem[] = [
    {
      Put: {
        TableName: deps.tableName,
        Item: presenceItem(presence),
        // Only over the state this evaluation was based on: a concurrent sighting wins, not both.
        ...(previous
          ? { ConditionExpression: 'processedAt = :seen', ExpressionAttributeValues: { ':seen': previous.processedAt } }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      },
    },
    ...(newVisit
      ? [
          visitUpdate(deps, customerId, store.storeId, presence.since),
          timelinePut(deps, customerId, { type: 'store.visited', summary: `Visited ${store.name}`, ref: { storeId: store.storeId } }),
          // For whoever reacts to arrivals (the associate's tablet, clienteling): once per visit.
          outboxPut(deps, {
            event: proximityEvents.enteredStore,
            subject: `store#${store.storeId}`,
            detail: { customerId, storeId: store.storeId, zone: beacon.zone, at: presence.since },
          }),
        ]
      : []),
    ...shown.map((o) => {
      const cap = capAllows(o.frequencyCap, state!.caps.get(o.offerId), now);
      return capPut(deps, customerId, {
        offerId: o.offerId,
        times: o.frequencyCap.times,
        newWindow: cap.newWindow,
        windowEnd: cap.newWindow ? capWindowEnd(o.frequencyCap, now, store.timeZone) : state!.caps.get(o.offerId)!.windowEnd,
        nowSeconds,
      });
    }),
  ];
  try {
    await transactWrite(deps, items);
  } catch (error) {
    if (!failedConditions(error)) throw error;
    // Another sighting of this customer was evaluated at the same moment and did the work.
    const winner = (await getPresence(deps, customerId)) ?? presence;
    return { presence: presenceView(winner, store, { newVisit: false, repeat: true }), offers: [], ignored };
  }
  return { presence: presenceView(presence, store, { newVisit, repeat: false }), offers: shown.map(offerView), ignored };
}

/**
 * The associate's view: consented customers present in the store now, with the flags they
 * act on. Three calls in two rounds, whatever the page size: the store (404) and the page
 * of presences (a Query), then the profiles (one BatchGet). The appointment flag was set on
 * the presence at its last full evaluation (at most one cooldown old).
 * Pickup waiting arrives with orders (issue 6); it is deliberately not faked here.
 */
export async function listPresence(deps: Deps, storeId: string, page: { limit: number; cursor?: string }) {
  const now = deps.clock.now();
  const [store, present] = await Promise.all([getStore(deps, storeId), queryStorePresence(deps, storeId, now, page)]);
  if (!store) throw fail.notFound(`There is no store ${storeId}.`);
  const ids = present.items.map((p) => p.customerId);
  const profiles = ids.length
    ? await batchGet(
        deps,
        ids.map((id) => keys.profile(id)),
      )
    : [];
  const byId = new Map(profiles.map((p) => [p.customerId as string, profileFromItem(p)]));
  const items = present.items.flatMap((p) => {
    const profile = byId.get(p.customerId);
    // Consent can be withdrawn while a presence is still live: it stops showing at once.
    if (!profile?.consents.proximity?.granted) return [];
    return [
      {
        customerId: p.customerId,
        ...(profile.name ? { name: profile.name } : {}),
        loyaltyTier: profile.loyaltyTier,
        zone: p.zone,
        ...(p.zoneName ? { zoneName: p.zoneName } : {}),
        since: p.since,
        zoneSince: p.zoneSince,
        lastSeenAt: p.lastSeenAt,
        appointmentToday: p.appointmentToday ?? false,
      },
    ];
  });
  return { items, nextCursor: present.nextCursor };
}

/** Checkout: staff of the store (or the POS integration) redeem an offer for a customer. */
export async function redeem(deps: Deps, principal: Actor, offerId: string, body: { customerId: string; storeId: string }) {
  assertStoreAccess(principal, body.storeId);
  const [offer, profile] = await Promise.all([getOffer(deps, offerId, true), getProfile(deps, body.customerId)]);
  if (!offer) throw fail.notFound(`There is no offer ${offerId}.`);
  if (!profile) throw fail.notFound(`There is no customer ${body.customerId}.`);
  const now = deps.clock.now().getTime();
  if (Date.parse(offer.validFrom) > now || Date.parse(offer.validUntil) <= now) {
    throw fail.conflict('This offer is not valid at this time.', 'offer-not-valid');
  }
  if (offer.target.storeId !== undefined && offer.target.storeId !== body.storeId) {
    throw fail.conflict(`This offer is only valid in store ${offer.target.storeId}.`, 'offer-not-valid-here');
  }
  const by =
    principal.kind === 'staff'
      ? `staff:${principal.userId}`
      : principal.kind === 'integration'
        ? `client:${principal.clientId}`
        : 'unknown';
  return redeemOffer(deps, offer, body.customerId, body.storeId, by);
}
