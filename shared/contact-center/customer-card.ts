// Use case: the agent's card (GET /customers/{customerId}) — everything about the customer in
// one parallel round of reads, each read through the module that owns it; audited.

import { upcomingAppointments } from '../appointments/index.ts';
import { readCustomerFacts } from '../clienteling/index.ts';
import { listCustomerReservations } from '../inventory/index.ts';
import { getPreferences } from '../notifications/index.ts';
import { listCustomerOrders } from '../orders/index.ts';
import { type Actor, assertAgentAccess } from '../platform/actor.ts';
import { auditAccess } from '../platform/audit.ts';
import { listTimeline } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import {
  CARD_APPOINTMENTS,
  CARD_NOTES,
  CARD_OFFERS,
  CARD_ORDERS,
  CARD_RESERVATIONS,
  CARD_VISITS,
  maskedIdentities,
  noteFromEntry,
  openReservations,
  VISIT_WINDOW,
  waitingPickups,
} from './rules.ts';
import type { AgentCard } from './schemas.ts';

/**
 * 1. Agents, regional and admin staff only.
 * 2. One parallel round: the customer's facts (profile, presence, recent visits — the tablet's
 *    read), communication preferences, the latest orders of every channel (lines, status,
 *    returns and exchanges), reservations, appointments from now on, redeemed offers and
 *    earlier contacts (the timeline by kind), and the audit entry.
 * 3. No profile (unknown or erased): not found.
 * 4. Shape the card: identities masked, waiting pickups from the orders, open reservations.
 */
export async function agentCard(deps: Deps, actor: Actor, customerId: string): Promise<AgentCard> {
  assertAgentAccess(actor);
  const now = deps.clock.now();
  const [facts, preferences, orders, reservations, appointments, offers, notes] = await Promise.all([
    readCustomerFacts(deps, customerId, { timelineWindow: VISIT_WINDOW }),
    getPreferences(deps, customerId),
    listCustomerOrders(deps, customerId, { limit: CARD_ORDERS }),
    listCustomerReservations(deps, customerId, { limit: CARD_RESERVATIONS }),
    upcomingAppointments(deps, customerId, { from: now, limit: CARD_APPOINTMENTS }),
    listTimeline(deps, customerId, { kind: 'offer', limit: CARD_OFFERS }),
    listTimeline(deps, customerId, { kind: 'note', limit: CARD_NOTES }),
    auditAccess(deps, actor, { action: 'customer.card', customerId }),
  ]);
  const { profile } = facts;
  if (!profile) throw fail.notFound(`There is no customer ${customerId}.`);
  return {
    customerId,
    ...(profile.name ? { name: profile.name } : {}),
    loyaltyTier: profile.loyaltyTier,
    guest: profile.guest,
    ...maskedIdentities(profile.identities),
    hasLoyaltyCard: profile.identities.loyalty !== undefined,
    ...(profile.preferredStoreId ? { preferredStoreId: profile.preferredStoreId } : {}),
    sizes: profile.sizes,
    favouriteCategories: profile.favouriteCategories,
    consents: profile.consents,
    communicationPreferences: preferences,
    uncollectedPickups: profile.uncollectedPickups ?? 0,
    orders: orders.items,
    moreOrders: orders.nextCursor !== undefined,
    pickups: waitingPickups(orders.items),
    reservations: openReservations(reservations.items),
    appointments,
    recentVisits: facts.visits.slice(0, CARD_VISITS),
    redeemedOffers: offers.items.map(({ entryId, at, type, summary, ref }) => ({ entryId, at, type, summary, ...(ref ? { ref } : {}) })),
    earlierContacts: notes.items.map(noteFromEntry),
  };
}
