// The pickup lifecycle with an injected clock over DynamoDB Local: a deadline from the store's
// policy, snapshotted; expiry by the timers' sweep (late too, after an outage) with the units
// back in stock and the profile counting it; a hand-over racing the expiry — exactly one wins.

import { beforeAll, describe, expect, it } from 'vitest';
import { createSweep } from '#functions/timers/sweep.ts';
import { availableNow, getLines, pairKey } from '#shared/inventory/index.ts';
import type { Sender } from '#shared/notifications/index.ts';
import { changeStatus, createOrderBody, getPickupPolicy, handOver, placeOrder, setPickupPolicy, viewOrder } from '#shared/orders/index.ts';
import type { Actor } from '#shared/platform/actor.ts';
import { getProfile } from '#shared/profiles/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { orderBody, seedCustomer, seedStock, seedStores, storeFixture } from '../support/orders.ts';
import { useTestTable } from '../support/table.ts';

const clock = fixedClock('2026-11-24T10:00:00Z');
const t = useTestTable({ clock });
const sent: string[] = [];
const sender: Sender = { send: async (m) => void sent.push(`${m.channel}:${m.subject}`) };
const integration: Actor = { kind: 'integration', clientId: 'test', scopes: ['orders/write', 'catalog/write'] };
const staff: Actor = { kind: 'staff', userId: 'clerk', storeId: 'store-a', role: 'associate' };
const HOUR = 3600_000;

let n = 0;
async function readyOrder(quantity = 1) {
  n++;
  const placed = await placeOrder(
    t.deps,
    createOrderBody.parse(
      orderBody({
        channelOrderId: `EXP-${n}`,
        customer: { customerId: 'cust-exp' },
        lines: [{ sku: 'SKU-1', quantity, price: 1000, fulfilment: 'pickup', storeId: 'store-a' }],
      }),
    ),
  );
  const ready = await changeStatus(t.deps, { orderId: placed.order.orderId, to: 'ready_for_pickup' }, integration);
  return { order: ready, code: placed.pickupCode as string };
}
const available = async () =>
  availableNow((await getLines(t.deps, [{ storeId: 'store-a', sku: 'SKU-1' }])).get(pairKey('store-a', 'SKU-1'))!, clock.now());

beforeAll(async () => {
  await seedStores(t.deps, [storeFixture({ storeId: 'store-a' })]);
  await seedStock(t.deps, [{ storeId: 'store-a', sku: 'SKU-1', onHand: 100 }]);
  await seedCustomer(t.deps, 'cust-exp', { email: 'exp@example.com' });
});

describe('the pickup policy', () => {
  it('answers the defaults until the store sets its own, and snapshots it on the order when it becomes ready', async () => {
    expect(await getPickupPolicy(t.deps, { storeId: 'store-a' }, staff)).toMatchObject({
      holdDays: 7,
      reminderHoursBefore: 24,
      custom: false,
    });
    await setPickupPolicy(
      t.deps,
      { storeId: 'store-a', policy: { holdDays: 2, reminderHoursBefore: 6, maxExtensionDays: 3 } },
      integration,
    );
    const { order } = await readyOrder();
    // Two days later on the store's clock, with its offset.
    expect(order.pickupDeadline).toBe('2026-11-26T11:00:00+01:00');
    expect(order.pickupTerms).toEqual({ holdDays: 2, reminderHoursBefore: 6, maxExtensionDays: 3 });
    await setPickupPolicy(
      t.deps,
      { storeId: 'store-a', policy: { holdDays: 9, reminderHoursBefore: 6, maxExtensionDays: 3 } },
      integration,
    );
    expect((await viewOrder(t.deps, order, integration)).pickupDeadline).toBe('2026-11-26T11:00:00+01:00');
    await setPickupPolicy(
      t.deps,
      { storeId: 'store-a', policy: { holdDays: 2, reminderHoursBefore: 6, maxExtensionDays: 3 } },
      integration,
    );
    await changeStatus(t.deps, { orderId: order.orderId, to: 'cancelled' }, integration);
  });
});

describe('expiry', () => {
  it('expires an uncollected pickup at its deadline: status expired, units back, the profile counts it — not a minute before', async () => {
    const before = await available();
    const { order } = await readyOrder(2);
    expect(await available()).toBe(before - 2);
    const sweep = createSweep(t.deps, sender);

    clock.set(new Date(Date.parse(order.pickupDeadline!) - 60_000));
    await sweep();
    expect((await viewOrder(t.deps, order, integration)).status).toBe('ready_for_pickup');

    clock.set(new Date(Date.parse(order.pickupDeadline!) + 30_000));
    await sweep();
    const expired = await viewOrder(t.deps, order, integration);
    expect(expired.status).toBe('expired');
    expect(expired.expiredAt).toBeDefined();
    expect(await available()).toBe(before);
    expect((await getProfile(t.deps, 'cust-exp'))?.uncollectedPickups).toBe(1);
    // Sweeping again changes nothing.
    await sweep();
    expect(await available()).toBe(before);
    expect((await getProfile(t.deps, 'cust-exp'))?.uncollectedPickups).toBe(1);
    clock.set('2026-11-24T10:00:00Z');
  });

  it('still expires after an outage: the first sweep two days late applies it', async () => {
    const sweep = createSweep(t.deps, sender);
    await sweep(); // the watermark: now
    const before = await available();
    const { order } = await readyOrder();
    clock.set(new Date(Date.parse(order.pickupDeadline!) + 2 * 24 * HOUR));
    const report = await sweep();
    expect(report.handled).toBeGreaterThan(0);
    expect((await viewOrder(t.deps, order, integration)).status).toBe('expired');
    expect(await available()).toBe(before);
    clock.set('2026-11-24T10:00:00Z');
  });

  it('a hand-over racing the expiry: exactly one wins, the stock matches the winner', async () => {
    for (let round = 0; round < 4; round++) {
      clock.set('2026-11-24T10:00:00Z');
      const before = await available();
      const onHandBefore = (await getLines(t.deps, [{ storeId: 'store-a', sku: 'SKU-1' }])).get(pairKey('store-a', 'SKU-1'))!.onHand;
      const { order, code } = await readyOrder();
      clock.set(new Date(Date.parse(order.pickupDeadline!) + 1000));
      const sweep = createSweep(t.deps, sender);
      const [handover] = await Promise.allSettled([
        handOver(t.deps, { storeId: 'store-a', orderId: order.orderId, code }, staff),
        sweep(),
        sweep(),
      ]);
      await sweep(); // a sweep that lost to a conflict retries later: let it run
      clock.advance(10 * 60_000);
      await sweep();
      const final = await viewOrder(t.deps, order, integration);
      const line = (await getLines(t.deps, [{ storeId: 'store-a', sku: 'SKU-1' }])).get(pairKey('store-a', 'SKU-1'))!;
      if (final.status === 'picked_up') {
        expect(handover.status).toBe('fulfilled');
        expect(line.onHand).toBe(onHandBefore - 1); // the unit left the store
      } else {
        expect(final.status).toBe('expired');
        expect(handover.status).toBe('rejected');
        expect(line.onHand).toBe(onHandBefore);
        expect(availableNow(line, clock.now())).toBe(before); // the unit is free again
      }
    }
  });
});
