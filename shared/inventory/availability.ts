// Use case: live stock near me — SKUs in the stores around a point.

import type { Deps } from '../runtime/deps.ts';
import { getStores, isOpenAt, pickupReadyAt, rankNearby, roundKm } from '../stores/index.ts';
import type { Availability, AvailabilitySearch } from './schemas.ts';
import { getLines, pairKey } from './stock-repository.ts';
import { stockedFirst, viewOf } from './stock-rules.ts';

/**
 * Up to 100 SKUs in the stores within the radius.
 * 1. The nearby stores, ranked nearest first on the stores module's lean index.
 * 2. One round trip: their full items (one BatchGetItem) and every store × SKU line
 *    (strongly consistent BatchGetItem, 100 keys a call), in parallel.
 * 3. Per store: each SKU's status and units available now, when a pickup reserved now could
 *    be ready, how many SKUs it has; stores with something first, nearest first within each.
 * Unknown SKUs are not an error: a SKU no nearby store has ever stocked is simply out of stock
 * everywhere (inventory does not own the catalogue, and refusing would make a search for ten
 * SKUs fail because of one).
 */
export async function findAvailability(deps: Deps, search: AvailabilitySearch): Promise<Availability> {
  const now = deps.clock.now();
  const { skus, ...circle } = search;
  const ranked = await rankNearby(deps, circle);
  const [directory, lines] = await Promise.all([
    getStores(
      deps,
      ranked.map((r) => r.storeId),
    ),
    getLines(
      deps,
      ranked.flatMap(({ storeId }) => skus.map((sku) => ({ storeId, sku }))),
    ),
  ]);
  const found = ranked.flatMap(({ storeId, distanceKm }) => {
    const store = directory.get(storeId);
    return store ? [{ store, distanceKm }] : [];
  });
  const stores = found.map(({ store, distanceKm }) => {
    const items = skus.map((sku) => {
      const view = viewOf(lines.get(pairKey(store.storeId, sku)), sku, now, store.lowStockThreshold);
      return { sku, status: view.status, available: view.available };
    });
    return {
      storeId: store.storeId,
      name: store.name,
      distanceKm: roundKm(distanceKm),
      openNow: isOpenAt(store, now),
      pickupReadyAt: pickupReadyAt(store, now)?.toISOString() ?? null,
      skusAvailable: items.filter((i) => i.available > 0).length,
      items,
    };
  });
  return { at: now.toISOString(), skus, stores: stockedFirst(stores) };
}
