// Adapter: thin handlers for the proximity context (beacons, sightings, offers, presence).
// Parse and authorize happen in the kit; each handler turns the request into a command,
// calls one use case and shapes the answer.

import type { z } from 'zod';
import { readIdempotencyKey, replayedHeader } from '#shared/http/idempotency-key.ts';
import { type HandlerResult, ok, type Req } from '#shared/http/route.ts';
import { requireCustomer } from '#shared/platform/actor.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import {
  type BeaconRegistration,
  type beaconPathSchema,
  createOffer,
  listBeacons,
  listPresence,
  type OfferInput,
  type offerPathSchema,
  type ProximitySettings,
  type presenceQuerySchema,
  readOffer,
  recordSighting,
  redeemOffer,
  type redemptionBodySchema,
  registerBeacon,
  removeBeacon,
  replaceOffer,
  setProximitySettings,
  type sightingBodySchema,
  type storePathSchema,
} from '#shared/proximity/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type StorePath = z.output<typeof storePathSchema>;
type OfferPath = z.output<typeof offerPathSchema>;

export async function putBeacon(req: Req<undefined, undefined, BeaconRegistration>, deps: Deps) {
  return ok(await registerBeacon(deps, req.actor, req.body));
}

export async function deleteBeacon(req: Req<z.output<typeof beaconPathSchema>>, deps: Deps): Promise<HandlerResult> {
  await removeBeacon(deps, req.actor, req.path);
  return { status: 204 };
}

export async function getBeacons(req: Req<StorePath, z.output<typeof paginationQuery>>, deps: Deps) {
  return ok(await listBeacons(deps, req.actor, { ...req.path, ...req.query }));
}

export async function putSettings(req: Req<StorePath, undefined, ProximitySettings>, deps: Deps) {
  return ok(await setProximitySettings(deps, req.actor, { storeId: req.path.storeId, settings: req.body }));
}

export async function postOffer(req: Req<undefined, undefined, OfferInput>, deps: Deps): Promise<HandlerResult> {
  const offer = await createOffer(deps, req.actor, { input: req.body, idempotencyKey: readIdempotencyKey(req.headers) });
  return { status: 201, body: offer, headers: { location: `/offers/${offer.offerId}` } };
}

export async function getOffer(req: Req<OfferPath>, deps: Deps) {
  return ok(await readOffer(deps, req.actor, req.path));
}

export async function putOffer(req: Req<OfferPath, undefined, OfferInput>, deps: Deps) {
  return ok(await replaceOffer(deps, req.actor, { offerId: req.path.offerId, input: req.body }));
}

export async function postSighting(req: Req<undefined, undefined, z.output<typeof sightingBodySchema>>, deps: Deps) {
  return ok(await recordSighting(deps, requireCustomer(req.actor), req.body.beacons));
}

export async function postRedemption(
  req: Req<OfferPath, undefined, z.output<typeof redemptionBodySchema>>,
  deps: Deps,
): Promise<HandlerResult> {
  const { redemption, replayed } = await redeemOffer(deps, req.actor, {
    ...req.path,
    ...req.body,
    idempotencyKey: readIdempotencyKey(req.headers),
  });
  return { status: 201, body: redemption, headers: replayedHeader(replayed) };
}

export async function getPresence(req: Req<StorePath, z.output<typeof presenceQuerySchema>>, deps: Deps) {
  return ok(await listPresence(deps, req.actor, { ...req.path, ...req.query }));
}
