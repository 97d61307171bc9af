// Adapter: the inventory context's handlers (store directory, stock, reservations). The kit
// parses and authorizes; each handler turns the request into a command, calls one use case of
// shared/inventory or shared/stores, and shapes the response.

import type { z } from 'zod';
import { readIdempotencyKey, replayedHeader } from '#shared/http/idempotency-key.ts';
import { type HandlerResult, ok, type Req } from '#shared/http/route.ts';
import {
  applyStockEvents,
  type availabilityQuery,
  changeReservation,
  findAvailability,
  findReservation,
  myReservations,
  type reservationBody,
  type reservationPathSchema,
  reserve,
  type stockEventsBody,
  type stockQuery,
  storeStock,
} from '#shared/inventory/index.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { findNearby, findStore, type nearbyQuery, saveStore, type storePathSchema, type storeUpsertBody } from '#shared/stores/index.ts';

type StorePath = z.output<typeof storePathSchema>;
type ResvPath = z.output<typeof reservationPathSchema>;

// ── stores ──────────────────────────────────────────────────────────────────────────

export async function putStore(req: Req<StorePath, undefined, z.output<typeof storeUpsertBody>>, deps: Deps) {
  return ok(await saveStore(deps, { storeId: req.path.storeId, store: req.body }));
}

export async function getStoreById(req: Req<StorePath>, deps: Deps) {
  return ok(await findStore(deps, req.path.storeId));
}

export async function getNearby(req: Req<undefined, z.output<typeof nearbyQuery>>, deps: Deps) {
  return ok({ items: await findNearby(deps, req.query) });
}

// ── stock ───────────────────────────────────────────────────────────────────────────

export async function getAvailability(req: Req<undefined, z.output<typeof availabilityQuery>>, deps: Deps) {
  return ok(await findAvailability(deps, req.query));
}

export async function getStoreStock(req: Req<StorePath, z.output<typeof stockQuery>>, deps: Deps) {
  return ok(await storeStock(deps, { ...req.query, storeId: req.path.storeId }, req.actor));
}

export async function postStockEvents(req: Req<StorePath, undefined, z.output<typeof stockEventsBody>>, deps: Deps) {
  const outcome = await applyStockEvents(deps, { storeId: req.path.storeId, events: req.body.events }, req.actor);
  // The results name a rejected event's field in the request as sent: body.events[2].quantity.
  return ok({ ...outcome, results: outcome.results.map((r) => (r.field ? { ...r, field: `body.${r.field}` } : r)) });
}

// ── reservations ────────────────────────────────────────────────────────────────────

export async function postReservation(
  req: Req<undefined, undefined, z.output<typeof reservationBody>>,
  deps: Deps,
): Promise<HandlerResult> {
  const { reservation, replayed } = await reserve(deps, { ...req.body, idempotencyKey: readIdempotencyKey(req.headers) }, req.actor);
  return {
    status: 201,
    body: reservation,
    headers: { location: `/reservations/${reservation.reservationId}`, ...replayedHeader(replayed) },
  };
}

export async function getReservation(req: Req<ResvPath>, deps: Deps) {
  return ok(await findReservation(deps, req.path, req.actor));
}

export async function confirmReservation(req: Req<ResvPath>, deps: Deps) {
  return ok(await changeReservation(deps, { ...req.path, action: 'confirm' }, req.actor));
}

export async function cancelReservation(req: Req<ResvPath>, deps: Deps) {
  return ok(await changeReservation(deps, { ...req.path, action: 'cancel' }, req.actor));
}

export async function listMyReservations(req: Req<undefined, z.output<typeof paginationQuery>>, deps: Deps) {
  return ok(await myReservations(deps, req.query, req.actor));
}
