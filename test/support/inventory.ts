// Fixtures for inventory tests: stores with real-looking hours, stock lines written directly.

import { lineItem } from '#shared/inventory/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { putStores, type Store, storeSchema } from '#shared/stores/index.ts';
import { batchPut } from '#shared/table/batch.ts';
import { keys } from '#shared/table/keys.ts';
import { seedCatalog } from './catalog.ts';

const weekday = [{ open: '10:00', close: '21:00' }];

/** A Madrid store open 10:00–21:00 Monday to Saturday, closed Sunday, offering pickup. */
export function storeFixture(overrides: Partial<Store> & { storeId: string }): Store {
  return storeSchema.parse({
    name: `Store ${overrides.storeId}`,
    address: { line1: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
    location: { lat: 40.4169, lon: -3.7035 },
    timeZone: 'Europe/Madrid',
    openingHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: weekday },
    services: ['pickup', 'returns'],
    pickupLeadMinutes: 60,
    lowStockThreshold: 3,
    ...overrides,
  });
}

/** The body PUT /stores/{storeId} takes for a fixture. */
export const storeBody = ({ storeId: _id, ...rest }: Store) => rest;

export async function seedStores(deps: Deps, stores: Store[]) {
  await putStores(deps, stores);
}

/** Writes lines as a fresh count would leave them: nothing reserved. Their SKUs go into the catalogue. */
export async function seedStock(deps: Deps, lines: Array<{ storeId: string; sku: string; onHand: number; safetyStock?: number }>) {
  await seedCatalog(
    deps,
    lines.map((l) => l.sku),
  );
  await batchPut(
    deps,
    lines.map((l) => {
      const safetyStock = l.safetyStock ?? 0;
      return lineItem({
        storeId: l.storeId,
        sku: l.sku,
        onHand: l.onHand,
        safetyStock,
        confirmed: 0,
        holds: {},
        freeUnits: l.onHand - safetyStock,
      });
    }),
  );
}

/** Stock at a warehouse, as a fresh count would leave it (the SKUs go into the catalogue too). */
export async function seedWarehouseStock(deps: Deps, lines: Array<{ warehouseId: string; sku: string; onHand: number }>) {
  await seedStock(
    deps,
    lines.map(({ warehouseId, ...l }) => ({ ...l, storeId: keys.warehouseLocation(warehouseId) })),
  );
}
