// Use case: "the store nearest my office with a free stylist" — the nearby stores offering a
// service, nearest first, each with its earliest free slots in its own time zone.

import type { Deps } from '../runtime/deps.ts';
import { nearbyStores, roundKm } from '../stores/index.ts';
import { offersService, searchRange } from './booking-rules.ts';
import { slotsInCatalogue } from './find-slots.ts';
import { loadCatalogue } from './repository.ts';
import type { NearbySlotsQuery } from './slot-schemas.ts';

/** Stores read around the point (nearest first): the calls stay bounded however dense the area. */
const MAX_STORES = 10;
/** Free starts shown per store. */
const SLOTS_PER_STORE = 5;

/**
 * GET /appointment-slots.
 * 0. The range must make sense (to after from, at most 90 days), stores or not.
 * 1. The nearest stores with stylists within the radius (the stores module's geo index), at
 *    most 10.
 * 2. Their booking catalogues, one Query each, in parallel; keep the stores offering the
 *    service (the chain-wide service id, e.g. `cut`) with someone to perform it.
 * 3. Their bookings over the range, one Query each, in parallel; the free starts of each
 *    store in its own time zone (a date means that store's day), the earliest few.
 * Three rounds of calls, at most 9 + 10 + 10 of them, whatever the number of stores around.
 */
export async function findSlotsNearby(deps: Deps, query: NearbySlotsQuery) {
  const { lat, lon, radiusKm, service, from, to } = query;
  searchRange(from, to, 'UTC'); // a bad range is refused even where no store is around
  const found = await nearbyStores(deps, { lat, lon, radiusKm, limit: MAX_STORES, service: 'stylist' });
  const catalogues = await Promise.all(found.map(({ store }) => loadCatalogue(deps, store.storeId)));
  const offering = found.flatMap(({ distanceKm }, i) => {
    const catalogue = catalogues[i];
    return catalogue && offersService(catalogue, service) ? [{ catalogue, distanceKm }] : [];
  });
  const items = await Promise.all(
    offering.map(async ({ catalogue, distanceKm }) => {
      const found = await slotsInCatalogue(deps, catalogue, { serviceId: service, from, to });
      return {
        storeId: found.storeId,
        name: catalogue.store.name,
        distanceKm: roundKm(distanceKm),
        timeZone: found.timeZone,
        durationMinutes: found.durationMinutes,
        slots: found.slots.slice(0, SLOTS_PER_STORE),
      };
    }),
  );
  return { service, items };
}
