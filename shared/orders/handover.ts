// Use case: hand a ready pickup over at its store against the customer's code
// (POST /stores/{storeId}/pickups/{orderId}/handover). A wrong code is counted with a
// condition-written counter; at MAX_PICKUP_CODE_FAILURES the pickup locks until the
// customer or the channel re-issues the code.

import { type Actor, actorRef, assertStoreAccess } from '../platform/actor.ts';
import type { Deps } from '../runtime/deps.ts';
import { moveStatus } from './order-status.ts';
import { isPickupCode } from './pickup-code.ts';
import { countWrongCode, getOrder, handoverGuard } from './repository.ts';
import { assertHandover, isPickupLocked, MAX_PICKUP_CODE_FAILURES, orderChanged, pickupLockedError, wrongCodeError } from './rules.ts';
import type { Order } from './schemas.ts';

/**
 * 1. Staff of this store only.
 * 2. Read the order: a pickup of this store (404), ready (409), not locked (423).
 * 3. A wrong code: counted, conditioned on the order, its code and its counter as read;
 *    answered with the attempts left (422), or locked (423) at the limit. A lost condition
 *    answers the lock, or what the order is now.
 * 4. The right code: picked up (moveStatus), conditioned on the code and counter as read,
 *    its reservations fulfilled — the units leave the store.
 */
export async function handOver(deps: Deps, command: { storeId: string; orderId: string; code: string }, actor: Actor): Promise<Order> {
  const { storeId, orderId, code } = command;
  assertStoreAccess(actor, storeId, { integrations: false });
  const item = await getOrder(deps, orderId);
  assertHandover(item, storeId, orderId);

  if (!(await isPickupCode(deps, orderId, code, item.pickupCodeHash))) {
    const failures = await countWrongCode(deps, item, MAX_PICKUP_CODE_FAILURES, deps.clock.now().toISOString());
    if (failures === undefined) {
      const fresh = await getOrder(deps, orderId);
      if (fresh && isPickupLocked(Number(fresh.pickupFailures))) throw pickupLockedError();
      throw orderChanged(fresh);
    }
    deps.logger.warn('wrong pickup code', { orderId, storeId, failures });
    throw wrongCodeError(failures);
  }

  const by = actorRef(actor);
  return moveStatus(deps, item, 'picked_up', by, handoverGuard(item, MAX_PICKUP_CODE_FAILURES, by.id));
}
