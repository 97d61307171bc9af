// Adapter: thin handlers for the store tablet. Every route is for staff of the store in the
// path (the use cases check it with assertStoreAccess); regional and admin roles reach every store.

import type { z } from 'zod';
import { searchCustomer } from '#shared/clienteling/index.ts';
import { ok, type Req } from '#shared/http/route.ts';
import type { customerSearchQuery, handoverBody, pickupListQuery, pickupPath, storeIdPath } from '#shared/orders/index.ts';
import * as orders from '#shared/orders/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type StorePath = z.output<typeof storeIdPath>;

export async function getCustomer(req: Req<StorePath, z.output<typeof customerSearchQuery>>, deps: Deps) {
  return ok(await searchCustomer(deps, req.actor, { ...req.path, ...req.query }));
}

export async function listPickups(req: Req<StorePath, z.output<typeof pickupListQuery>>, deps: Deps) {
  return ok(await orders.listPickups(deps, { ...req.query, storeId: req.path.storeId }, req.actor));
}

export async function handOver(req: Req<z.output<typeof pickupPath>, undefined, z.output<typeof handoverBody>>, deps: Deps) {
  return ok(await orders.handOver(deps, { ...req.path, code: req.body.code }, req.actor));
}
