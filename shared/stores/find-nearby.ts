// Use case: the stores near a point. Stores carry their geohash on GSI2; a search queries only
// the cells covering its circle, so its cost follows the stores in that area, never the size
// of the chain.

import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { coverCells } from './geo.ts';
import { isOpenAt } from './opening-hours.ts';
import { storesInCell } from './repository.ts';
import { type NearbyStore, nearestWithin, roundKm } from './rules.ts';
import type { NearbySearch, NearbyStoreView } from './schemas.ts';

/**
 * The stores within the radius, nearest first.
 * 1. Cover the circle with geohash cells (refused within a few km of a pole).
 * 2. One GSI2 query per cell, all in parallel.
 * 3. Exact distances decide which stores are in, and their order.
 */
export async function nearbyStores(deps: Deps, search: NearbySearch): Promise<NearbyStore[]> {
  const center = { lat: search.lat, lon: search.lon };
  const cover = coverCells(center, search.radiusKm);
  if (!cover) throw fail.invalid([{ path: 'lat', message: 'Too close to a pole for a nearby search; use a smaller radius.' }]);
  const found = await Promise.all(cover.cells.map((cell) => storesInCell(deps, cell, search.service)));
  return nearestWithin(center, search.radiusKm, search.limit, found.flat());
}

/** GET /stores/nearby: the nearby stores as a customer sees them, with whether each is open now. */
export async function findNearby(deps: Deps, search: NearbySearch): Promise<NearbyStoreView[]> {
  const now = deps.clock.now();
  const found = await nearbyStores(deps, search);
  return found.map(({ store, distanceKm }) => ({
    storeId: store.storeId,
    name: store.name,
    address: store.address,
    location: store.location,
    distanceKm: roundKm(distanceKm),
    openNow: isOpenAt(store, now),
    services: store.services,
    timeZone: store.timeZone,
  }));
}
