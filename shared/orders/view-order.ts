// Use case: one order, as the caller may see it (GET /orders/{orderId}).

import type { Actor } from '../platform/actor.ts';
import { auditAccess } from '../platform/audit.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { getOrder, orderFromItem } from './repository.ts';
import { assertOrderAccess } from './rules.ts';
import type { Order } from './schemas.ts';

/**
 * 1. Read the order (404 when there is none).
 * 2. Its customer, staff of a store it involves, or an orders integration (assertOrderAccess;
 *    another customer's order is 404 too); an agent's read is audited beside it.
 */
export async function viewOrder(deps: Deps, command: { orderId: string }, actor: Actor): Promise<Order> {
  const item = await getOrder(deps, command.orderId);
  if (!item) throw fail.notFound('No such order.');
  const order = orderFromItem(item);
  assertOrderAccess(actor, order);
  if (actor.kind === 'agent') {
    await auditAccess(deps, actor, { action: 'order.view', customerId: order.customerId, ref: order.orderId, result: 'found' });
  }
  return order;
}
