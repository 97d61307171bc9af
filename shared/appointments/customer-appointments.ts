// Use cases: a customer's appointments — their own list, and the
// reads other modules make of them (the tablet's card, proximity's "appointment today").

import type { Deps } from '../runtime/deps.ts';
import { toAppointment } from './booking-rules.ts';
import { customerAppointmentPage, customerIndexFrom } from './repository.ts';
import { MAX_OCCUPIED_MINUTES } from './schemas.ts';

const MIN = 60_000;

/**
 * The customer's appointments, one page: upcoming (soonest first) until each has ended, or
 * past (latest first).
 * 1. One Query on the customer's index from (or back from) a pivot: now for past ones; for
 *    upcoming ones now less the longest an appointment lasts (the index sorts by start).
 * 2. Keep those that have (not) ended yet, shown in their store's time zone.
 */
export async function listCustomerAppointments(
  deps: Deps,
  customerId: string,
  options: { when: 'upcoming' | 'past'; limit: number; cursor?: string },
) {
  const now = deps.clock.now().getTime();
  const upcoming = options.when === 'upcoming';
  const pivot = new Date(upcoming ? now - MAX_OCCUPIED_MINUTES * MIN : now).toISOString();
  const found = await customerAppointmentPage(deps, customerId, upcoming ? 'forwards' : 'backwards', pivot, options);
  const items = found.items.filter((a) => Date.parse(a.end) > now === upcoming).map(toAppointment);
  return { items, nextCursor: found.nextCursor };
}

/** An appointment as the store tablet's customer card lists it (start and end in UTC ISO). */
export type UpcomingAppointment = {
  appointmentId: string;
  storeId: string;
  start: string;
  end?: string;
  status: string;
  serviceName?: string;
  stylistName?: string;
};

/**
 * The customer's appointments starting from `from` on, in start order, cancelled ones
 * left out: one Query reading at most `limit` entries of the customer's index.
 */
export async function upcomingAppointments(
  deps: Deps,
  customerId: string,
  options: { from: Date; limit: number },
): Promise<UpcomingAppointment[]> {
  const entries = await customerIndexFrom(deps, customerId, options.from, options.limit);
  return entries
    .filter((a) => a.status !== 'cancelled')
    .map((a) => ({
      appointmentId: a.appointmentId,
      storeId: a.storeId,
      start: a.start,
      ...(a.end ? { end: a.end } : {}),
      status: String(a.status ?? 'booked'),
      ...(a.serviceName ? { serviceName: a.serviceName } : {}),
      ...(a.stylistName ? { stylistName: a.stylistName } : {}),
    }));
}
