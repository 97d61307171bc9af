// The notifications module's part of an erasure and an export: preferences, messages (their
// pickup codes), the code kept for the message and the send timers of waiting messages go.

import { describe, expect, it } from 'vitest';
import { createSweep } from '#functions/timers/sweep.ts';
import { exportCustomer, type Sender, setPreferences } from '#shared/notifications/index.ts';
import { changeStatus, createOrderBody, placeOrder } from '#shared/orders/index.ts';
import { eraseCustomer } from '#shared/privacy/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { QueryCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { orderBody, rawItem, seedCustomer, seedStock, seedStores, storeFixture } from '../support/orders.ts';
import { useTestTable } from '../support/table.ts';

const clock = fixedClock('2026-11-24T21:30:00Z'); // 22:30 in Madrid: inside the quiet hours below
const t = useTestTable({ clock });
const sender: Sender = { send: async () => undefined };

describe('export and erasure', () => {
  it('exports preferences and messages; erasure removes them, the order with its pickup code, and the waiting send timers', async () => {
    await seedStores(t.deps, [storeFixture({ storeId: 'store-a' })]);
    await seedStock(t.deps, [{ storeId: 'store-a', sku: 'SKU-1', onHand: 5 }]);
    await seedCustomer(t.deps, 'c-gone', { email: 'gone@example.com', phone: '+34 600 000 001' });
    await setPreferences(t.deps, 'c-gone', {
      channels: ['email', 'sms'],
      language: 'en',
      quietHours: { start: '22:00', end: '08:00' },
      timeZone: 'Europe/Madrid',
    });
    const placed = await placeOrder(
      t.deps,
      createOrderBody.parse(orderBody({ channelOrderId: 'GONE-1', customer: { customerId: 'c-gone' } })),
    );
    const orderId = placed.order.orderId;
    await changeStatus(t.deps, { orderId, to: 'ready_for_pickup' }, { kind: 'integration', clientId: 't', scopes: ['orders/write'] });
    await createSweep(t.deps, sender)();

    const exported = await exportCustomer(t.deps, 'c-gone');
    expect(exported.communicationPreferences).toMatchObject({ channels: ['email', 'sms'], language: 'en' });
    expect(exported.notifications.map((m) => [m.channel, m.status])).toEqual(
      expect.arrayContaining([
        ['email', 'scheduled'],
        ['sms', 'scheduled'],
      ]),
    );
    const messageId = exported.notifications[0]!.messageId;
    const sendTimer = keys.timer(`notify-send#c-gone#${messageId}`);
    expect(await rawItem(t.deps, sendTimer)).toBeDefined();
    expect(JSON.stringify(await rawItem(t.deps, keys.order(orderId)))).not.toContain(placed.pickupCode); // sealed

    await eraseCustomer(t.deps, 'c-gone');
    expect(await rawItem(t.deps, sendTimer)).toBeUndefined();
    expect(await rawItem(t.deps, keys.order(orderId))).toBeUndefined(); // the order, and the code on it
    expect(await rawItem(t.deps, keys.communicationPreferences('c-gone'))).toBeUndefined();
    const left = await t.deps.db.send(
      new QueryCommand({
        TableName: t.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.customerPartition('c-gone') },
      }),
    );
    expect(left.Items).toEqual([]);
    expect(await exportCustomer(t.deps, 'c-gone')).toEqual({ communicationPreferences: null, notifications: [] });
  });
});
