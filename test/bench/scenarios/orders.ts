// Bench scenarios: orders and the store tablet. The headline is the tablet's customer
// lookup over a busy profile: 50 orders from every channel, 10 appointments, a presence.

import { createOrderBody, placeOrder } from '#shared/orders/index.ts';
import { timelinePut } from '#shared/platform/timeline.ts';
import { PutCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { transactWrite } from '#shared/table/transact.ts';
import { atScale, type BenchContext, type BenchScenario } from '#test/bench/scenario.ts';
import { seedCustomer, seedShipping, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';

const STORE = 'bench-store';
export const CUSTOMER = 'bench-lookup-customer';
const channels = ['web', 'app', 'store', 'contact_center'] as const;

async function seedBase(ctx: BenchContext) {
  await seedStores(ctx.deps, [storeFixture({ storeId: STORE }), storeFixture({ storeId: 'bench-other' })]);
  await seedStock(ctx.deps, [
    { storeId: STORE, sku: 'BENCH-1', onHand: 1_000_000 },
    { storeId: STORE, sku: 'BENCH-2', onHand: 1_000_000 },
    { storeId: 'bench-other', sku: 'BENCH-1', onHand: 1_000_000 },
  ]);
  await seedShipping(ctx.deps, { 'BENCH-1': 1_000_000, 'BENCH-2': 1_000_000 });
  await seedCustomer(
    ctx.deps,
    CUSTOMER,
    { phone: '+34 600 123 456', email: 'bench.lookup@example.com', loyalty: 'OMNI-900001' },
    'Bench Lookup',
  );
}

/** 50 orders across channels and fulfilments (some waiting here), 10 appointments, a presence, visits. */
export async function seedBusyProfile(ctx: BenchContext) {
  await seedBase(ctx);
  for (let i = 0; i < atScale(ctx, 50); i++) {
    const fulfilment = i % 3 === 0 ? 'pickup' : i % 3 === 1 ? 'ship' : 'in_store';
    const storeId = fulfilment === 'ship' ? undefined : i % 2 ? STORE : 'bench-other';
    await placeOrder(
      ctx.deps,
      createOrderBody.parse({
        channel: channels[i % 4],
        channelOrderId: `BENCH-${i}`,
        customer: { customerId: CUSTOMER },
        lines: [
          { sku: 'BENCH-1', quantity: 1, price: 1999, fulfilment, ...(storeId ? { storeId } : {}), category: 'denim' },
          {
            sku: 'BENCH-2',
            quantity: 2,
            price: 999,
            fulfilment,
            ...(storeId ? { storeId: storeId === 'bench-other' ? STORE : storeId } : {}),
            category: 'knitwear',
          },
        ].filter((l) => !(fulfilment === 'pickup' && l.storeId !== storeId)),
        ...(fulfilment === 'ship' ? { shipTo: { postalCode: '28013' } } : {}),
      }),
    );
  }
  const now = Date.now();
  for (let i = 0; i < 10; i++) {
    const start = new Date(now + (i - 2) * 86_400_000).toISOString();
    const id = `BENCHAPPT${i}`;
    await ctx.deps.db.send(
      new PutCommand({
        TableName: ctx.deps.tableName,
        Item: {
          PK: `APPOINTMENT#${id}`,
          SK: 'APPOINTMENT',
          ...keys.customerAppointment(CUSTOMER, start, id),
          entity: 'appointment',
          appointmentId: id,
          storeId: STORE,
          customerId: CUSTOMER,
          start,
          status: 'booked',
          serviceName: 'Styling',
          stylistName: 'Eva',
        },
      }),
    );
  }
  await ctx.deps.db.send(
    new PutCommand({
      TableName: ctx.deps.tableName,
      Item: {
        PK: keys.customerPartition(CUSTOMER),
        SK: 'PRESENCE',
        customerId: CUSTOMER,
        storeId: STORE,
        since: new Date(now).toISOString(),
        expiresAt: Math.floor(now / 1000) + 3600,
      },
    }),
  );
  await transactWrite(
    ctx.deps,
    [1, 2, 3].map(() => timelinePut(ctx.deps, CUSTOMER, { type: 'store.visited', summary: 'Visited Bench', ref: { storeId: STORE } })),
  );
}

let staffToken: string;
let ordersToken: string;
let customerToken: string;

export const scenarios: BenchScenario[] = [
  {
    name: 'GET /stores/{storeId}/customers (phone, 50 orders + 10 appointments)',
    setup: async (ctx) => {
      await seedBusyProfile(ctx);
      staffToken = await ctx.staff(STORE);
    },
    request: (_ctx, i) => ({
      method: 'GET',
      // The phone typed three ways, as associates do.
      path: `/stores/${STORE}/customers?q=${encodeURIComponent(['600 12 34 56', '+34600123456', '0034-600-123-456'][i % 3]!)}`,
      token: staffToken,
    }),
    // Floor: one BatchGet (store + what the text may be), then in parallel a BatchGet
    // (profile + presence), Queries for orders, waiting pickups, appointments and visits,
    // and the audit Put. We spend one more Query: waiting pickups are two index partitions.
    iterations: 150,
    floorCalls: 7,
  },
  {
    name: 'POST /orders (pickup, known customer by phone)',
    setup: async (ctx) => {
      await seedBase(ctx);
      ordersToken = await ctx.integration('orders/write');
    },
    request: (_ctx, i) => ({
      method: 'POST',
      path: '/orders',
      token: ordersToken,
      body: {
        channel: 'web',
        channelOrderId: `BENCH-W-${i}`,
        customer: { phone: '600 123 456' },
        lines: [{ sku: 'BENCH-1', quantity: 1, price: 1999, fulfilment: 'pickup', storeId: STORE, category: 'denim' }],
      },
      expect: 201,
    }),
    // At the least one BatchGet (channel claim, store, stock line, identity claim) and one
    // TransactWriteItems. We spend two more: the pickup is reserved by inventory's own
    // createReservation (its read of the lines and its transaction, a short hold) and the
    // order's transaction confirms it — so the stock rules live in one place only.
    floorCalls: 2,
  },
  {
    name: 'GET /me/orders (page of 25 of 50)',
    setup: async (ctx) => {
      await seedBusyProfile(ctx);
      customerToken = await ctx.customer(CUSTOMER);
    },
    request: () => ({ method: 'GET', path: '/me/orders', token: customerToken }),
    floorCalls: 1,
  },
];
