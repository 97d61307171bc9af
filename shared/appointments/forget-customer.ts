// Use case: erasure (run by shared/privacy). The customer's items go with the
// customer, but the stylists' busy cells live in the stylists' partitions: cancel every
// live appointment first so that time is released.

import type { Deps } from '../runtime/deps.ts';
import { Tx } from '../table/transact.ts';
import { noCells, planCells, stylistCells } from './booking-rules.ts';
import { appointmentDetail, appointmentEvents } from './events.ts';
import { appointmentEvent, appointmentUpdate, bookedFrom, markerDelete, stylistLocks } from './repository.ts';
import { MAX_OCCUPIED_MINUTES } from './schemas.ts';

const MIN = 60_000;

/**
 * 1. Read the customer's booked appointments that may still be running (the index sorts by
 *    start: look back the longest one) and keep those not over yet.
 * 2. For each, one transaction: the appointment cancelled (version-conditioned), its marker
 *    deleted, the stylist's cells released, and an event that names no customer. One that
 *    changed meanwhile (e.g. cancelled) has nothing left to release.
 */
export async function forgetCustomer(deps: Deps, customerId: string): Promise<void> {
  const now = deps.clock.now();
  const booked = await bookedFrom(deps, customerId, new Date(now.getTime() - MAX_OCCUPIED_MINUTES * MIN).toISOString());
  const live = booked.filter((a) => Date.parse(a.busyUntil) > now.getTime());
  const at = now.toISOString();
  for (const read of live) {
    const tx = new Tx<'appointment' | 'other'>()
      .add('appointment', appointmentUpdate(deps, read, { status: 'cancelled', cancelledAt: at, updatedAt: at }))
      .add('other', markerDelete(deps, read.appointmentId))
      .add('other', ...stylistLocks(deps, read.storeId, read.stylistId, planCells(stylistCells(read), noCells), read.appointmentId))
      .add(
        'other',
        appointmentEvent(deps, appointmentEvents.cancelled, {
          ...appointmentDetail({ ...read, status: 'cancelled' }),
          customerId: undefined,
          cancelledBy: 'erasure',
        }),
      );
    try {
      await tx.write(deps);
    } catch (error) {
      if (!tx.failed(error)?.has('appointment')) throw error;
    }
  }
}
