// Adapter: thin handlers for the store tablet. Every route is for staff of the store in the
// path (assertStoreAccess); regional and admin roles reach every store.

import type { z } from 'zod';
import * as clienteling from '#shared/clienteling/index.ts';
import { problems } from '#shared/http/problem.ts';
import type { HandlerRequest, HandlerResult } from '#shared/http/route.ts';
import type { customerSearchQuery, handoverBody, pickupListQuery, pickupPath, storeIdPath } from '#shared/orders/index.ts';
import * as orders from '#shared/orders/index.ts';
import { type Actor, assertStoreAccess } from '#shared/platform/actor.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type Req<P = undefined, Q = undefined, B = undefined> = HandlerRequest<P, Q, B>;
type StorePath = z.output<typeof storeIdPath>;
const ok = (body: unknown): HandlerResult => ({ status: 200, body });

function staffOf(principal: Actor, storeId: string) {
  assertStoreAccess(principal, storeId);
  if (principal.kind !== 'staff') throw problems.forbidden('Only store staff can do this.');
  return principal;
}

export async function searchCustomer(req: Req<StorePath, z.output<typeof customerSearchQuery>>, deps: Deps) {
  const staff = staffOf(req.actor, req.path.storeId);
  const actor = { userId: staff.userId, role: staff.role };
  const { store, match } = await clienteling.findCustomer(deps, req.path.storeId, req.query.q);
  if (!match) {
    await clienteling.auditLookup(deps, store.storeId, actor, { result: 'not_found' });
    throw problems.notFound('No customer matches this e-mail, phone, loyalty number or order number.');
  }
  // Audited before anything is shown; written alongside the card's reads.
  const [card] = await Promise.all([
    clienteling.customerCard(deps, store, match, { limit: req.query.limit, cursor: req.query.cursor }),
    clienteling.auditLookup(deps, store.storeId, actor, { result: 'found', ...match }),
  ]);
  return ok(card);
}

export async function listPickups(req: Req<StorePath, z.output<typeof pickupListQuery>>, deps: Deps) {
  return ok(await orders.listPickups(deps, { ...req.query, storeId: req.path.storeId }, req.actor));
}

export async function handOver(req: Req<z.output<typeof pickupPath>, undefined, z.output<typeof handoverBody>>, deps: Deps) {
  return ok(await orders.handOver(deps, { ...req.path, code: req.body.code }, req.actor));
}
