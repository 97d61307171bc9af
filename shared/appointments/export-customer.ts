// Use case: appointments' part of a data export (composed by shared/privacy, GET /me/export).

import { collectPages } from '../platform/export.ts';
import type { Deps } from '../runtime/deps.ts';
import { toAppointment } from './booking-rules.ts';
import { customerAppointmentPage } from './repository.ts';

/** 1. Every appointment of the customer, past and upcoming, in start order, page by page. */
export async function exportCustomer(deps: Deps, customerId: string) {
  const appointments = await collectPages(async (page) => {
    const found = await customerAppointmentPage(deps, customerId, 'forwards', '', page);
    return { items: found.items.map(toAppointment), nextCursor: found.nextCursor };
  }, '/me/appointments');
  return { appointments };
}
