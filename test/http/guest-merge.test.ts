// A guest checkout becomes part of the customer who signs up and attaches the same identity.

import { beforeAll, describe, expect, it } from 'vitest';
import { listTimeline } from '#shared/platform/timeline.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { orderBody, rawItem, seedCustomer, seedShipping, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';

const clock = fixedClock('2026-11-24T10:00:00Z');
const api = useTestApi({ clock });
let orders: string;

beforeAll(async () => {
  orders = await api.integration('orders/write');
  await seedStores(api.deps, [storeFixture({ storeId: 'store-a' })]);
  await seedStock(api.deps, [{ storeId: 'store-a', sku: 'SKU-1', onHand: 1000 }]);
  await seedShipping(api.deps, { 'SKU-1': 1000, 'SKU-9': 1000 });
});

const place = async (body: Record<string, unknown>) => {
  clock.advance(1000);
  return (await api.call('POST', '/orders', { token: orders, body })).body;
};

describe('PUT /me/identities/{kind} over a guest profile', () => {
  it("takes over the guest's identity with its orders, pickups and purchases", async () => {
    const guestOrder = await place(orderBody({ channelOrderId: 'G-1', customer: { email: 'marta@example.com', name: 'Marta' } }));
    const shipped = await place(
      orderBody({
        channelOrderId: 'G-2',
        customer: { email: 'marta@example.com' },
        lines: [{ sku: 'SKU-9', quantity: 1, price: 500, fulfilment: 'ship', category: 'shoes' }],
      }),
    );
    const guestId = guestOrder.customerId as string;
    expect(shipped.customerId).toBe(guestId);

    // Cognito verified this e-mail for the signed-in user (email_verified in the ID token).
    const token = await api.issuer.sign({ customer: 'c-marta', email: 'Marta@Example.com' });
    const res = await api.call('PUT', '/me/identities/email', { token, body: { value: 'MARTA@example.com' } });
    expect(res.status).toBe(200);
    expect(res.body.identities.email).toBe('marta@example.com');

    const mine = await api.call('GET', '/me/orders', { token });
    expect(mine.body.items.map((o: { channelOrderId: string; customerId: string }) => [o.channelOrderId, o.customerId])).toEqual([
      ['G-2', 'c-marta'],
      ['G-1', 'c-marta'],
    ]);
    const guest = await rawItem(api.deps, keys.profile(guestId));
    expect(guest).toMatchObject({ guest: true, mergedInto: 'c-marta', identities: {} });
    // The pickup waiting at the store is now the customer's.
    const pickups = await api.call('GET', '/stores/store-a/pickups?status=placed', { token: await api.staff('store-a') });
    expect(pickups.body.items.map((p: { customerId: string }) => p.customerId)).toEqual(['c-marta']);
    expect((await rawItem(api.deps, keys.purchaseSummary('c-marta')))?.categories).toMatchObject({
      denim: guestOrder.placedAt,
      shoes: shipped.placedAt,
    });
    const timeline = await listTimeline(api.deps, 'c-marta', { limit: 10 });
    expect(timeline.items.map((e) => e.type)).toEqual(expect.arrayContaining(['guest.merged', 'order.linked', 'identity.added']));
    expect(timeline.items.filter((e) => e.type === 'order.linked')).toHaveLength(2);

    // The next order with that e-mail goes straight to the customer; the order can be handed over as theirs.
    const later = await place(orderBody({ channelOrderId: 'G-3', customer: { email: 'marta@example.com' } }));
    expect(later.customerId).toBe('c-marta');
    expect(
      (await api.call('POST', `/orders/${guestOrder.orderId}/status`, { token: orders, body: { status: 'ready_for_pickup' } })).status,
    ).toBe(200);
  });

  it('moves more orders than one transaction holds', async () => {
    for (let i = 0; i < 30; i++) {
      await place(
        orderBody({
          channelOrderId: `BULK-${i}`,
          customer: { phone: '+34 655 000 001' },
          lines: [{ sku: 'SKU-1', quantity: 1, price: 1, fulfilment: 'ship' }],
        }),
      );
    }
    const token = await api.issuer.sign({ customer: 'c-bulk', phone: '+34655000001' });
    expect((await api.call('PUT', '/me/identities/phone', { token, body: { value: '655 000 001' } })).status).toBe(200);
    const first = await api.call('GET', '/me/orders?limit=100', { token });
    expect(first.body.items).toHaveLength(30);
  });

  it("does not hand a guest's orders to someone whose token does not carry that identity verified", async () => {
    const guestOrder = await place(orderBody({ channelOrderId: 'V-1', customer: { email: 'victim@example.com' } }));
    const unverified = await api.call('PUT', '/me/identities/email', {
      token: await api.customer('c-snoop'),
      body: { value: 'victim@example.com' },
    });
    expect(unverified.status).toBe(409);
    expect(unverified.body.type).toBe('urn:omnistore:problem:identity-taken');
    const otherEmail = await api.issuer.sign({ customer: 'c-snoop2', email: 'snoop@example.com' });
    expect((await api.call('PUT', '/me/identities/email', { token: otherEmail, body: { value: 'victim@example.com' } })).status).toBe(409);
    expect((await api.call('GET', '/me/orders', { token: await api.customer('c-snoop') })).body.items).toEqual([]);
    expect((await rawItem(api.deps, keys.profile(guestOrder.customerId as string)))?.identities).toEqual({ email: 'victim@example.com' });
  });

  it('never takes an identity a real customer owns', async () => {
    await seedCustomer(api.deps, 'c-owner', { email: 'owner@example.com' });
    // Even with the e-mail verified: a real customer's identity is never taken over.
    const thief = await api.issuer.sign({ customer: 'c-thief', email: 'owner@example.com' });
    const res = await api.call('PUT', '/me/identities/email', { token: thief, body: { value: 'owner@example.com' } });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:omnistore:problem:identity-taken');
  });
});
