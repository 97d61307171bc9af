// Use case: the stores near a point, nearest first. The nearby index (GSI3) holds a lean entry
// per store (id, location, services) under its geohash; a search reads ring after ring of
// cells around the point and stops as soon as `limit` stores are nearer than anything an
// unread cell could hold, so what it reads follows the answer, not the density around it.
// Only then are the full items of the stores it answers read (one BatchGetItem).

import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { haversineKm, type Point } from './geo.ts';
import { coverDisk, type HashRange, RangeSet, rangesToRead, readRadiusKm, tooCloseToPole, unitAreaKm2 } from './geo-cells.ts';
import { isOpenAt } from './opening-hours.ts';
import { getStores, storesInRange } from './repository.ts';
import { byDistance, FIRST_RING_KM, type LeanStore, type NearbyStore, nextRing, type Ranked, ringRanges, roundKm } from './rules.ts';
import type { NearbySearch, NearbyStoreView } from './schemas.ts';

export type RangeReader = (ranges: HashRange[]) => Promise<LeanStore[]>;

/**
 * Nearest first over any reader of hash ranges (the index, or an array in a test).
 * 1. Cover the next ring's disk with cells, leaving out what was read; adjacent cells join
 *    into one range.
 * 2. Read the ranges (in parallel) and measure each store's exact distance.
 * 3. Done when `limit` stores lie within the covered distance or the radius is covered;
 *    otherwise size the next ring from what was found (rules: nextRing).
 */
export async function nearestFirst(center: Point, search: Pick<NearbySearch, 'radiusKm' | 'limit'>, read: RangeReader): Promise<Ranked[]> {
  const readSet = new RangeSet();
  const found = new Map<string, Ranked>();
  const unit = unitAreaKm2(center.lat);
  let ringKm = Math.min(search.radiusKm, FIRST_RING_KM);
  for (let rings = 1; ; rings++) {
    const density = rings === 1 ? undefined : Math.max(1, found.size) / (readSet.length * unit);
    const maxRanges = ringRanges({ found: found.size, readKm2: readSet.length * unit, ringKm });
    const cells = coverDisk(center, ringKm, { maxRanges, density, read: readSet });
    const ranges = rangesToRead(cells, readSet, density, unit);
    const stores = await read(ranges);
    for (const range of ranges) readSet.add(range);
    for (const store of stores) found.set(store.storeId, { storeId: store.storeId, distanceKm: haversineKm(center, store.location) });
    const distances = [...found.values()].map((f) => f.distanceKm).sort((a, b) => a - b);
    const coveredKm = Math.max(ringKm, readRadiusKm(center, readSet, search.radiusKm));
    const next = nextRing({ coveredKm, ...search, distances, readKm2: readSet.length * unit, rings });
    if (next === 'done') break;
    ringKm = next;
  }
  return [...found.values()]
    .filter((f) => f.distanceKm <= search.radiusKm)
    .sort(byDistance)
    .slice(0, search.limit);
}

/** The nearby stores ranked, from the lean index only (availability reads their full items itself). */
export async function rankNearby(deps: Deps, search: NearbySearch): Promise<Ranked[]> {
  const center = { lat: search.lat, lon: search.lon };
  if (tooCloseToPole(center, search.radiusKm)) {
    throw fail.invalid([{ path: 'lat', message: 'Too close to a pole for a nearby search; use a smaller radius.' }]);
  }
  return nearestFirst(center, search, async (ranges) =>
    (await Promise.all(ranges.map((range) => storesInRange(deps, range, search.service)))).flat(),
  );
}

/**
 * The stores within the radius, nearest first, as full records.
 * 1. Rank them on the lean index (rankNearby), refused within a few km of a pole.
 * 2. Read the full items of those kept: one BatchGetItem.
 */
export async function nearbyStores(deps: Deps, search: NearbySearch): Promise<NearbyStore[]> {
  const ranked = await rankNearby(deps, search);
  const stores = await getStores(
    deps,
    ranked.map((r) => r.storeId),
  );
  return ranked.flatMap(({ storeId, distanceKm }) => {
    const store = stores.get(storeId);
    return store ? [{ store, distanceKm }] : [];
  });
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
