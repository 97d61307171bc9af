// Adapter: thin handlers for the contact center's actions on orders. Who may act (agents,
// regional and admin staff; staff of the receiving store; integrations by scope) is decided by
// the use case against the order or RMA as read.

import type { z } from 'zod';
import { readIdempotencyKey, replayedHeader } from '#shared/http/idempotency-key.ts';
import { ok, type Req } from '#shared/http/route.ts';
import type {
  orderPathSchema,
  pickupExtendBody,
  pickupMoveBody,
  rmaBody,
  rmaPath,
  rmaReceiveBody,
  rmaWarehouseReceiveBody,
  storeRmaPath,
} from '#shared/orders/index.ts';
import * as orders from '#shared/orders/index.ts';
import { requireCustomer } from '#shared/platform/actor.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type OrderPath = z.output<typeof orderPathSchema>;

export async function postPickupExtend(req: Req<OrderPath, undefined, z.output<typeof pickupExtendBody>>, deps: Deps) {
  const command = { orderId: req.path.orderId, until: req.body.until, idempotencyKey: readIdempotencyKey(req.headers) };
  const { order, replayed } = await orders.extendPickup(deps, command, req.actor);
  return { status: 200, body: order, headers: replayedHeader(replayed) };
}

export async function postPickupMove(req: Req<OrderPath, undefined, z.output<typeof pickupMoveBody>>, deps: Deps) {
  const command = { orderId: req.path.orderId, storeId: req.body.storeId, idempotencyKey: readIdempotencyKey(req.headers) };
  const { order, replayed } = await orders.movePickup(deps, command, req.actor);
  return { status: 200, body: order, headers: replayedHeader(replayed) };
}

export async function postReturnAuthorization(req: Req<OrderPath, undefined, z.output<typeof rmaBody>>, deps: Deps) {
  const command = { ...req.body, orderId: req.path.orderId, idempotencyKey: readIdempotencyKey(req.headers) };
  const { rma, replayed } = await orders.authorizeReturn(deps, command, req.actor);
  return {
    status: replayed ? 200 : 201,
    body: rma,
    headers: { location: `/return-authorizations/${rma.rmaId}`, ...replayedHeader(replayed) },
  };
}

export async function getReturnAuthorization(req: Req<z.output<typeof rmaPath>>, deps: Deps) {
  return ok(await orders.viewReturnAuthorization(deps, req.path, req.actor));
}

export async function getMyReturnAuthorizations(req: Req<undefined, z.output<typeof paginationQuery>>, deps: Deps) {
  return ok(await orders.listCustomerReturnAuthorizations(deps, requireCustomer(req.actor), req.query));
}

export async function postStoreReceive(req: Req<z.output<typeof storeRmaPath>, undefined, z.output<typeof rmaReceiveBody>>, deps: Deps) {
  const { storeId, rmaId } = req.path;
  const command = { rmaId, at: { storeId }, lines: req.body.lines, idempotencyKey: readIdempotencyKey(req.headers) };
  const { rma, replayed } = await orders.receiveReturn(deps, command, req.actor);
  return { status: 200, body: rma, headers: replayedHeader(replayed) };
}

export async function postWarehouseReceive(
  req: Req<z.output<typeof rmaPath>, undefined, z.output<typeof rmaWarehouseReceiveBody>>,
  deps: Deps,
) {
  const command = {
    rmaId: req.path.rmaId,
    at: { warehouseId: req.body.locationId },
    lines: req.body.lines,
    idempotencyKey: readIdempotencyKey(req.headers),
  };
  const { rma, replayed } = await orders.receiveReturn(deps, command, req.actor);
  return { status: 200, body: rma, headers: replayedHeader(replayed) };
}
