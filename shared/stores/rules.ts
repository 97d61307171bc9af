// Rules: what a store offers, decided in one place for every module that asks; which stores
// a nearby search answers; what a directory write stores. Pure.

import { fail } from '../runtime/errors.ts';
import { haversineKm, type Point } from './geo.ts';
import { addOpenMinutes } from './opening-hours.ts';
import type { Store, StoreUpsert } from './schemas.ts';

/** A store takes pickups while it offers the service and is open (not closed for good or for works). */
export const offersPickup = (store: Pick<Store, 'services' | 'status'>) => store.status === 'open' && store.services.includes('pickup');

/** A store takes returns and exchanges where it offers the service. */
export const takesReturns = (store: Pick<Store, 'services'>) => store.services.includes('returns');

/** When a pickup reserved now could be ready: the store's lead time counted in its opening hours; none without pickup. */
export const pickupReadyAt = (store: Store, now: Date): Date | undefined =>
  offersPickup(store) ? addOpenMinutes(store, now, store.pickupLeadMinutes) : undefined;

export type NearbyStore = { store: Store; distanceKm: number };

/**
 * The stores within `radiusKm` of `center` by exact (haversine) distance, nearest first, ties
 * by id, at most `limit`; each store once however many cells returned it.
 */
export function nearestWithin(center: Point, radiusKm: number, limit: number, candidates: Store[]): NearbyStore[] {
  const found = new Map<string, NearbyStore>();
  for (const store of candidates) {
    const distanceKm = haversineKm(center, store.location);
    if (distanceKm <= radiusKm) found.set(store.storeId, { store, distanceKm });
  }
  return [...found.values()].sort((a, b) => a.distanceKm - b.distanceKm || a.store.storeId.localeCompare(b.store.storeId)).slice(0, limit);
}

/** Distances are answered to the metre. */
export const roundKm = (km: number) => Math.round(km * 1000) / 1000;

/** The store a directory write stores: the path names it; a body that names it too must agree. */
export function storeToSave(storeId: string, { storeId: named, ...store }: StoreUpsert): Store {
  if (named !== undefined && named !== storeId) {
    throw fail.invalid([{ path: 'storeId', message: 'Must match the store id in the path (or be left out).' }]);
  }
  return { ...store, storeId };
}
