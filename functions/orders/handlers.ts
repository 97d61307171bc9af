// Adapter: thin handlers for orders. Parse and route-level authorization happen in the kit;
// who may touch which order (its customer, staff of its store) is decided here against the
// order as read, then the repository does the work.

import type { z } from 'zod';
import { problems } from '#shared/http/problem.ts';
import type { HandlerRequest, HandlerResult } from '#shared/http/route.ts';
import type { createOrderBody, Order, orderPathSchema, returnBody, statusChangeBody } from '#shared/orders/index.ts';
import * as orders from '#shared/orders/index.ts';
import { returnOrder } from '#shared/orders/index.ts';
import { type Actor, assertStoreAccess, requireCustomer } from '#shared/platform/actor.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type Req<P = undefined, Q = undefined, B = undefined> = HandlerRequest<P, Q, B>;
type OrderPath = z.output<typeof orderPathSchema>;
const ok = (body: unknown): HandlerResult => ({ status: 200, body });

export function actorOf(principal: Actor): orders.Actor {
  switch (principal.kind) {
    case 'staff':
      return { kind: 'staff', id: principal.userId };
    case 'integration':
      return { kind: 'integration', id: principal.clientId };
    case 'customer':
      return { kind: 'customer', id: principal.customerId };
    default:
      throw problems.unauthorized();
  }
}

/** The stores an order involves: its pickup store and the stores of its in-store lines. */
const storesOf = (order: Order) => [...new Set(order.lines.flatMap((l) => (l.storeId ? [l.storeId] : [])))];

/** Customers see their own orders (others' are 404: not even their existence leaks); staff those of their store. */
export function assertOrderAccess(principal: Actor, order: Order): void {
  if (principal.kind === 'customer') {
    if (order.customerId !== principal.customerId) throw problems.notFound('No such order.');
    return;
  }
  if (principal.kind === 'staff') {
    const stores = storesOf(order);
    if (principal.role !== 'associate') return;
    if (!stores.includes(principal.storeId ?? '')) throw problems.forbidden('This order does not involve your store.');
  }
}

export async function postOrder(req: Req<undefined, undefined, z.output<typeof createOrderBody>>, deps: Deps): Promise<HandlerResult> {
  const placed = await orders.placeOrder(deps, req.body);
  const body = {
    ...placed.order,
    ...(placed.pickupCode ? { pickupCode: placed.pickupCode } : {}),
    ...(placed.guestCreated ? { guestCreated: true } : {}),
  };
  // A channel re-sending an order gets it back with 200 (and without the pickup code, shown once).
  return { status: placed.created ? 201 : 200, body, headers: { location: `/orders/${placed.order.orderId}` } };
}

async function readOrder(deps: Deps, orderId: string) {
  const item = await orders.getOrderItem(deps, orderId);
  if (!item) throw problems.notFound('No such order.');
  return orders.orderFromItem(item);
}

export async function getOrder(req: Req<OrderPath>, deps: Deps) {
  const order = await readOrder(deps, req.path.orderId);
  assertOrderAccess(req.actor, order);
  return ok(order);
}

export async function postStatus(req: Req<OrderPath, undefined, z.output<typeof statusChangeBody>>, deps: Deps) {
  const { actor: principal } = req;
  const to = req.body.status;
  const order = await orders.changeStatus(deps, req.path.orderId, to, actorOf(principal), {
    guard: (current) => {
      if (principal.kind !== 'staff') return;
      if (!current.pickupStoreId) throw problems.forbidden('Store staff change the status of pickup orders only.');
      assertStoreAccess(principal, current.pickupStoreId);
      if (to === 'picked_up')
        throw problems.forbidden("Staff hand a pickup over with the customer's code: POST /stores/{storeId}/pickups/{orderId}/handover.");
    },
  });
  return ok(order);
}

export async function postPickupCode(req: Req<OrderPath>, deps: Deps) {
  const order = await readOrder(deps, req.path.orderId);
  assertOrderAccess(req.actor, order);
  const pickupCode = await orders.reissuePickupCode(deps, order, actorOf(req.actor));
  return ok({ orderId: order.orderId, pickupCode });
}

export async function getMyOrders(req: Req<undefined, z.output<typeof paginationQuery>>, deps: Deps) {
  return ok(await orders.listCustomerOrders(deps, requireCustomer(req.actor), req.query));
}

/** A return or exchange where the customer is: staff of that store, or an orders integration (e.g. the POS). */
export async function postReturn(req: Req<OrderPath, undefined, z.output<typeof returnBody>>, deps: Deps) {
  assertStoreAccess(req.actor, req.body.storeId);
  return ok(await returnOrder(deps, req.path.orderId, req.body, actorOf(req.actor)));
}
