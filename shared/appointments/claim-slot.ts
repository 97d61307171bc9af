// Use-case step shared by booking and rescheduling: once the request is understood, take
// the free stylists at the start one by one until a transaction commits; refuse with
// the nearest alternatives when nobody is (or is left) free.

import type { Deps } from '../runtime/deps.ts';
import type { Tx } from '../table/transact.ts';
import {
  alternativesWindow,
  type Booked,
  freeStylists,
  nearestAlternatives,
  type SlotRequest,
  slotsIn,
  slotTaken,
  type WriteLabel,
  writeRefusal,
} from './booking-rules.ts';
import type { Stylist } from './catalogue-schemas.ts';
import { storeBookings } from './repository.ts';

const MIN = 60_000;

/** One stylist's try: the transaction to write, and what to answer if it commits. */
type Attempt<T> = { tx: Tx<WriteLabel>; result: T };

/**
 * 1. The candidates free at `t` given that day's bookings, the least busy first; none: the
 *    conflict `slot-unavailable` (saying `noneFree`) with the nearest alternatives.
 * 2. For each, write its transaction. It commits: done. Only the stylist's time was taken
 *    meanwhile: the next one. Another refusal (the customer's overlap, the daily cap, the
 *    appointment changed meanwhile) answers at once; any other failed condition (the
 *    idempotency record: a racing retry) is rethrown for its owner.
 * 3. Nobody left: `slot-unavailable`, taken meanwhile, with the nearest alternatives.
 */
export async function claimSlot<T>(
  deps: Deps,
  req: SlotRequest,
  t: number,
  dayBookings: Booked[],
  noneFree: string,
  attempt: (stylist: Stylist) => Attempt<T>,
): Promise<T> {
  const free = freeStylists(req, t, dayBookings);
  if (free.length === 0) throw slotTaken(noneFree, await alternatives(deps, req, t));
  for (const stylist of free) {
    const { tx, result } = attempt(stylist);
    try {
      await tx.write(deps);
      return result;
    } catch (error) {
      const failed = tx.failed(error);
      if (!failed || failed.has('idempotency')) throw error;
      const refusal = writeRefusal(failed, req.catalogue.policy, req.moving !== undefined);
      if (refusal !== 'next-stylist') throw refusal ?? error;
    }
  }
  throw slotTaken('The slot was taken meanwhile.', await alternatives(deps, req, t));
}

/** The free starts nearest to `t`, from the store's bookings around it (one Query on GSI2). */
async function alternatives(deps: Deps, req: SlotRequest, t: number) {
  const window = alternativesWindow(t);
  const booked = await storeBookings(deps, req.catalogue.store.storeId, window.start, window.end + req.shape.durationMinutes * MIN);
  return nearestAlternatives(slotsIn(req, booked, window.start, window.end), t);
}
