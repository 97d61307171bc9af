// Adapter: thin handlers for the proximity context (beacons, sightings, offers, presence).
// Parse and authorize happen in the kit; each handler calls a repository or a use case.

import type { z } from 'zod';
import { readIdempotencyKey } from '#shared/http/idempotency-key.ts';
import { problems } from '#shared/http/problem.ts';
import type { HandlerRequest, HandlerResult } from '#shared/http/route.ts';
import { type Actor, assertStoreAccess, requireCustomer } from '#shared/platform/actor.ts';
import { idempotent } from '#shared/platform/idempotency.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import type {
  beaconPathSchema,
  beaconRegistrationSchema,
  Offer,
  offerInputSchema,
  offerPathSchema,
  presenceQuerySchema,
  proximitySettingsSchema,
  redemptionBodySchema,
  sightingBodySchema,
  storePathSchema,
} from '#shared/proximity/index.ts';
import * as offers from '#shared/proximity/index.ts';
import * as proximity from '#shared/proximity/index.ts';
import { listPresence, recordSighting, redeem } from '#shared/proximity/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { getStore } from '#shared/stores/index.ts';
import { transactWrite } from '#shared/table/transact.ts';

type Req<P = undefined, Q = undefined, B = undefined> = HandlerRequest<P, Q, B>;
type StorePath = z.output<typeof storePathSchema>;
type OfferPath = z.output<typeof offerPathSchema>;
type OfferBody = z.output<typeof offerInputSchema>;
const ok = (body: unknown): HandlerResult => ({ status: 200, body });

/** Beacons, settings and offers: catalog integrations (scope checked by the route) and admin staff. */
function assertCatalogWriter(principal: Actor): void {
  if (principal.kind === 'staff' && principal.role !== 'admin') {
    throw problems.forbidden('Beacons and offers are managed by admins and catalog integrations.');
  }
}

/** A store named in a body must exist: 400 naming the field otherwise. */
async function requireStore(deps: Deps, storeId: string | undefined, field: string) {
  if (storeId !== undefined && !(await getStore(deps, storeId))) {
    throw problems.validation([{ path: field, message: `There is no store ${storeId}.` }]);
  }
}

export async function putBeacon(req: Req<undefined, undefined, z.output<typeof beaconRegistrationSchema>>, deps: Deps) {
  assertCatalogWriter(req.actor);
  await requireStore(deps, req.body.storeId, 'body.storeId');
  return ok(await proximity.putBeacon(deps, req.body));
}

export async function deleteBeacon(req: Req<z.output<typeof beaconPathSchema>>, deps: Deps): Promise<HandlerResult> {
  assertCatalogWriter(req.actor);
  if (!(await proximity.deleteBeacon(deps, req.path.beaconId))) throw problems.notFound(`There is no beacon ${req.path.beaconId}.`);
  return { status: 204 };
}

export async function listBeacons(req: Req<StorePath, z.output<typeof paginationQuery>>, deps: Deps) {
  assertStoreAccess(req.actor, req.path.storeId);
  return ok(await proximity.listStoreBeacons(deps, req.path.storeId, req.query));
}

export async function putSettings(req: Req<StorePath, undefined, z.output<typeof proximitySettingsSchema>>, deps: Deps) {
  assertCatalogWriter(req.actor);
  await requireStore(deps, req.path.storeId, 'path.storeId');
  return ok(await proximity.putSettings(deps, req.path.storeId, req.body));
}

export async function createOffer(req: Req<undefined, undefined, OfferBody>, deps: Deps): Promise<HandlerResult> {
  assertCatalogWriter(req.actor);
  await requireStore(deps, req.body.target.storeId, 'body.target.storeId');
  const caller =
    req.actor.kind === 'integration'
      ? `client:${req.actor.clientId}`
      : req.actor.kind === 'staff'
        ? `staff:${req.actor.userId}`
        : 'unknown';
  const { response } = await idempotent<Offer>(deps, {
    scope: `offer:${caller}`,
    key: readIdempotencyKey(req.headers),
    request: req.body,
    run: async (record) => {
      const { offer, put } = offers.newOffer(deps, req.body);
      const idem = record(offer);
      await transactWrite(deps, idem ? [put, idem] : [put]);
      return offer;
    },
  });
  return { status: 201, body: response, headers: { location: `/offers/${response.offerId}` } };
}

export async function getOffer(req: Req<OfferPath>, deps: Deps) {
  assertCatalogWriter(req.actor);
  const offer = await offers.getOffer(deps, req.path.offerId);
  if (!offer) throw problems.notFound(`There is no offer ${req.path.offerId}.`);
  return ok(offer);
}

export async function replaceOffer(req: Req<OfferPath, undefined, OfferBody>, deps: Deps) {
  assertCatalogWriter(req.actor);
  await requireStore(deps, req.body.target.storeId, 'body.target.storeId');
  return ok(await offers.replaceOffer(deps, req.path.offerId, req.body));
}

export async function postSighting(req: Req<undefined, undefined, z.output<typeof sightingBodySchema>>, deps: Deps) {
  return ok(await recordSighting(deps, requireCustomer(req.actor), req.body.beacons));
}

export async function postRedemption(
  req: Req<OfferPath, undefined, z.output<typeof redemptionBodySchema>>,
  deps: Deps,
): Promise<HandlerResult> {
  return { status: 201, body: await redeem(deps, req.actor, req.path.offerId, req.body) };
}

export async function getPresence(req: Req<StorePath, z.output<typeof presenceQuerySchema>>, deps: Deps) {
  assertStoreAccess(req.actor, req.path.storeId);
  return ok(await listPresence(deps, req.path.storeId, req.query));
}
