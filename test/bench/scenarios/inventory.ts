// Bench scenarios: the inventory context. Stores and stock are seeded with BatchWriteItem
// (setup is not measured); the 10,000-store table is a chain spread over Europe with the
// same 100 stores around Madrid, so it shows what a bigger table costs a nearby search.

import { seededRandom } from '#infra/local/seed-random.ts';
import { lineItem } from '#shared/inventory/index.ts';
import { putStores, type Store } from '#shared/stores/index.ts';
import { batchPut } from '#shared/table/batch.ts';
import type { BenchContext, BenchScenario } from '#test/bench/scenario.ts';
import { benchStore } from '#test/bench/stores.ts';
import { seedCatalog } from '#test/support/catalog.ts';

const sol = { lat: 40.4169, lon: -3.7035 };
const store = benchStore;

/** 100 stores within ~30 km of Sol (a dense metropolitan chain). */
function madridStores(): Store[] {
  const next = seededRandom(100);
  return Array.from({ length: 100 }, (_, i) => {
    const r = 30 * Math.sqrt(next());
    const a = 2 * Math.PI * next();
    return store(
      `mad-${i}`,
      sol.lat + (r / 111.2) * Math.sin(a),
      sol.lon + (r / (111.2 * Math.cos((sol.lat * Math.PI) / 180))) * Math.cos(a),
    );
  });
}

/** 9,900 more stores spread over Europe (lat 36–60, lon −10–30), fewer at a smaller scale. */
function europeStores(scale: number): Store[] {
  const next = seededRandom(9900);
  return Array.from({ length: Math.ceil(9900 * scale) }, (_, i) => store(`eu-${i}`, 36 + 24 * next(), -10 + 40 * next()));
}

const jitter = (i: number) => ({ lat: (sol.lat + ((i % 17) - 8) * 0.002).toFixed(5), lon: (sol.lon + ((i % 13) - 6) * 0.002).toFixed(5) });

const nearby = (ctx: BenchContext, i: number) => {
  const p = jitter(i);
  return { method: 'GET', path: `/stores/nearby?lat=${p.lat}&lon=${p.lon}&radiusKm=10&limit=10` };
};

const skus = Array.from({ length: 10 }, (_, i) => `JEAN-SLIM-BLU-${36 + i}`);

export const scenarios: BenchScenario[] = [
  {
    name: 'GET /availability (10 SKUs × 10 nearby stores)',
    setup: async (ctx) => {
      const stores = madridStores()
        .slice(0, 10)
        .map((s, i) => ({ ...s, location: { lat: sol.lat + (i - 5) * 0.003, lon: sol.lon + (i % 3) * 0.003 } }));
      await putStores(ctx.deps, stores);
      await batchPut(
        ctx.deps,
        stores.flatMap((s, i) =>
          skus.map((sku, j) =>
            lineItem({
              storeId: s.storeId,
              sku,
              onHand: (i * 7 + j * 3) % 9,
              safetyStock: 0,
              confirmed: 0,
              holds: {},
              freeUnits: (i * 7 + j * 3) % 9,
            }),
          ),
        ),
      );
    },
    request: (_ctx, i) => {
      const p = jitter(i);
      return { method: 'GET', path: `/availability?skus=${skus.join(',')}&lat=${p.lat}&lon=${p.lon}&radiusKm=3&limit=10` };
    },
    // One geo query and one BatchGetItem of the 100 stock lines.
    floorCalls: 2,
  },
  {
    name: 'GET /stores/nearby (100 stores in the table)',
    setup: async (ctx) => putStores(ctx.deps, madridStores()),
    request: nearby,
    floorCalls: 1,
  },
  {
    name: 'GET /stores/nearby (10,000 stores in the table)',
    setup: async (ctx) => putStores(ctx.deps, [...madridStores(), ...europeStores(ctx.scale)]),
    request: nearby,
    floorCalls: 1,
  },
  ...[true, false].map(
    (withKey): BenchScenario => ({
      name: `POST /reservations (1 line, ${withKey ? 'Idempotency-Key' : 'no Idempotency-Key'})`,
      setup: async (ctx) => {
        await putStores(ctx.deps, [store('bench-resv', sol.lat, sol.lon)]);
        await batchPut(
          ctx.deps,
          Array.from({ length: 50 }, (_, j) =>
            lineItem({
              storeId: 'bench-resv',
              sku: `SKU-${j}`,
              onHand: 100_000,
              safetyStock: 0,
              confirmed: 0,
              holds: {},
              freeUnits: 100_000,
            }),
          ),
        );
        await seedCatalog(
          ctx.deps,
          Array.from({ length: 50 }, (_, j) => `SKU-${j}`),
        );
        token = await ctx.customer('bench-customer');
      },
      request: (_ctx, i) => ({
        method: 'POST',
        path: '/reservations',
        token,
        expect: 201,
        headers: withKey ? { 'idempotency-key': `bench-${i}` } : ({} as Record<string, string>),
        body: { storeId: 'bench-resv', lines: [{ sku: `SKU-${i % 50}`, quantity: 1 }] },
      }),
      // A TransactWriteItems alone could hold the units; we also read the store and the lines
      // in one BatchGetItem (pickup lead time, expired holds to release, a 409 without
      // writing) — and, until idempotency records are checked inside the transaction, the key.
      floorCalls: 1,
    }),
  ),
  {
    name: 'POST /stores/{storeId}/stock-events (10 events)',
    setup: async (ctx) => {
      await putStores(ctx.deps, [store('bench-feed', sol.lat, sol.lon)]);
      feedToken = await ctx.integration('inventory/write');
    },
    request: (_ctx, i) => ({
      method: 'POST',
      path: '/stores/bench-feed/stock-events',
      token: feedToken,
      body: {
        events: Array.from({ length: 10 }, (_, j) => ({
          eventId: `ev-${i}-${j}`,
          sku: `SKU-${j}`,
          type: 'receipt',
          quantity: 1,
          occurredAt: '2026-11-23T10:00:00Z',
        })),
      },
    }),
    // The store check and one transaction for the whole batch (per-event transactions only
    // when the batch holds a duplicate, a stale event or a count).
    floorCalls: 2,
  },
];

let token: string;
let feedToken: string;
