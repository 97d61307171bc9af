// Use case: inventory's part of a data export (composed by shared/privacy, GET /me/export).

import { collectPages } from '../platform/export.ts';
import type { Deps } from '../runtime/deps.ts';
import { customerReservations, reservationFromItem } from './reservation-repository.ts';

/** 1. The customer's reservations, as they stand now, page by page. */
export async function exportCustomer(deps: Deps, customerId: string) {
  const now = deps.clock.now();
  const reservations = await collectPages(async (page) => {
    const found = await customerReservations(deps, customerId, page);
    return { items: found.items.map((item) => reservationFromItem(item, now)), nextCursor: found.nextCursor };
  }, '/me/reservations');
  return { reservations };
}
