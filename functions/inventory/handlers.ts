// Adapter: thin handlers for the inventory context (store directory, stock, reservations).
// Parse and authorize happen in the kit; each handler calls repositories and shapes the response.

import type { z } from 'zod';
import { readIdempotencyKey } from '#shared/http/idempotency-key.ts';
import { problems } from '#shared/http/problem.ts';
import { fieldErrors } from '#shared/http/request.ts';
import type { HandlerRequest, HandlerResult } from '#shared/http/route.ts';
import * as reservations from '#shared/inventory/index.ts';
import * as stock from '#shared/inventory/index.ts';
import {
  type availabilityQuery,
  type nearbyQuery,
  type Reservation,
  type reservationBody,
  type reservationPathSchema,
  type StockEventResult,
  stockEventSchema,
  type stockEventsBody,
  type stockQuery,
  type storePathSchema,
  type storeUpsertBody,
  viewOf,
} from '#shared/inventory/index.ts';
import { type Actor, assertStoreAccess, requireCustomer } from '#shared/platform/actor.ts';
import { idempotent } from '#shared/platform/idempotency.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import type { Store } from '#shared/stores/index.ts';
import { addOpenMinutes, getStore, isOpenAt, nearbyStores, upsertStore } from '#shared/stores/index.ts';

type Req<P = undefined, Q = undefined, B = undefined> = HandlerRequest<P, Q, B>;
type StorePath = z.output<typeof storePathSchema>;
const ok = (body: unknown): HandlerResult => ({ status: 200, body });
const round = (km: number) => Math.round(km * 1000) / 1000;

async function storeOr404(deps: Deps, storeId: string): Promise<Store> {
  const store = await getStore(deps, storeId);
  if (!store) throw problems.notFound(`Store ${storeId} is not in the directory.`);
  return store;
}

// ── stores ──────────────────────────────────────────────────────────────────────────

export async function putStore(req: Req<StorePath, undefined, z.output<typeof storeUpsertBody>>, deps: Deps) {
  const { storeId: bodyId, ...rest } = req.body;
  if (bodyId !== undefined && bodyId !== req.path.storeId) {
    throw problems.validation([{ path: 'body.storeId', message: 'Must match the store id in the path (or be left out).' }]);
  }
  const store: Store = { ...rest, storeId: req.path.storeId };
  await upsertStore(deps, store);
  return ok({ ...store, openNow: isOpenAt(store, deps.clock.now()) });
}

export async function getStoreById(req: Req<StorePath>, deps: Deps) {
  const store = await storeOr404(deps, req.path.storeId);
  return ok({ ...store, openNow: isOpenAt(store, deps.clock.now()) });
}

export async function getNearby(req: Req<undefined, z.output<typeof nearbyQuery>>, deps: Deps) {
  const now = deps.clock.now();
  const found = await nearbyStores(deps, req.query);
  return ok({
    items: found.map(({ store, distanceKm }) => ({
      storeId: store.storeId,
      name: store.name,
      address: store.address,
      location: store.location,
      distanceKm: round(distanceKm),
      openNow: isOpenAt(store, now),
      services: store.services,
      timeZone: store.timeZone,
    })),
  });
}

// ── stock ───────────────────────────────────────────────────────────────────────────

/**
 * Unknown SKUs are not an error here: a SKU no nearby store has ever stocked is simply out of
 * stock everywhere (inventory does not own the catalogue, and a 404 would make a search for
 * ten SKUs fail because of one).
 */
export async function getAvailability(req: Req<undefined, z.output<typeof availabilityQuery>>, deps: Deps) {
  const now = deps.clock.now();
  const { skus, ...geo } = req.query;
  const found = await nearbyStores(deps, geo);
  const lines = await stock.getLines(
    deps,
    found.flatMap(({ store }) => skus.map((sku) => ({ storeId: store.storeId, sku }))),
  );
  const stores = found.map(({ store, distanceKm }) => {
    const items = skus.map((sku) => {
      const view = viewOf(lines.get(stock.pairKey(store.storeId, sku)), sku, now, store.lowStockThreshold);
      return { sku, status: view.status, available: view.available };
    });
    const pickup = store.services.includes('pickup') && store.status === 'open';
    const ready = pickup ? addOpenMinutes(store, now, store.pickupLeadMinutes) : undefined;
    return {
      storeId: store.storeId,
      name: store.name,
      distanceKm: round(distanceKm),
      openNow: isOpenAt(store, now),
      pickupReadyAt: ready?.toISOString() ?? null,
      skusAvailable: items.filter((i) => i.available > 0).length,
      items,
    };
  });
  // Stores with something come first; within each group the nearest first (sort is stable).
  stores.sort((a, b) => Number(b.skusAvailable > 0) - Number(a.skusAvailable > 0));
  return ok({ at: now.toISOString(), skus, stores });
}

export async function getStoreStock(req: Req<StorePath, z.output<typeof stockQuery>>, deps: Deps) {
  assertStoreAccess(req.actor, req.path.storeId);
  const now = deps.clock.now();
  const { storeId } = req.path;
  const skus = req.query.sku;
  const [store, page] = await Promise.all([
    storeOr404(deps, storeId),
    skus
      ? stock
          .getLines(
            deps,
            skus.map((sku) => ({ storeId, sku })),
          )
          .then((m) => ({ lines: [...m.values()], nextCursor: undefined }))
      : stock.listLines(deps, storeId, req.query),
  ]);
  const bySku = new Map(page.lines.map((l) => [l.sku, l]));
  const order = skus ?? page.lines.map((l) => l.sku);
  const items = order.flatMap((sku) => {
    const line = bySku.get(sku);
    return line ? [{ ...viewOf(line, sku, now, store.lowStockThreshold), updatedAt: line.updatedAt }] : [];
  });
  const unknownSkus = skus?.filter((s) => !bySku.has(s));
  return ok({
    storeId,
    at: now.toISOString(),
    items,
    ...(skus ? { unknownSkus } : {}),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  });
}

export async function postStockEvents(req: Req<StorePath, undefined, z.output<typeof stockEventsBody>>, deps: Deps) {
  assertStoreAccess(req.actor, req.path.storeId);
  await storeOr404(deps, req.path.storeId);
  // Each event is validated on its own: a malformed one is reported, the rest still apply.
  const results: StockEventResult[] = [];
  const valid: Parameters<typeof stock.applyStockEvents>[2] = [];
  req.body.events.forEach((raw, index) => {
    const parsed = stockEventSchema.safeParse(raw);
    if (parsed.success) {
      valid.push({ index, event: parsed.data });
    } else {
      const first = fieldErrors('body', parsed.error)[0]!;
      const r = raw as { eventId?: unknown; sku?: unknown } | null;
      results.push({
        index,
        ...(typeof r?.eventId === 'string' ? { eventId: r.eventId } : {}),
        ...(typeof r?.sku === 'string' ? { sku: r.sku } : {}),
        result: 'rejected',
        field: first.path.replace(/^body/, `body.events[${index}]`),
        reason: first.message,
      });
    }
  });
  const applied = await stock.applyStockEvents(deps, req.path.storeId, valid);
  results.push(...applied.values());
  results.sort((a, b) => a.index - b.index);
  const count = (r: StockEventResult['result']) => results.filter((x) => x.result === r).length;
  return ok({ applied: count('applied'), duplicate: count('duplicate'), stale: count('stale'), rejected: count('rejected'), results });
}

// ── reservations ────────────────────────────────────────────────────────────────────

/** Who a reservation is for: a customer reserves for themselves; an integration may name one. */
function reservationOwner(principal: Actor, requested: string | undefined): string | undefined {
  if (principal.kind === 'customer') {
    if (requested !== undefined && requested !== principal.customerId) {
      throw problems.forbidden('A customer can only reserve for themselves.');
    }
    return principal.customerId;
  }
  return requested;
}

const callerId = (p: Actor) =>
  p.kind === 'customer'
    ? `customer:${p.customerId}`
    : p.kind === 'integration'
      ? `client:${p.clientId}`
      : p.kind === 'staff'
        ? `staff:${p.userId}`
        : 'anonymous';

export async function postReservation(
  req: Req<undefined, undefined, z.output<typeof reservationBody>>,
  deps: Deps,
): Promise<HandlerResult> {
  const key = readIdempotencyKey(req.headers);
  const customerId = reservationOwner(req.actor, req.body.customerId);
  const { response, replayed } = await idempotent<Reservation>(deps, {
    scope: `reservation:${callerId(req.actor)}`,
    key,
    request: req.body,
    run: async (record) => {
      const store = await storeOr404(deps, req.body.storeId);
      if (!store.services.includes('pickup') || store.status !== 'open') {
        throw problems.conflict(`Store ${store.storeId} does not offer pickup.`, 'pickup-unavailable');
      }
      return reservations.createReservation(deps, { store, customerId, request: req.body, record });
    },
  });
  return {
    status: 201,
    body: response,
    headers: { location: `/reservations/${response.reservationId}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
  };
}

/** The reservation, if this caller may see and change it (404 otherwise, so ids are not probed). */
async function reservationFor(deps: Deps, principal: Actor, reservationId: string) {
  const item = await reservations.getReservationItem(deps, reservationId);
  const visible =
    item &&
    (principal.kind === 'integration' ||
      (principal.kind === 'customer' && item.customerId === principal.customerId) ||
      principal.kind === 'staff');
  if (!item || !visible) throw problems.notFound(`Reservation ${reservationId} was not found.`);
  if (principal.kind === 'staff') assertStoreAccess(principal, item.storeId as string);
  return item;
}

type ResvPath = z.output<typeof reservationPathSchema>;

export async function getReservation(req: Req<ResvPath>, deps: Deps) {
  const item = await reservationFor(deps, req.actor, req.path.reservationId);
  return ok(reservations.reservationFromItem(item, deps.clock.now()));
}

export async function confirmReservation(req: Req<ResvPath>, deps: Deps) {
  const item = await reservationFor(deps, req.actor, req.path.reservationId);
  return ok(await reservations.transition(deps, item, 'confirm'));
}

export async function cancelReservation(req: Req<ResvPath>, deps: Deps) {
  const item = await reservationFor(deps, req.actor, req.path.reservationId);
  return ok(await reservations.transition(deps, item, 'cancel'));
}

export async function listMyReservations(req: Req<undefined, z.output<typeof paginationQuery>>, deps: Deps) {
  return ok(await reservations.listCustomerReservations(deps, requireCustomer(req.actor), req.query));
}
