// Use cases: move an order along its status flow (POST /orders/{orderId}/status), and issue
// a new pickup code (POST /orders/{orderId}/pickup-code). Every write is conditioned on the
// order as read; a change that lost a race answers what the order is now.

import { type Actor, type ActorRef, actorRef } from '../platform/actor.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { failedConditions, type TransactItem, transactWrite } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { statusStock } from './order-stock.ts';
import { newPickupCode, pickupCodes } from './pickup-code.ts';
import { readyTerms } from './pickup-policy.ts';
import { getOrder, type OrderItem, orderFromItem, pickupCodeUpdate, type StatusGuard, statusUpdate } from './repository.ts';
import { assertStatusChangeAccess, orderChanged, refuseReissue, refuseTransition, statusTimeField, statusWords } from './rules.ts';
import type { Order } from './schemas.ts';
import { viewOrder } from './view-order.ts';

/** The event of each status an order is moved to (placing and returns publish their own). */
const statusEvent = {
  ready_for_pickup: orderEvents.readyForPickup,
  picked_up: orderEvents.pickedUp,
  shipped: orderEvents.shipped,
  delivered: orderEvents.delivered,
  cancelled: orderEvents.cancelled,
  expired: orderEvents.expired,
} as const;
export type StatusChange = keyof typeof statusEvent;
/** What a status change writes besides the order: more transaction items, more event detail. */
type Along = { items?: TransactItem[]; detail?: Record<string, unknown> };

/**
 * Moves an order to a new status.
 * 1. Read the order (404 when there is none).
 * 2. Who may: staff of its pickup store (never to picked_up: that is the handover) or an
 *    orders integration. Repeating a change that already happened answers the order.
 * 3. The flow must allow it (409 otherwise).
 * 4. Write it (moveStatus) with the stock it moves.
 */
export async function changeStatus(deps: Deps, command: { orderId: string; to: StatusChange }, actor: Actor): Promise<Order> {
  const item = await getOrder(deps, command.orderId);
  if (!item) throw fail.notFound('No such order.');
  const order = orderFromItem(item);
  assertStatusChangeAccess(actor, order, command.to);
  if (order.status === command.to) return order;
  const refusal = refuseTransition(order, command.to);
  if (refusal) throw fail.conflict(refusal, 'order-status');
  if (command.to === 'ready_for_pickup') {
    const { guard, along } = await readyTerms(deps, order);
    return moveStatus(deps, item, command.to, actorRef(actor), guard, along);
  }
  return moveStatus(deps, item, command.to, actorRef(actor));
}

/**
 * Writes a status change in ONE transaction: the order (conditioned on its status and
 * customer as read, and on `guard`), its timeline entry and event, and the reservations it
 * releases or fulfils. A lost condition on the order answers what it is now.
 */
export async function moveStatus(
  deps: Deps,
  item: OrderItem,
  to: StatusChange,
  by: ActorRef,
  guard?: StatusGuard,
  along: Along = {},
): Promise<Order> {
  const order = orderFromItem(item);
  const now = deps.clock.now().toISOString();
  const tx = [
    statusUpdate(deps, order, to, now, guard),
    timelinePut(deps, order.customerId, {
      type: `order.${to}`,
      summary: `Order ${order.channelOrderId} ${statusWords(to)}`,
      ref: { orderId: order.orderId, ...(order.pickupStoreId ? { storeId: order.pickupStoreId } : {}) },
    }),
    outboxPut(deps, {
      event: statusEvent[to],
      subject: `order#${order.orderId}`,
      detail: {
        orderId: order.orderId,
        customerId: order.customerId,
        from: order.status,
        to,
        by,
        pickupStoreId: order.pickupStoreId,
        ...along.detail,
      },
    }),
    ...(await statusStock(deps, order, to)),
    ...(along.items ?? []),
  ];
  try {
    await transactWrite(deps, tx);
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw orderChanged(await getOrder(deps, order.orderId));
    throw error;
  }
  return orderFromItem({ ...item, ...guard?.set, status: to, [statusTimeField[to]]: now, updatedAt: now });
}

/**
 * A new pickup code: the old one stops working, wrong attempts are forgotten (a locked
 * pickup unlocks).
 * 1. Read the order as the caller may see it (viewOrder: another customer's order is 404).
 * 2. It must still wait at its pickup store (409 otherwise).
 * 3. Write the code's hash, conditioned on the order still waiting, with the event.
 */
export async function reissuePickupCode(
  deps: Deps,
  command: { orderId: string },
  actor: Actor,
): Promise<{ orderId: string; pickupCode: string }> {
  const order = await viewOrder(deps, command, actor);
  const refusal = refuseReissue(order);
  if (refusal) throw fail.conflict(refusal, 'order-status');
  const pickupCode = newPickupCode();
  try {
    await transactWrite(deps, [
      pickupCodeUpdate(deps, order.orderId, await pickupCodes(deps, order.orderId, pickupCode), deps.clock.now().toISOString()),
      outboxPut(deps, {
        event: orderEvents.pickupCodeReissued,
        subject: `order#${order.orderId}`,
        detail: { orderId: order.orderId, by: actorRef(actor) },
      }),
    ]);
  } catch (error) {
    if (failedConditions(error)) throw orderChanged(await getOrder(deps, order.orderId));
    throw error;
  }
  return { orderId: order.orderId, pickupCode };
}
