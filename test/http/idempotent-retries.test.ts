// Retries from the outside: the same write sent 30 times at once — as an app does when it
// retries after a timeout — acts once, and every answer is the first request's answer or
// 409 request-in-progress with Retry-After. Never a business error that did not happen.

import { beforeAll, describe, expect, it } from 'vitest';
import { getLine } from '#shared/inventory/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { PutCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { type CallResult, useTestApi } from '#test/support/api.ts';
import { seedStock, seedStores, storeFixture } from '#test/support/inventory.ts';
import { orderBody, seedCustomer } from '#test/support/orders.ts';

// Monday 23 November 2026, 09:00 in Madrid.
const clock = fixedClock('2026-11-23T08:00:00Z');
const api = useTestApi({ clock });
const TIMES = 30;
const storeId = 'retry-store';

let admin: string;
let orders: string;
let inventory: string;

beforeAll(async () => {
  admin = await api.integration('catalog/write');
  orders = await api.integration('orders/write');
  inventory = await api.integration('inventory/write');
  await seedStores(api.deps, [storeFixture({ storeId, services: ['pickup', 'returns', 'stylist'] })]);
  await seedStock(api.deps, [
    { storeId, sku: 'ORDER-SKU', onHand: 6 },
    { storeId, sku: 'RES-SKU', onHand: 6 },
    { storeId, sku: 'SOLD-SKU', onHand: 6 },
    { storeId, sku: 'FEED-SKU', onHand: 6 },
  ]);
});

/** Fires `send` TIMES at once. */
const burst = (send: () => Promise<CallResult>) => Promise.all(Array.from({ length: TIMES }, send));

/**
 * Every answer is the stored one (the first's status, or `replayStatus` for a replay, and the
 * same id) or 409 request-in-progress with Retry-After; at least one is the real answer.
 */
function expectOneAnswer(results: CallResult[], id: (body: any) => unknown, statuses: number[]) {
  const answered = results.filter((r) => r.status !== 409);
  const inProgress = results.filter((r) => r.status === 409);
  for (const r of inProgress) {
    expect(r.body.type, JSON.stringify(r.body)).toBe('urn:omnistore:problem:request-in-progress');
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  }
  expect(answered.length).toBeGreaterThan(0);
  for (const r of answered) expect(statuses, JSON.stringify(r.body)).toContain(r.status);
  expect(new Set(answered.map((r) => id(r.body))).size).toBe(1);
  return answered[0]!.body;
}

const freeUnits = async (sku: string) => (await getLine(api.deps, storeId, sku))!.freeUnits;

describe('30 identical requests at once', () => {
  it('POST /orders with one channel order id: one order, one hold, no insufficient-stock', async () => {
    const body = orderBody({
      channelOrderId: 'W-RETRY-30',
      customer: { email: 'retry@example.com' },
      lines: [{ sku: 'ORDER-SKU', quantity: 1, price: 1000, fulfilment: 'pickup', storeId }],
    });
    const results = await burst(() => api.call('POST', '/orders', { token: orders, body }));
    const order = expectOneAnswer(results, (b) => b.orderId, [200, 201]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await freeUnits('ORDER-SKU')).toBe(5);
    // and once the burst is over, a retry gets the order
    const again = await api.call('POST', '/orders', { token: orders, body });
    expect(again).toMatchObject({ status: 200, body: { orderId: order.orderId } });
  });

  it('POST /orders while a twin holds its stock: 409 request-in-progress; a claim whose request died is taken over', async () => {
    const body = orderBody({
      channelOrderId: 'W-PENDING',
      customer: { email: 'pending@example.com' },
      lines: [{ sku: 'ORDER-SKU', quantity: 1, price: 1000, fulfilment: 'pickup', storeId }],
    });
    const claim = (until: string) =>
      api.deps.db.send(
        new PutCommand({
          TableName: api.deps.tableName,
          Item: {
            ...keys.channelOrder('web', 'W-PENDING'),
            entity: 'channelOrder',
            requestHash: 'h',
            pendingToken: 'twin',
            pendingUntil: until,
          },
        }),
      );
    await claim('2026-11-23T08:00:20.000Z'); // the twin's deadline is 20 s away
    const busy = await api.call('POST', '/orders', { token: orders, body });
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ type: 'urn:omnistore:problem:request-in-progress', status: 409 });
    expect(busy.headers.get('retry-after')).toBe('1');
    await claim('2026-11-23T07:59:00.000Z'); // the twin died a minute ago
    const placed = await api.call('POST', '/orders', { token: orders, body });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect((await api.call('POST', '/orders', { token: orders, body })).status).toBe(200);
  });

  it('POST /reservations with one Idempotency-Key: one reservation', async () => {
    const token = await api.customer('c-retry-res');
    const body = { storeId, lines: [{ sku: 'RES-SKU', quantity: 1 }] };
    const headers = { 'idempotency-key': 'res-retry-1' };
    const results = await burst(() => api.call('POST', '/reservations', { token, body, headers }));
    expectOneAnswer(results, (b) => b.reservationId, [201]);
    expect(await freeUnits('RES-SKU')).toBe(5);
    const mine = await api.call('GET', '/me/reservations', { token });
    expect(mine.body.items).toHaveLength(1);
  });

  it('POST /appointments with one Idempotency-Key: one booking, no slot-unavailable', async () => {
    for (const id of ['ana', 'bea']) {
      const res = await api.call('PUT', `/stores/${storeId}/stylists/${id}`, {
        token: admin,
        body: {
          name: id,
          skills: ['cut'],
          weeklyHours: { mon: [{ open: '10:00', close: '20:00' }], tue: [{ open: '10:00', close: '20:00' }] },
        },
      });
      expect(res.status).toBe(200);
    }
    const service = await api.call('PUT', `/stores/${storeId}/appointment-services/cut`, {
      token: admin,
      body: {
        name: 'Haircut',
        durationMinutes: 45,
        bufferAfterMinutes: 15,
        price: { amountMinor: 3500, currency: 'EUR' },
        stylistIds: ['ana', 'bea'],
      },
    });
    expect(service.status).toBe(200);
    const token = await api.customer('c-retry-appt');
    const body = { storeId, serviceId: 'cut', start: '2026-11-24T11:00:00+01:00' };
    const headers = { 'idempotency-key': 'appt-retry-1' };
    const results = await burst(() => api.call('POST', '/appointments', { token, body, headers }));
    expectOneAnswer(results, (b) => b.appointmentId, [201]);
    const mine = await api.call('GET', '/me/appointments', { token });
    expect(mine.body.items).toHaveLength(1);
  });

  it('POST /orders/{orderId}/returns with one Idempotency-Key: one return, the unit back once', async () => {
    await seedCustomer(api.deps, 'c-retry-ret', { email: 'ret@example.com' });
    const placed = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channel: 'store',
        channelOrderId: 'S-RETRY-RET',
        customer: { customerId: 'c-retry-ret' },
        lines: [{ sku: 'SOLD-SKU', quantity: 2, price: 1000, fulfilment: 'in_store', storeId }],
      }),
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const before = await freeUnits('SOLD-SKU');
    const staff = await api.staff(storeId);
    const body = { storeId, lines: [{ sku: 'SOLD-SKU', quantity: 1 }] };
    const headers = { 'idempotency-key': 'ret-retry-1' };
    const results = await burst(() => api.call('POST', `/orders/${placed.body.orderId}/returns`, { token: staff, body, headers }));
    const order = expectOneAnswer(results, (b) => b.returns?.[0]?.returnId, [200]);
    expect(order.returns).toHaveLength(1);
    expect(await freeUnits('SOLD-SKU')).toBe(before + 1);
    const stored = await api.call('GET', `/orders/${placed.body.orderId}`, { token: orders });
    expect(stored.body.returns).toHaveLength(1);
    expect(stored.body.lines[0].returnedQuantity).toBe(1);
  });

  it('POST /offers/{offerId}/redemptions with one Idempotency-Key: one redemption, no already-redeemed', async () => {
    await seedCustomer(api.deps, 'c-retry-red');
    const offer = await api.call('POST', '/offers', {
      token: admin,
      body: {
        title: 'Retry offer',
        target: { storeId },
        validFrom: '2026-11-01T00:00:00+01:00',
        validUntil: '2026-12-31T23:59:59+01:00',
        openingHoursOnly: false,
        totalRedemptionLimit: 5,
      },
    });
    expect(offer.status, JSON.stringify(offer.body)).toBe(201);
    const staff = await api.staff(storeId);
    const body = { customerId: 'c-retry-red', storeId };
    const headers = { 'idempotency-key': 'red-retry-1' };
    const results = await burst(() => api.call('POST', `/offers/${offer.body.offerId}/redemptions`, { token: staff, body, headers }));
    expectOneAnswer(results, (b) => b.redeemedAt, [201]);
    const read = await api.call('GET', `/offers/${offer.body.offerId}`, { token: admin });
    expect(read.body.redemptions).toBe(1);
  });

  it('POST /stores/{storeId}/stock-events with one event id: applied once, every other answer a duplicate', async () => {
    const body = {
      events: [{ eventId: 'feed-retry-1', sku: 'FEED-SKU', type: 'receipt', quantity: 4, occurredAt: '2026-11-23T08:00:00Z' }],
    };
    const results = await burst(() => api.call('POST', `/stores/${storeId}/stock-events`, { token: inventory, body }));
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const outcomes = results.map((r) => r.body.results[0].result);
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(TIMES - 1);
    expect(await freeUnits('FEED-SKU')).toBe(10);
  });
});
