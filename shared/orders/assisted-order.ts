// Use case: an associate sells to a walk-in (POST /stores/{storeId}/orders) — home delivery
// from a warehouse, pickup at another store, or taken now — as an order of the `store`
// channel, attributed to the store and the associate, and announced to the customer.

import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { getVariants } from '../catalog/index.ts';
import { type Actor, actorKey, assertStoreAccess } from '../platform/actor.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { type PlacedOrder, placeOrder } from './place-order.ts';
import { assistedOrderRequest } from './placing-rules.ts';
import type { AssistedOrderRequest } from './placing-schemas.ts';

/**
 * 1. Staff of that store; regional and admin staff anywhere (integrations and customers: 403).
 * 2. The order's channel id: from the associate's Idempotency-Key (a retry is the same
 *    channel order: the first order back, 409 if the body changed), else a new one.
 * 3. Read the catalogue's variants of the lines (one BatchGetItem): each SKU must be in it
 *    (422 naming `lines[i].sku`); its price and category make the line.
 * 4. Place it as any order (place-order.ts): the customer found by the identity or a new
 *    guest, pickup lines reserved at their store, ship lines held at a warehouse with their
 *    promise, all in one transaction with the `order.placed-in-store` event the customer is
 *    told through.
 */
export async function placeAssistedOrder(
  deps: Deps,
  command: AssistedOrderRequest & { storeId: string; idempotencyKey?: string },
  actor: Actor,
): Promise<PlacedOrder> {
  const { storeId, idempotencyKey, ...request } = command;
  assertStoreAccess(actor, storeId, { integrations: false });
  if (actor.kind !== 'staff') throw fail.forbidden('Only store staff can do this.');
  const reference = idempotencyKey
    ? createHash('sha256')
        .update(`${actorKey(actor)}\u0000${idempotencyKey}`)
        .digest('hex')
        .slice(0, 20)
    : ulid(deps.clock.now().getTime());
  const variants = await getVariants(
    deps,
    request.lines.map((l) => l.sku),
  );
  const order = assistedOrderRequest(request, { storeId, channelOrderId: `${storeId}-${reference}`.toUpperCase(), variants });
  return placeOrder(deps, order, { soldAt: { storeId, associateId: actor.userId } });
}
