// Orders under what DynamoDB Local never does: transaction conflicts, injected at the document client.

import { describe, expect, it } from 'vitest';
import { changeStatus, createOrderBody, handOver, placeOrder } from '#shared/orders/index.ts';
import type { Actor } from '#shared/platform/actor.ts';
import { createDocumentClient } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { conflict, injectFault } from '#test/support/faults.ts';
import { rawItem, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';
import { useTestTable } from '#test/support/table.ts';

const t = useTestTable();
const body = (channelOrderId: string) =>
  createOrderBody.parse({
    channel: 'web',
    channelOrderId,
    customer: { email: `${channelOrderId.toLowerCase()}@example.com` },
    lines: [{ sku: 'SKU-1', quantity: 1, price: 100, fulfilment: 'pickup', storeId: 'store-a' }],
  });
const faulty = (times: number) => {
  const db = createDocumentClient({ endpoint: t.endpoint });
  injectFault(db, 'TransactWriteItems', times, conflict);
  return { ...t.deps, db };
};

describe('placing an order under transaction conflicts', () => {
  it('goes through once after a few conflicts', async () => {
    await seedStores(t.deps, [storeFixture({ storeId: 'store-a' })]);
    await seedStock(t.deps, [{ storeId: 'store-a', sku: 'SKU-1', onHand: 100 }]);
    const placed = await placeOrder(faulty(2), body('F-1'));
    expect(placed.created).toBe(true);
    expect(await rawItem(t.deps, keys.order(placed.order.orderId))).toBeDefined();
  });

  it('answers 409 "busy" when they persist, and writes nothing', async () => {
    await expect(placeOrder(faulty(99), body('F-2'))).rejects.toMatchObject({ kind: 'busy' });
    expect(await rawItem(t.deps, keys.channelOrder('web', 'F-2'))).toBeUndefined();
  });

  it('hands over once after a conflict, and not at all while conflicts persist', async () => {
    const { order, pickupCode } = await placeOrder(t.deps, body('F-3'));
    await changeStatus(t.deps, { orderId: order.orderId, to: 'ready_for_pickup' }, { kind: 'integration', clientId: 'test', scopes: [] });
    const actor: Actor = { kind: 'staff', userId: 'staff-1', storeId: 'store-a', role: 'associate' };
    const handover = { storeId: 'store-a', orderId: order.orderId, code: pickupCode! };
    await expect(handOver(faulty(99), handover, actor)).rejects.toMatchObject({ kind: 'busy' });
    expect((await rawItem(t.deps, keys.order(order.orderId)))?.status).toBe('ready_for_pickup');
    const done = await handOver(faulty(1), handover, actor);
    expect(done.status).toBe('picked_up');
  });
});
