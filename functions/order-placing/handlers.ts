// Adapter: thin handlers for placing orders. Parsing and route-level authorization happen in
// the kit; the store an associate may order for is checked by the use case.

import type { z } from 'zod';
import { readIdempotencyKey, replayedHeader } from '#shared/http/idempotency-key.ts';
import type { HandlerResult, Req } from '#shared/http/route.ts';
import type { assistedOrderBody, createOrderBody, storeIdPath } from '#shared/orders/index.ts';
import * as orders from '#shared/orders/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';

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
  return { ...res, headers: { ...res.headers, ...replayedHeader(!placed.created) } };
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
