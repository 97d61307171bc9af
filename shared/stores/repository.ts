// Repository: the store directory. One item per store (keys.store) that also carries its
// geohash on GSI2 (keys.storeGeo), so the nearby search queries only the cells it needs.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../runtime/deps.ts';
import { batchPut } from '../table/batch.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, queryAll } from '../table/query.ts';
import { geohash9 } from './geo.ts';
import type { Store } from './schemas.ts';

type StoreItem = Stored<'store', Store>;

const storeItem = (store: Store): StoreItem =>
  toItem('store', { ...keys.store(store.storeId), ...keys.storeGeo(geohash9(store.location), store.storeId) }, store);

/** A store item as read in someone else's BatchGet or Query (proximity's settings, the booking catalogue). */
export const storeFromItem = (item: Record<string, unknown>): Store => fromItem<Store>(item);

/** Creates or replaces a store. */
export async function putStore(deps: Deps, store: Store): Promise<void> {
  await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: storeItem(store) }));
}

/** Bulk load (seeding, benchmarks): BatchWriteItem, 25 stores a call. */
export async function putStores(deps: Deps, stores: Store[]): Promise<void> {
  await batchPut(deps, stores.map(storeItem));
}

export async function getStore(deps: Deps, storeId: string): Promise<Store | undefined> {
  const item = await getItem(deps, keys.store(storeId), false);
  return item && storeFromItem(item);
}

/** Every store in one geohash cell (any precision from the partition's 3 characters down), optionally offering a service. */
export async function storesInCell(deps: Deps, cell: string, service?: Store['services'][number]): Promise<Store[]> {
  const items = await queryAll(deps, {
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :cell)',
    ...(service ? { FilterExpression: 'contains(services, :service)' } : {}),
    ExpressionAttributeValues: { ':pk': keys.storeGeoPartition(cell), ':cell': cell, ...(service ? { ':service': service } : {}) },
  });
  return items.map(storeFromItem);
}
