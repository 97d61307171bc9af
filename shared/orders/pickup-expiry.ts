// Use case: a ready pickup nobody collected by its deadline expires (the expiry timer's
// handler, run by the sweep). One conditional transaction: the order becomes `expired`, its
// units go back to stock, the customer's profile counts an uncollected pickup. It is
// conditioned on the order still ready with the deadline read, so a hand-over racing it wins
// or loses whole — never both.

import { timersRef } from '../platform/actor.ts';
import type { TimerOutcome, TimerRecord } from '../platform/timers.ts';
import { uncollectedPickupCounted } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { isDomainError } from '../runtime/errors.ts';
import { moveStatus } from './order-status.ts';
import { expiryDecision } from './pickup-rules.ts';
import { getOrder, orderFromItem } from './repository.ts';

/**
 * 1. Read the order.
 * 2. Decide: expire, wait (the deadline was moved later: run again then), or nothing.
 * 3. Expire (moveStatus): conditioned on its status and deadline as read; the reservations
 *    released, the profile's counter added. A lost race (handed over meanwhile) is nothing to do.
 */
export async function expirePickup(deps: Deps, timer: TimerRecord): Promise<TimerOutcome> {
  const item = await getOrder(deps, timer.payload.orderId as string);
  const decision = expiryDecision(item && orderFromItem(item), deps.clock.now());
  if (decision.action === 'wait') return { runAgainAt: decision.until };
  if (decision.action === 'none' || !item) return undefined;
  try {
    await moveStatus(
      deps,
      item,
      'expired',
      timersRef,
      { expect: { pickupDeadline: item.pickupDeadline } },
      {
        items: [uncollectedPickupCounted(deps, item.customerId)],
      },
    );
  } catch (error) {
    // The order changed meanwhile (handed over, cancelled): the pickup is over, nothing to expire.
    if (isDomainError(error) && error.kind === 'conflict') return undefined;
    throw error;
  }
  return undefined;
}
