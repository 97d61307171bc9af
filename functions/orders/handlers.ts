// Adapter: thin handlers for orders. Parsing and route-level authorization happen in the kit;
// who may touch which order (its customer, staff of its store) is decided by the use case
// against the order as read.

import type { z } from 'zod';
import { readIdempotencyKey, replayedHeader } from '#shared/http/idempotency-key.ts';
import { type HandlerResult, ok, type Req } from '#shared/http/route.ts';
import type {
  assistedOrderBody,
  createOrderBody,
  orderPathSchema,
  pickupPolicyBody,
  returnBody,
  statusChangeBody,
  storeIdPath,
} from '#shared/orders/index.ts';
import * as orders from '#shared/orders/index.ts';
import { requireCustomer } from '#shared/platform/actor.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type OrderPath = z.output<typeof orderPathSchema>;

export async function postOrder(req: Req<undefined, undefined, z.output<typeof createOrderBody>>, deps: Deps): Promise<HandlerResult> {
  return placedResponse(await orders.placeOrder(deps, req.body));
}

export async function postAssistedOrder(
  req: Req<z.output<typeof storeIdPath>, undefined, z.output<typeof assistedOrderBody>>,
  deps: Deps,
): Promise<HandlerResult> {
  const command = { ...req.body, storeId: req.path.storeId, idempotencyKey: readIdempotencyKey(req.headers) };
  const placed = await orders.placeAssistedOrder(deps, command, req.actor);
  const res = placedResponse(placed);
  return placed.created ? res : { ...res, headers: { ...res.headers, 'idempotent-replayed': 'true' } };
}

function placedResponse(placed: Awaited<ReturnType<typeof orders.placeOrder>>): HandlerResult {
  const body = {
    ...placed.order,
    ...(placed.pickupCode ? { pickupCode: placed.pickupCode } : {}),
    ...(placed.guestCreated ? { guestCreated: true } : {}),
  };
  // A channel re-sending an order gets it back with 200 (and without the pickup code, shown once).
  return { status: placed.created ? 201 : 200, body, headers: { location: `/orders/${placed.order.orderId}` } };
}

export async function getOrder(req: Req<OrderPath>, deps: Deps) {
  return ok(await orders.viewOrder(deps, req.path, req.actor));
}

export async function postStatus(req: Req<OrderPath, undefined, z.output<typeof statusChangeBody>>, deps: Deps) {
  return ok(await orders.changeStatus(deps, { orderId: req.path.orderId, to: req.body.status }, req.actor));
}

export async function postPickupCode(req: Req<OrderPath>, deps: Deps) {
  return ok(await orders.reissuePickupCode(deps, req.path, req.actor));
}

export async function getMyOrders(req: Req<undefined, z.output<typeof paginationQuery>>, deps: Deps) {
  return ok(await orders.listCustomerOrders(deps, requireCustomer(req.actor), req.query));
}

/** A return or exchange where the customer is: staff of that store, or an orders integration (e.g. the POS). */
export async function postReturn(req: Req<OrderPath, undefined, z.output<typeof returnBody>>, deps: Deps) {
  const { order, replayed } = await orders.returnOrder(
    deps,
    { ...req.body, orderId: req.path.orderId, idempotencyKey: readIdempotencyKey(req.headers) },
    req.actor,
  );
  return { status: 200, body: order, headers: replayedHeader(replayed) };
}

type StorePath = z.output<typeof storeIdPath>;

export async function getPickupPolicy(req: Req<StorePath>, deps: Deps) {
  return ok(await orders.getPickupPolicy(deps, req.path, req.actor));
}

export async function putPickupPolicy(req: Req<StorePath, undefined, z.output<typeof pickupPolicyBody>>, deps: Deps) {
  return ok(await orders.setPickupPolicy(deps, { storeId: req.path.storeId, policy: req.body }, req.actor));
}
