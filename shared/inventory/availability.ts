// Use case: live stock near me — SKUs in the stores around a point.

import type { Deps } from '../runtime/deps.ts';
import { isOpenAt, nearbyStores, pickupReadyAt, roundKm } from '../stores/index.ts';
import type { Availability, AvailabilitySearch } from './schemas.ts';
import { getLines, pairKey } from './stock-repository.ts';
import { stockedFirst, viewOf } from './stock-rules.ts';

/**
 * Up to 100 SKUs in the stores within the radius.
 * 1. The nearby stores (the stores module's geo index), nearest first.
 * 2. Every store × SKU line in one strongly consistent batch read.
 * 3. Per store: each SKU's status and units available now, when a pickup reserved now could
 *    be ready, how many SKUs it has; stores with something first, nearest first within each.
 * Unknown SKUs are not an error: a SKU no nearby store has ever stocked is simply out of stock
 * everywhere (inventory does not own the catalogue, and refusing would make a search for ten
 * SKUs fail because of one).
 */
export async function findAvailability(deps: Deps, search: AvailabilitySearch): Promise<Availability> {
  const now = deps.clock.now();
  const { skus, ...circle } = search;
  const found = await nearbyStores(deps, circle);
  const lines = await getLines(
    deps,
    found.flatMap(({ store }) => skus.map((sku) => ({ storeId: store.storeId, sku }))),
  );
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
