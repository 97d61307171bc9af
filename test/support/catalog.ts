// Fixtures for the catalogue and warehouses: styles for the SKUs a test uses, a Madrid
// warehouse with a real calendar (its stock: seedWarehouseStock in inventory.ts).

import { loadCatalogue, type StyleInput } from '#shared/catalog/index.ts';
import { putWarehouses, type Warehouse, warehouseSchema } from '#shared/fulfilment/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';

/** A style body (PUT /products/{styleId}) with these variants. */
export function styleFixture(variants: StyleInput['variants'], overrides: Partial<StyleInput> = {}): StyleInput {
  return {
    names: { es: 'Vaquero slim', en: 'Slim jeans' },
    category: 'denim',
    price: 4995,
    currency: 'EUR',
    images: [],
    variants,
    ...overrides,
  };
}

/** Puts each SKU in the catalogue as the one variant of its own fixture style (for tests that invent SKUs). */
export async function seedCatalog(deps: Deps, skus: string[]) {
  await loadCatalogue(
    deps,
    [...new Set(skus)].map((sku) => ({ styleId: `FIXTURE.${sku}`, ...styleFixture([{ sku, colour: 'ONE', size: 'U' }]) })),
  );
}

/**
 * A Madrid warehouse: cut-off 14:00, one handling day, Madrid (28…) in one day and the rest of
 * the peninsula (0…–5…) in two; carriers run Monday to Friday; 8 December is a holiday.
 */
export function warehouseFixture(overrides: Partial<Warehouse> & { warehouseId: string }): Warehouse {
  return warehouseSchema.parse({
    name: `Warehouse ${overrides.warehouseId}`,
    location: { lat: 40.3, lon: -3.6 },
    timeZone: 'Europe/Madrid',
    cutoffTime: '14:00',
    handlingDays: 1,
    transit: [{ postalCodePrefix: '28', days: 1 }, ...['0', '1', '2', '3', '4', '5'].map((p) => ({ postalCodePrefix: p, days: 2 }))],
    nonDeliveryWeekdays: ['sat', 'sun'],
    holidays: ['2026-12-08'],
    ...overrides,
  });
}

export async function seedWarehouses(deps: Deps, warehouses: Warehouse[]) {
  await putWarehouses(deps, warehouses);
}
