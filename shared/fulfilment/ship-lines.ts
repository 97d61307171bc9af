// Use case (for orders): where each ship line of an order leaves from, when it arrives, and
// the stock writes that hold its units at that warehouse inside the order's own transaction.

import { allocationUpdate, availableNow, getLines, pairKey } from '../inventory/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { type FieldError, fail } from '../runtime/errors.ts';
import type { TransactItem } from '../table/transact.ts';
import { anyCovers, deliveryPromise, earliestPromise } from './promise-rules.ts';
import { listWarehouses, locationOf } from './repository.ts';
import type { Warehouse } from './schemas.ts';

export type ShipLine = { index: number; sku: string; quantity: number; fromLocationId?: string };
export type PlannedLine = { index: number; warehouseId: string; shipsOn: string; arrivesBy: string };
export type ShipmentPlan = { lines: PlannedLine[]; items: TransactItem[] };

/**
 * Plans the ship lines of an order placed at `orderedAt` for delivery to `postalCode`.
 * 1. Read the warehouses (one Query) and, in one consistent BatchGetItem, their stock lines
 *    of these SKUs.
 * 2. Decide each line's warehouse: the one it names (`fromLocationId`: 422 naming it if there
 *    is no such warehouse or it does not deliver there), else the earliest promise among
 *    those with the units. No warehouse delivers to the postal code: 422 naming it. Not
 *    enough units: 409 `insufficient-stock` naming the lines.
 * 3. The allocation items (`freeUnits >= quantity`, never oversold) for the order's
 *    transaction; its caller reads and plans again if one fails.
 */
export async function planShipment(
  deps: Deps,
  input: { lines: ShipLine[]; postalCode: string; postalCodePath: string; linePath: (index: number) => string; orderedAt: Date },
): Promise<ShipmentPlan> {
  const { lines, postalCode, orderedAt } = input;
  if (!lines.length) return { lines: [], items: [] };
  const warehouses = await listWarehouses(deps);
  if (!anyCovers(warehouses, postalCode)) {
    throw fail.unprocessable([{ path: input.postalCodePath, message: `No warehouse delivers to ${postalCode}.` }], 'undeliverable');
  }
  const stock = await getLines(
    deps,
    warehouses.flatMap((w) => lines.map((l) => ({ storeId: locationOf(w.warehouseId), sku: l.sku }))),
  );
  const now = deps.clock.now();
  const units = (w: Warehouse, sku: string) => {
    const line = stock.get(pairKey(locationOf(w.warehouseId), sku));
    return line ? availableNow(line, now) : 0;
  };

  const errors: FieldError[] = [];
  const short: Array<{ index: number; sku: string; requested: number }> = [];
  const planned: PlannedLine[] = [];
  for (const line of lines) {
    const field = `${input.linePath(line.index)}.fromLocationId`;
    const named = line.fromLocationId === undefined ? undefined : warehouses.find((w) => w.warehouseId === line.fromLocationId);
    if (line.fromLocationId !== undefined && !named) {
      errors.push({ path: field, message: `Warehouse ${line.fromLocationId} is not known.` });
      continue;
    }
    const candidates = named ? [named] : warehouses;
    const best = earliestPromise(candidates, postalCode, orderedAt, (w) => units(w, line.sku), line.quantity);
    if (best) {
      planned.push({ index: line.index, warehouseId: best.warehouse.warehouseId, shipsOn: best.shipsOn, arrivesBy: best.arrivesBy });
    } else if (named && !deliveryPromise(named, postalCode, orderedAt)) {
      errors.push({ path: field, message: `Warehouse ${named.warehouseId} does not deliver to ${postalCode}.` });
    } else {
      short.push({ index: line.index, sku: line.sku, requested: line.quantity });
    }
  }
  if (errors.length) throw fail.unprocessable(errors);
  if (short.length) {
    throw fail.conflict(`Not enough stock to ship ${short.map((s) => s.sku).join(', ')}.`, 'insufficient-stock', { lines: short });
  }
  const at = now.toISOString();
  const byIndex = new Map(lines.map((l) => [l.index, l]));
  return {
    lines: planned,
    items: planned.map((p) => allocationUpdate(deps, locationOf(p.warehouseId), byIndex.get(p.index)!, 'allocate', at)),
  };
}

/** The stock writes that give a cancelled order's shipped units back to their warehouses. */
export function releaseShipment(
  deps: Deps,
  lines: Array<{ sku: string; quantity: number; fromLocationId?: string }>,
  at: string,
): TransactItem[] {
  return lines.flatMap((l) => (l.fromLocationId ? [allocationUpdate(deps, locationOf(l.fromLocationId), l, 'release', at)] : []));
}
