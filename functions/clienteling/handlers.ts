// Adapter: thin handlers for the store tablet. Every route is for staff of the store in the
// path (assertStoreAccess); regional and admin roles reach every store.

import type { z } from 'zod';
import { searchCustomer } from '#shared/clienteling/index.ts';
import { problems } from '#shared/http/problem.ts';
import type { HandlerRequest, HandlerResult } from '#shared/http/route.ts';
import type { customerSearchQuery, handoverBody, pickupListQuery, pickupPath, storeIdPath } from '#shared/orders/index.ts';
import * as orders from '#shared/orders/index.ts';
import { type Actor, assertStoreAccess } from '#shared/platform/actor.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { batchGet } from '#shared/table/batch.ts';
import { keys } from '#shared/table/keys.ts';

type Req<P = undefined, Q = undefined, B = undefined> = HandlerRequest<P, Q, B>;
type StorePath = z.output<typeof storeIdPath>;
const ok = (body: unknown): HandlerResult => ({ status: 200, body });

function staffOf(principal: Actor, storeId: string) {
  assertStoreAccess(principal, storeId);
  if (principal.kind !== 'staff') throw problems.forbidden('Only store staff can do this.');
  return principal;
}

export async function getCustomer(req: Req<StorePath, z.output<typeof customerSearchQuery>>, deps: Deps) {
  return ok(await searchCustomer(deps, req.actor, { ...req.path, ...req.query }));
}

export async function listPickups(req: Req<StorePath, z.output<typeof pickupListQuery>>, deps: Deps) {
  assertStoreAccess(req.actor, req.path.storeId);
  const status = req.query.status === 'ready' ? 'ready_for_pickup' : 'placed';
  const page = await orders.queryStorePickups(deps, req.path.storeId, status, req.query);
  // Names to call out at the counter: one BatchGetItem for the page's customers.
  const ids = [...new Set(page.items.map((i) => i.customerId as string))];
  const profiles = ids.length
    ? await batchGet(
        deps,
        ids.map((id) => keys.profile(id)),
      )
    : [];
  const names = new Map(profiles.map((p) => [p.customerId as string, p.name as string | undefined]));
  return ok({ items: page.items.map((i) => orders.pickupFromItem(i, names.get(i.customerId as string))), nextCursor: page.nextCursor });
}

export async function handOver(req: Req<z.output<typeof pickupPath>, undefined, z.output<typeof handoverBody>>, deps: Deps) {
  const staff = staffOf(req.actor, req.path.storeId);
  return ok(await orders.handOver(deps, req.path.storeId, req.path.orderId, req.body.code, { kind: 'staff', id: staff.userId }));
}
