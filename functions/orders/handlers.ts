// Adapter: thin handlers for orders. Parsing and route-level authorization happen in the kit;
// who may touch which order (its customer, staff of its store) is decided by the use case
// against the order as read.

import type { z } from 'zod';
import { readIdempotencyKey, replayedHeader } from '#shared/http/idempotency-key.ts';
import { ok, type Req } from '#shared/http/route.ts';
import type { orderPathSchema, pickupPolicyBody, returnBody, statusChangeBody, storeIdPath } from '#shared/orders/index.ts';
import * as orders from '#shared/orders/index.ts';
import { requireCustomer } from '#shared/platform/actor.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type OrderPath = z.output<typeof orderPathSchema>;

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
