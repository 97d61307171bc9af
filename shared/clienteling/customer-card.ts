// Use-case step: the customer card — everything the associate sees about the customer found.

import { upcomingAppointments } from '../appointments/index.ts';
import { type CustomerCard, listCustomerOrders, pickupFromItem, queryStorePickups } from '../orders/index.ts';
import type { PageRequest } from '../platform/schemas.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import type { Store } from '../stores/index.ts';
import { readCustomerFacts } from './repository.ts';
import {
  appointmentsFrom,
  appointmentsFromToday,
  CARD_APPOINTMENTS,
  CARD_VISITS,
  type Match,
  presenceLine,
  TIMELINE_WINDOW,
} from './rules.ts';

/** Waiting pickups shown per status. */
const CARD_PICKUPS = 20;

/**
 * 1. Every read at once: the customer's facts (profile, presence, visits), their
 *    appointments (through the appointments module), a page of their orders, and their
 *    pickups waiting at this store, ready and being prepared.
 * 2. No profile any more (erased meanwhile): not found.
 * 3. Shape the card: consents as flags, appointments from the store's today on, presence
 *    here or elsewhere, the latest visits.
 */
export async function customerCard(deps: Deps, store: Store, match: Match, page: PageRequest): Promise<CustomerCard> {
  const { customerId } = match;
  const now = deps.clock.now();
  const [facts, appointments, orders, ready, preparing] = await Promise.all([
    readCustomerFacts(deps, customerId, { timelineWindow: TIMELINE_WINDOW }),
    // Yesterday's and cancelled appointments are read and dropped: read twice as many.
    upcomingAppointments(deps, customerId, { from: appointmentsFrom(now), limit: CARD_APPOINTMENTS * 2 }),
    listCustomerOrders(deps, customerId, page),
    queryStorePickups(deps, store.storeId, 'ready_for_pickup', { limit: CARD_PICKUPS, customerId }),
    queryStorePickups(deps, store.storeId, 'placed', { limit: CARD_PICKUPS, customerId }),
  ]);
  const { profile } = facts;
  if (!profile) throw fail.notFound('This customer has no profile any more.');
  return {
    customerId,
    matchedBy: match.matchedBy,
    ...(profile.name ? { name: profile.name } : {}),
    loyaltyTier: profile.loyaltyTier,
    guest: profile.guest,
    consents: {
      marketing: profile.consents?.marketing?.granted ?? false,
      proximity: profile.consents?.proximity?.granted ?? false,
    },
    uncollectedPickups: profile.uncollectedPickups ?? 0,
    orders,
    pickupsHere: {
      ready: ready.items.map((i) => pickupFromItem(i, profile.name)),
      preparing: preparing.items.map((i) => pickupFromItem(i, profile.name)),
    },
    appointments: appointmentsFromToday(appointments, now, store.timeZone),
    presence: presenceLine(facts.presence, store.storeId, now),
    recentVisits: facts.visits.slice(0, CARD_VISITS),
  };
}
