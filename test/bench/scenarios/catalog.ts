// Bench scenarios: the catalog context. The availability answer for a style reads the style,
// the warehouses, the store and the stores around (one round trip, in parallel), then every
// variant's line at every location in one consistent batch read (a second round trip, its
// BatchGetItem calls in parallel): two round trips whatever the number of variants. The
// 6- and 48-variant styles show what more variants cost (more keys in the same round trip).

import { seededRandom } from '#infra/local/seed-random.ts';
import { loadCatalogue } from '#shared/catalog/index.ts';
import { putWarehouses, warehouseSchema } from '#shared/fulfilment/index.ts';
import { lineItem } from '#shared/inventory/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { putStores, storeSchema } from '#shared/stores/index.ts';
import { batchPut } from '#shared/table/batch.ts';
import { keys } from '#shared/table/keys.ts';
import type { BenchScenario } from '#test/bench/scenario.ts';

const sol = { lat: 40.4169, lon: -3.7035 };
const hours = [{ open: '10:00', close: '22:00' }];
const colours = ['BLU', 'BLK', 'GRY', 'ECR', 'GRN', 'RED'];
const sizes = ['34', '36', '38', '40', '42', '44', '46', '48'];

function variantsOf(styleId: string, count: number) {
  return colours.flatMap((colour) => sizes.map((size) => ({ sku: `${styleId}-${colour}-${size}`, colour, size }))).slice(0, count);
}

/** A style of `count` variants, 11 stores around Sol (one of them the tablet's) and two warehouses, all stocked. */
async function seed(deps: Deps, styleId: string, count: number) {
  const variants = variantsOf(styleId, count);
  await loadCatalogue(deps, [{ styleId, names: { es: styleId }, category: 'denim', price: 4995, currency: 'EUR', images: [], variants }]);
  const next = seededRandom(count);
  const stores = Array.from({ length: 11 }, (_, i) =>
    storeSchema.parse({
      storeId: `bench-${i}`,
      name: `Store ${i}`,
      address: { line1: 'Calle 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
      location: { lat: sol.lat + (next() - 0.5) * 0.1, lon: sol.lon + (next() - 0.5) * 0.1 },
      timeZone: 'Europe/Madrid',
      openingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
      services: ['pickup'],
    }),
  );
  await putStores(deps, stores);
  const warehouses = ['wh-a', 'wh-b'].map((warehouseId, i) =>
    warehouseSchema.parse({
      warehouseId,
      name: warehouseId,
      location: sol,
      timeZone: 'Europe/Madrid',
      cutoffTime: i ? '16:00' : '14:00',
      handlingDays: 1,
      transit: [
        { postalCodePrefix: '28', days: 1 + i },
        { postalCodePrefix: '0', days: 2 },
      ],
      nonDeliveryWeekdays: ['sat', 'sun'],
      holidays: [],
    }),
  );
  await putWarehouses(deps, warehouses);
  const locations = [...stores.map((s) => s.storeId), ...warehouses.map((w) => keys.warehouseLocation(w.warehouseId))];
  await batchPut(
    deps,
    locations.flatMap((storeId) =>
      variants.map(({ sku }) => {
        const onHand = Math.floor(next() * 6);
        return lineItem({ storeId, sku, onHand, safetyStock: 0, confirmed: 0, holds: {}, freeUnits: onHand });
      }),
    ),
  );
}

const availability = (styleId: string) => ({
  method: 'GET',
  path: `/products/${styleId}/availability?storeId=bench-0&lat=${sol.lat}&lon=${sol.lon}&radiusKm=10&postalCode=28013`,
  expect: 200,
});

export const scenarios: BenchScenario[] = [
  {
    name: 'GET /products/{styleId}/availability (6 variants × store + 10 nearby + 2 warehouses)',
    setup: (ctx) => seed(ctx.deps, 'STYLE-6', 6),
    request: () => availability('STYLE-6'),
    iterations: 100,
    // style, warehouses, store, ≥1 geo cell; one BatchGetItem of 78 lines
    floorCalls: 5,
  },
  {
    name: 'GET /products/{styleId}/availability (48 variants × store + 10 nearby + 2 warehouses)',
    setup: (ctx) => seed(ctx.deps, 'STYLE-48', 48),
    request: () => availability('STYLE-48'),
    iterations: 100,
    // style, warehouses, store, ≥1 geo cell; 624 lines in 7 BatchGetItem calls (same round trip)
    floorCalls: 11,
  },
  {
    name: 'GET /products/{styleId} (48 variants)',
    setup: (ctx) => seed(ctx.deps, 'STYLE-P', 48),
    request: () => ({ method: 'GET', path: '/products/STYLE-P', expect: 200 }),
    iterations: 100,
    floorCalls: 1,
  },
];
