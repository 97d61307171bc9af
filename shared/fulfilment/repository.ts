// Repository: warehouses (keys.warehouse; all of them on GSI1 under one partition — a chain
// has a handful). Their stock lines are inventory's, at keys.warehouseLocation(id). Decides nothing.

import type { Deps } from '../runtime/deps.ts';
import { PutCommand } from '../runtime/dynamodb.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, queryAll } from '../table/query.ts';
import type { Warehouse } from './schemas.ts';

type WarehouseItem = Stored<'warehouse', Warehouse>;

/** Warehouses a promise is chosen among: one Query page holds them all. */
export const MAX_WAREHOUSES = 20;

export async function putWarehouse(deps: Deps, warehouse: Warehouse): Promise<void> {
  const item: WarehouseItem = toItem(
    'warehouse',
    { ...keys.warehouse(warehouse.warehouseId), ...keys.warehouseIndex(warehouse.warehouseId) },
    warehouse,
  );
  await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: item }));
}

export async function getWarehouse(deps: Deps, warehouseId: string): Promise<Warehouse | undefined> {
  const item = await getItem(deps, keys.warehouse(warehouseId));
  return item && fromItem<Warehouse>(item);
}

/** Every warehouse of the chain (one Query on GSI1). */
export async function listWarehouses(deps: Deps): Promise<Warehouse[]> {
  const items = await queryAll(deps, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.warehousesPartition },
    Limit: MAX_WAREHOUSES,
  });
  return items.map((i) => fromItem<Warehouse>(i));
}

/** Bulk load (seeding). */
export async function putWarehouses(deps: Deps, warehouses: Warehouse[]): Promise<void> {
  await Promise.all(warehouses.map((w) => putWarehouse(deps, w)));
}

export const locationOf = (warehouseId: string) => keys.warehouseLocation(warehouseId);
