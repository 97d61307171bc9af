// Repository: the store directory. One item per store (keys.store) that also carries its
// geohash on GSI3, the nearby index (keys.storeGeo), which projects only what a nearby search
// ranks and filters on.

import type { Deps } from '../runtime/deps.ts';
import { PutCommand, UpdateCommand } from '../runtime/dynamodb.ts';
import { batchGet, batchPut } from '../table/batch.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, type QueryInput, queryAll, queryOnce } from '../table/query.ts';
import { type ScanPage, scanEntityPage } from '../table/scan.ts';
import { isConditionalFailure } from '../table/transact.ts';
import { geohash9 } from './geo.ts';
import { hashString, hashValue, type RangeQuery } from './geo-cells.ts';
import type { LeanStore, RangeRead } from './rules.ts';
import type { Store } from './schemas.ts';

type StoreItem = Stored<'store', Store>;

/** The nearby-index keys a store's item must carry (as putStore writes them). */
export const storeGeoKeys = (store: Pick<Store, 'storeId' | 'location'>) => keys.storeGeo(geohash9(store.location), store.storeId);

const storeItem = (store: Store): StoreItem => toItem('store', { ...keys.store(store.storeId), ...storeGeoKeys(store) }, store);

/** A store item as read in someone else's BatchGet or Query (proximity's settings, the booking catalogue). */
export const storeFromItem = (item: Record<string, unknown>): Store => fromItem<Store>(item);

/** Creates or replaces a store (DynamoDB keeps its nearby entry in step). */
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

/** Several stores by id (BatchGetItem, eventually consistent: the directory changes rarely). */
export async function getStores(deps: Deps, storeIds: string[]): Promise<Map<string, Store>> {
  if (!storeIds.length) return new Map();
  const items = await batchGet(deps, storeIds.map(keys.store));
  return new Map(items.map((item) => [item.storeId as string, storeFromItem(item)]));
}

/**
 * The lean entries of the stores in a range of 45-bit geohashes (within one partition), on
 * the nearby index, optionally only those offering a service: every page, or, when the query
 * is capped, one Query of at most `limit` entries and the hash it stopped at.
 */
export async function storesInRange(deps: Deps, query: RangeQuery, service?: Store['services'][number]): Promise<RangeRead> {
  const from = hashString(query.lo);
  const input: QueryInput = {
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
    ...(service ? { FilterExpression: 'contains(services, :service)' } : {}),
    // '~' sorts after '#' and every geohash character: the last hash's entries are in.
    ExpressionAttributeValues: {
      ':pk': keys.storeGeoPartition(from),
      ':from': from,
      ':to': `${hashString(query.hi)}~`,
      ...(service ? { ':service': service } : {}),
    },
  };
  const lean = (item: Record<string, unknown>): LeanStore => ({
    storeId: keys.storeGeoIdOf(item.GSI3SK as string),
    location: item.location as Store['location'],
    services: item.services as Store['services'],
  });
  if (query.limit === undefined) return { stores: (await queryAll(deps, input)).map(lean) };
  // A filter applies after the limit: where it stopped is the last entry read, not the last kept.
  const { items, lastKey } = await queryOnce(deps, { ...input, Limit: query.limit, ScanIndexForward: !query.descending });
  return { stores: items.map(lean), stoppedAt: lastKey && hashValue(lastKey.GSI3SK as string) };
}

/** A store item as a backfill sees it: its record and the nearby-index keys it carries, if any. */
export type StoreIndexState = { store: Store; geo: { GSI3PK?: string; GSI3SK?: string } };

/**
 * One page of the table's store items, for a one-off migration run by an operator (a Scan
 * filtered on the entity: never on a request path, and no function's role may Scan).
 */
export async function scanStores(deps: Deps, page: ScanPage): Promise<{ stores: StoreIndexState[]; next?: Record<string, unknown> }> {
  const { items, next } = await scanEntityPage(deps, 'store', page);
  return {
    stores: items.map((item) => ({
      store: storeFromItem(item),
      geo: { GSI3PK: item.GSI3PK as string | undefined, GSI3SK: item.GSI3SK as string | undefined },
    })),
    ...(next ? { next } : {}),
  };
}

/**
 * Sets a store's nearby-index keys, on condition that it is still a store at the location
 * read (a store moved or deleted meanwhile keeps what its own write left). False when not.
 */
export async function setStoreGeoKeys(deps: Deps, store: Pick<Store, 'storeId' | 'location'>): Promise<boolean> {
  const geo = storeGeoKeys(store);
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.store(store.storeId),
        UpdateExpression: 'SET GSI3PK = :pk, GSI3SK = :sk',
        ConditionExpression: 'entity = :store AND #location = :location',
        ExpressionAttributeNames: { '#location': 'location' },
        ExpressionAttributeValues: { ':pk': geo.GSI3PK, ':sk': geo.GSI3SK, ':store': 'store', ':location': store.location },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}
