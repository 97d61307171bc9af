// Over real HTTP: communication preferences, the customer's notifications (with their pickup
// code), the store's pickup policy, and the pickup deadline on the order.

import { describe, expect, it } from 'vitest';
import { createSweep } from '#functions/timers/sweep.ts';
import type { Sender } from '#shared/notifications/index.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { orderBody, rawItem, seedCustomer, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';

const api = useTestApi();
const valid = { channels: ['email', 'sms'], language: 'en', quietHours: { start: '22:00', end: '08:00' }, timeZone: 'Europe/Madrid' };

describe('PUT/GET /me/communication-preferences', () => {
  it('answers the defaults until set, then what was set', async () => {
    const token = await api.customer('c-prefs');
    const before = await api.call('GET', '/me/communication-preferences', { token });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ language: 'es', custom: false });
    const put = await api.call('PUT', '/me/communication-preferences', { token, body: valid });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...valid, custom: true });
    expect((await api.call('GET', '/me/communication-preferences', { token })).body).toMatchObject({ ...valid, custom: true });
  });

  it.each([
    [{ ...valid, channels: ['fax'] }, 'body.channels[0]'],
    [{ ...valid, channels: ['sms', 'sms'] }, 'body.channels'],
    [{ ...valid, language: 'fr' }, 'body.language'],
    [{ ...valid, timeZone: 'Mars/Olympus' }, 'body.timeZone'],
    [{ ...valid, quietHours: { start: '7pm', end: '08:00' } }, 'body.quietHours.start'],
    [{ ...valid, quietHours: { start: '22:00' } }, 'body.quietHours.end'],
    [{ ...valid, push: true }, 'body.push'],
    [{ language: 'es', timeZone: 'Europe/Madrid' }, 'body.channels'],
  ])('refuses %j with 400 naming %s, and writes nothing', async (body, path) => {
    const token = await api.customer('c-bad-prefs');
    const res = await api.call('PUT', '/me/communication-preferences', { token, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await rawItem(api.deps, keys.communicationPreferences('c-bad-prefs'))).toBeUndefined();
  });

  it('is for the signed-in customer only: 401 without a token, 403 for staff and integrations', async () => {
    expect((await api.call('GET', '/me/communication-preferences')).status).toBe(401);
    expect(
      (await api.call('PUT', '/me/communication-preferences', { token: await api.staff('store-a', 'admin'), body: valid })).status,
    ).toBe(403);
    expect((await api.call('GET', '/me/notifications', { token: await api.integration('orders/write') })).status).toBe(403);
  });

  it('100 PUTs at once: every one answered, and the stored set is one of them whole', async () => {
    const token = await api.customer('c-race-prefs');
    const bodies = Array.from({ length: 100 }, (_, i) => ({
      ...valid,
      language: i % 2 ? 'en' : 'es',
      channels: i % 3 ? ['email'] : ['sms'],
    }));
    const results = await Promise.all(bodies.map((body) => api.call('PUT', '/me/communication-preferences', { token, body })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = (await api.call('GET', '/me/communication-preferences', { token })).body;
    expect(bodies.some((b) => b.language === stored.language && JSON.stringify(b.channels) === JSON.stringify(stored.channels))).toBe(true);
  });
});

describe('the pickup policy, the deadline and GET /me/notifications', () => {
  it('store admins, regional staff and catalogue integrations set the policy; associates read it, but get 403 setting it', async () => {
    await seedStores(api.deps, [storeFixture({ storeId: 'store-a', name: 'Madrid Sol' }), storeFixture({ storeId: 'store-b' })]);
    const path = '/stores/store-a/pickup-policy';
    const associate = await api.staff('store-a');
    const got = await api.call('GET', path, { token: associate });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ storeId: 'store-a', holdDays: 7, reminderHoursBefore: 24, maxExtensionDays: 7, custom: false });
    const policy = { holdDays: 2, reminderHoursBefore: 12, maxExtensionDays: 3 };
    const refused = await api.call('PUT', path, { token: associate, body: policy });
    expect(refused.status).toBe(403);
    expect((await api.call('GET', '/stores/store-b/pickup-policy', { token: associate })).status).toBe(403);
    expect((await api.call('PUT', path, { token: await api.integration('orders/write'), body: policy })).status).toBe(403);
    for (const token of [
      await api.staff('store-b', 'regional'),
      await api.staff('store-a', 'admin'),
      await api.integration('catalog/write'),
    ]) {
      const res = await api.call('PUT', path, { token, body: policy });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ...policy, custom: true });
    }
    expect((await api.call('GET', path, { token: associate })).body).toMatchObject({ ...policy, custom: true });
    expect(
      (await api.call('PUT', '/stores/nowhere/pickup-policy', { token: await api.integration('catalog/write'), body: policy })).status,
    ).toBe(404);
  });

  it.each([
    [{ holdDays: 0, reminderHoursBefore: 1, maxExtensionDays: 0 }, 'body.holdDays'],
    [{ holdDays: 1, reminderHoursBefore: 24, maxExtensionDays: 0 }, 'body.reminderHoursBefore'],
    [{ holdDays: 1, reminderHoursBefore: 2, maxExtensionDays: -1 }, 'body.maxExtensionDays'],
    [{ holdDays: 1.5, reminderHoursBefore: 2, maxExtensionDays: 0 }, 'body.holdDays'],
    [{ holdDays: 3, reminderHoursBefore: 2 }, 'body.maxExtensionDays'],
    [{ holdDays: 3, reminderHoursBefore: 2, maxExtensionDays: 0, extra: 1 }, 'body.extra'],
  ])('refuses the policy %j with 400 naming %s', async (body, field) => {
    const res = await api.call('PUT', '/stores/store-b/pickup-policy', { token: await api.integration('catalog/write'), body });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await rawItem(api.deps, keys.pickupPolicy('store-b'))).toBeUndefined();
  });

  it('50 policy PUTs at once leave one of them whole', async () => {
    const token = await api.integration('catalog/write');
    const bodies = Array.from({ length: 50 }, (_, i) => ({ holdDays: 1 + (i % 5), reminderHoursBefore: i % 5, maxExtensionDays: i % 7 }));
    const results = await Promise.all(bodies.map((body) => api.call('PUT', '/stores/store-b/pickup-policy', { token, body })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const { holdDays, reminderHoursBefore, maxExtensionDays } = (await api.call('GET', '/stores/store-b/pickup-policy', { token })).body;
    expect(bodies).toContainEqual({ holdDays, reminderHoursBefore, maxExtensionDays });
  });

  it('a ready order shows its deadline; the customer finds the pickup code in GET /me/notifications, newest first, paged', async () => {
    await seedStock(api.deps, [{ storeId: 'store-a', sku: 'SKU-1', onHand: 10 }]);
    await seedCustomer(api.deps, 'c-pickup', { email: 'pickup@example.com' });
    const integration = await api.integration('orders/write');
    const placed = await api.call('POST', '/orders', {
      token: integration,
      body: orderBody({ channelOrderId: 'HTTP-1', customer: { customerId: 'c-pickup' } }),
    });
    expect(placed.status).toBe(201);
    const ready = await api.call('POST', `/orders/${placed.body.orderId}/status`, {
      token: integration,
      body: { status: 'ready_for_pickup' },
    });
    expect(ready.status).toBe(200);
    // Two days (Sol's policy) after it became ready, to the second.
    expect(Math.abs(Date.parse(ready.body.pickupDeadline) - Date.parse(ready.body.readyAt) - 2 * 24 * 3600_000)).toBeLessThan(1000);
    const pickups = await api.call('GET', '/stores/store-a/pickups', { token: await api.staff('store-a') });
    expect(pickups.body.items[0].pickupDeadline).toBe(ready.body.pickupDeadline);

    const sent: string[] = [];
    const sender: Sender = { send: async (m) => void sent.push(m.text) };
    await createSweep(api.deps, sender)();
    expect(sent).toHaveLength(1);
    const token = await api.customer('c-pickup');
    const first = await api.call('GET', '/me/notifications?limit=1', { token });
    expect(first.status).toBe(200);
    expect(first.body.items[0]).toMatchObject({
      kind: 'order.ready-for-pickup',
      channel: 'email',
      status: 'sent',
      to: 'pickup@example.com',
    });
    expect(first.body.items[0].text).toContain(placed.body.pickupCode);
    expect((await api.call('GET', `/me/notifications?cursor=${first.body.nextCursor ?? ''}`, { token })).status).toBe(
      first.body.nextCursor ? 200 : 400,
    );
    expect((await api.call('GET', '/me/notifications?limit=0', { token })).status).toBe(400);
    // Someone else's list is empty; their cursor is refused.
    const other = await api.customer('c-other');
    expect((await api.call('GET', '/me/notifications', { token: other })).body.items).toEqual([]);
  });
});
