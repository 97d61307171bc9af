// Repository: the store directory's geo index (inventory's side of shared/repositories/stores.ts).
// Stores carry their geohash on GSI2; a nearby search queries only the cells covering the
// circle, so its cost follows the stores in that area, never the size of the chain.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fail } from '../platform/errors.ts';
import type { Deps } from '../runtime/deps.ts';
import { keys } from '../table/keys.ts';
import { coverCells, geohash9, haversineKm } from './geo.ts';
import { putStore, putStores, type StoreIndexer, storeFromItem } from './repository.ts';
import type { Store } from './schemas.ts';

export const storeGeoIndexer: StoreIndexer = (store) => keys.storeGeo(geohash9(store.location), store.storeId);

export const upsertStore = (deps: Deps, store: Store) => putStore(deps, store, storeGeoIndexer);
export const upsertStores = (deps: Deps, stores: Store[]) => putStores(deps, stores, storeGeoIndexer);

export type NearbyStore = { store: Store; distanceKm: number };

export type NearbySearch = {
  lat: number;
  lon: number;
  radiusKm: number;
  limit: number;
  service?: Store['services'][number];
};

/** One GSI2 query per covering cell, all in parallel; exact distances decide. */
export async function nearbyStores(deps: Deps, search: NearbySearch): Promise<NearbyStore[]> {
  const center = { lat: search.lat, lon: search.lon };
  const cover = coverCells(center, search.radiusKm);
  if (!cover) {
    throw fail.invalid([{ path: 'query.lat', message: 'Too close to a pole for a nearby search; use a smaller radius.' }]);
  }
  const pages = await Promise.all(cover.cells.map((cell) => queryCell(deps, cell, search.service)));
  const found = new Map<string, NearbyStore>();
  for (const item of pages.flat()) {
    const store = storeFromItem(item);
    const distanceKm = haversineKm(center, store.location);
    if (distanceKm <= search.radiusKm) found.set(store.storeId, { store, distanceKm });
  }
  return [...found.values()]
    .sort((a, b) => a.distanceKm - b.distanceKm || a.store.storeId.localeCompare(b.store.storeId))
    .slice(0, search.limit);
}

async function queryCell(deps: Deps, cell: string, service: string | undefined): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :cell)',
        ...(service ? { FilterExpression: 'contains(services, :service)' } : {}),
        ExpressionAttributeValues: { ':pk': keys.storeGeoPartition(cell), ':cell': cell, ...(service ? { ':service': service } : {}) },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}
