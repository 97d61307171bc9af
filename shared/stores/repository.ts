// Repository: the store directory (read by every context; written by inventory's routes).

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../runtime/deps.ts';
import { batchGet, batchPut } from '../table/batch.ts';
import { keys } from '../table/keys.ts';
import type { Store } from './schemas.ts';

const strip = ({ PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, entity: _e, ...store }: Record<string, unknown>) =>
  store as Store;

/** Extra index attributes a context wants on the store item (e.g. inventory's geohash keys). */
export type StoreIndexer = (store: Store) => Record<string, string>;

const storeItem = (store: Store, indexer?: StoreIndexer) => ({
  ...keys.store(store.storeId),
  entity: 'store',
  ...(indexer?.(store) ?? {}),
  ...store,
});

export async function putStore(deps: Deps, store: Store, indexer?: StoreIndexer): Promise<void> {
  await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: storeItem(store, indexer) }));
}

/** Bulk load (seeding, benchmarks): BatchWriteItem, 25 stores a call. */
export async function putStores(deps: Deps, stores: Store[], indexer?: StoreIndexer): Promise<void> {
  await batchPut(
    deps,
    stores.map((s) => storeItem(s, indexer)),
  );
}

export async function getStore(deps: Deps, storeId: string): Promise<Store | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.store(storeId) }));
  return res.Item ? strip(res.Item) : undefined;
}

export async function getStores(deps: Deps, storeIds: string[]): Promise<Map<string, Store>> {
  const items = await batchGet(
    deps,
    [...new Set(storeIds)].map((id) => keys.store(id)),
  );
  return new Map(items.map((i) => [i.storeId as string, strip(i)]));
}

/** A store item as read in someone else's BatchGet or off an index (proximity's settings, inventory's GSI2). */
export const storeFromItem = strip;
