// Use case: one answer for the tablet and the website — every variant of a style, here, in
// the nearest stores, shipped to the store and delivered home.

import { getStyle } from '../catalog/index.ts';
import { availableNow, getLines, pairKey } from '../inventory/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { nearbyStores, pickupReadyAt, requireStore, roundKm, type Store } from '../stores/index.ts';
import type { Delivery } from './delivery-schemas.ts';
import { anyCovers, earliestPromise } from './promise-rules.ts';
import { listWarehouses, locationOf } from './repository.ts';
import type { ProductAvailability, ProductAvailabilityQuery, Warehouse } from './schemas.ts';

/** Stores read around the point; each variant lists those of them that have it. */
const NEARBY_STORES = 10;
const NEARBY_PER_VARIANT = 3;

/**
 * GET /products/{styleId}/availability.
 * 1. In parallel: the style (404 if unknown), the warehouses, the store (404 if unknown) and
 *    the stores around lat/lon (nearest first, at most 10).
 * 2. A postal code no warehouse delivers to: 422 naming `postalCode`.
 * 3. ONE consistent batch read: every variant's line at the store, the nearby stores and each
 *    warehouse (BatchGetItem calls in parallel: two round trips whatever the variants).
 * 4. Per variant: units here, the nearest stores that have it with their pickupReadyAt, and
 *    the earliest promise to the store's postal code and to the customer's.
 */
export async function productAvailability(
  deps: Deps,
  command: ProductAvailabilityQuery & { styleId: string },
): Promise<ProductAvailability> {
  const now = deps.clock.now();
  const { styleId, storeId, lat, lon, radiusKm, postalCode } = command;
  const [style, warehouses, store, around] = await Promise.all([
    getStyle(deps, styleId, false),
    listWarehouses(deps),
    storeId ? requireStore(deps, storeId) : undefined,
    lat !== undefined && lon !== undefined ? nearbyStores(deps, { lat, lon, radiusKm, limit: NEARBY_STORES }) : [],
  ]);
  if (!style) throw fail.notFound(`Style ${styleId} is not in the catalogue.`);
  if (postalCode && !anyCovers(warehouses, postalCode)) {
    throw fail.unprocessable([{ path: 'postalCode', message: `No warehouse delivers to ${postalCode}.` }], 'undeliverable');
  }
  const nearby = around.filter((n) => n.store.storeId !== storeId);
  const locations = [
    ...(store ? [store.storeId] : []),
    ...nearby.map((n) => n.store.storeId),
    ...warehouses.map((w) => locationOf(w.warehouseId)),
  ];
  const lines = await getLines(
    deps,
    locations.flatMap((location) => style.variants.map(({ sku }) => ({ storeId: location, sku }))),
  );
  const units = (location: string, sku: string) => {
    const line = lines.get(pairKey(location, sku));
    return line ? Math.max(0, availableNow(line, now)) : 0;
  };
  const promise = (sku: string, to: string | undefined): Delivery | null => {
    if (!to) return null;
    const best = earliestPromise(warehouses, to, now, (w: Warehouse) => units(locationOf(w.warehouseId), sku));
    return best ? { warehouseId: best.warehouse.warehouseId, shipsOn: best.shipsOn, arrivesBy: best.arrivesBy } : null;
  };
  const readyAt = (s: Store) => pickupReadyAt(s, now)?.toISOString() ?? null;

  return {
    styleId,
    at: now.toISOString(),
    ...(storeId ? { storeId } : {}),
    ...(postalCode ? { postalCode } : {}),
    variants: style.variants.map(({ sku, colour, size }) => ({
      sku,
      colour,
      size,
      ...(store ? { here: units(store.storeId, sku) } : {}),
      nearby: nearby
        .filter((n) => units(n.store.storeId, sku) > 0)
        .slice(0, NEARBY_PER_VARIANT)
        .map((n) => ({
          storeId: n.store.storeId,
          name: n.store.name,
          distanceKm: roundKm(n.distanceKm),
          available: units(n.store.storeId, sku),
          pickupReadyAt: readyAt(n.store),
        })),
      shipToStore: promise(sku, store?.address.postalCode),
      homeDelivery: promise(sku, postalCode),
    })),
  };
}
