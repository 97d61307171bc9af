// Use cases: the warehouses — writing and reading one, and its stock feed (the same events,
// rules and answers as a store's: inventory applies them at the warehouse's location).

import { applyStockEventsAt } from '../inventory/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { getWarehouse, locationOf, putWarehouse } from './repository.ts';
import type { Warehouse, WarehouseUpsert } from './schemas.ts';

/** A warehouse that must exist for what comes next. */
export async function requireWarehouse(deps: Deps, warehouseId: string): Promise<Warehouse> {
  const warehouse = await getWarehouse(deps, warehouseId);
  if (!warehouse) throw fail.notFound(`Warehouse ${warehouseId} is not known.`);
  return warehouse;
}

/**
 * Creates or replaces a warehouse.
 * 1. The path names it; a body that names it too must agree (400 naming `warehouseId`).
 * 2. Put it. It is no store: it has no geo index entry, so /stores/nearby never finds it,
 *    and no pickup.
 */
export async function saveWarehouse(deps: Deps, command: { warehouseId: string; warehouse: WarehouseUpsert }): Promise<Warehouse> {
  const { warehouseId: named, ...rest } = command.warehouse;
  if (named !== undefined && named !== command.warehouseId) {
    throw fail.invalid([{ path: 'warehouseId', message: 'Must match the warehouse id in the path (or be left out).' }]);
  }
  const warehouse: Warehouse = { ...rest, warehouseId: command.warehouseId };
  await putWarehouse(deps, warehouse);
  return warehouse;
}

/**
 * Up to 100 stock events of a warehouse's feed (inventory integrations only: the route checks
 * the scope).
 * 1. The warehouse must exist (404).
 * 2. Inventory applies them at the warehouse's location, each once, with a result each.
 */
export async function applyWarehouseStockEvents(deps: Deps, command: { warehouseId: string; events: unknown[] }) {
  await requireWarehouse(deps, command.warehouseId);
  return applyStockEventsAt(deps, locationOf(command.warehouseId), command.events);
}
