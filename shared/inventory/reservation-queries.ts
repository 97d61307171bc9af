// Use cases: reading reservations — one, by whoever may reach it, and a customer's own list.

import { type Actor, assertStoreAccess, requireCustomer } from '../platform/actor.ts';
import type { PageRequest } from '../platform/schemas.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import type { Page } from '../table/query.ts';
import { customerReservations, getReservationItem, type ReservationItem, reservationFromItem } from './reservation-repository.ts';
import { mayLookUp } from './reservation-rules.ts';
import type { Reservation } from './reservation-schemas.ts';

/**
 * The stored reservation, if this actor may reach it: its customer; staff of its store;
 * integrations. Anyone else is told it is not there (ids are not probed); staff of another
 * store are refused.
 */
export async function reachableReservation(deps: Deps, actor: Actor, reservationId: string): Promise<ReservationItem> {
  const item = await getReservationItem(deps, reservationId);
  if (!item || !mayLookUp(actor, item)) throw fail.notFound(`Reservation ${reservationId} was not found.`);
  if (actor.kind !== 'customer') assertStoreAccess(actor, item.storeId);
  return item;
}

/** One reservation as its customer, its store's staff or an integration sees it. */
export async function findReservation(deps: Deps, command: { reservationId: string }, actor: Actor): Promise<Reservation> {
  return reservationFromItem(await reachableReservation(deps, actor, command.reservationId), deps.clock.now());
}

/** The signed-in customer's reservations, newest first. */
export function myReservations(deps: Deps, page: PageRequest, actor: Actor): Promise<Page<Reservation>> {
  return listCustomerReservations(deps, requireCustomer(actor), page);
}

/** A customer's reservations, newest first (the caller has checked who may see them). */
export async function listCustomerReservations(deps: Deps, customerId: string, page: PageRequest): Promise<Page<Reservation>> {
  const found = await customerReservations(deps, customerId, page);
  const now = deps.clock.now();
  return { items: found.items.map((item) => reservationFromItem(item, now)), nextCursor: found.nextCursor };
}
