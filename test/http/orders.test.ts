import { beforeAll, describe, expect, it } from 'vitest';
import { eventsAbout } from '#shared/platform/outbox.ts';
import { listTimeline } from '#shared/platform/timeline.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { orderBody, rawItem, seedCustomer, seedShipping, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';

const clock = fixedClock('2026-11-24T10:00:00Z'); // a Tuesday: the stores are open
const api = useTestApi({ clock });
let orders: string;

beforeAll(async () => {
  orders = await api.integration('orders/write');
  await seedStores(api.deps, [
    storeFixture({ storeId: 'store-a' }),
    storeFixture({ storeId: 'store-b' }),
    storeFixture({ storeId: 'store-noshow', services: [] }),
  ]);
  await seedStock(api.deps, [
    { storeId: 'store-a', sku: 'SKU-1', onHand: 1000 },
    { storeId: 'store-a', sku: 'SKU-2', onHand: 1000 },
    { storeId: 'store-b', sku: 'SKU-1', onHand: 1000 },
    { storeId: 'store-noshow', sku: 'SKU-1', onHand: 1000 },
  ]);
  await seedShipping(api.deps, { 'SKU-1': 1000 });
  await seedCustomer(api.deps, 'c-known', { phone: '+34 611 222 333', email: 'known@example.com' }, 'Known Customer');
});

const place = async (body: Record<string, unknown>, token = orders) => {
  clock.advance(1000); // each order a second later: ids (ULIDs of the time) sort newest first
  return api.call('POST', '/orders', { token, body });
};

describe('POST /orders', () => {
  it('places an order for an unknown identity on a new guest profile, with a pickup code shown once', async () => {
    const res = await place(orderBody({ channelOrderId: 'w-1001', customer: { email: 'New.Guest@Example.com', name: 'Nora Guest' } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'web',
      channelOrderId: 'W-1001',
      status: 'placed',
      total: 2999,
      pickupStoreId: 'store-a',
      guestCreated: true,
      pickupLocked: false,
    });
    expect(res.body.pickupCode).toMatch(/^\d{6}$/);
    expect(res.body.customerId).toMatch(/^guest-/);
    const guest = await api.call('POST', '/customers/lookup', { token: orders, body: { email: 'new.guest@example.com' } });
    expect(guest.body).toMatchObject({ customerId: res.body.customerId, guest: true, name: 'Nora Guest' });
    const stored = await rawItem(api.deps, keys.order(res.body.orderId));
    expect(stored?.pickupCodeHash).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(res.body.pickupCode);
    const timeline = await listTimeline(api.deps, res.body.customerId, { limit: 10 });
    expect(timeline.items.map((e) => e.type)).toContain('order.placed');
    expect((await eventsAbout(api.deps, `order#${res.body.orderId}`)).map((e) => e.type)).toEqual(['order.placed']);
  });

  it('is idempotent on the channel order id: the same order back (200, no code), another body refused', async () => {
    const body = orderBody({ channelOrderId: 'W-2002', customer: { email: 'idem@example.com' } });
    const first = await place(body);
    const again = await place(body);
    expect(again.status).toBe(200);
    expect(again.body.orderId).toBe(first.body.orderId);
    expect(again.body.pickupCode).toBeUndefined();
    const changed = await place({ ...body, currency: 'USD' });
    expect(changed.status).toBe(409);
    expect(changed.body.type).toBe('urn:omnistore:problem:channel-order-id-reused');
    // the same number in another channel is another order
    expect((await place({ ...body, channel: 'app' })).status).toBe(201);
  });

  it('places a channel order once when it arrives many times at once', async () => {
    const body = orderBody({ channelOrderId: 'W-RACE', customer: { email: 'race@example.com' } });
    const results = await Promise.all(Array.from({ length: 6 }, () => api.call('POST', '/orders', { token: orders, body })));
    // The first's order back, or "still in progress" while the first holds its stock (see idempotent-retries.test.ts).
    const answered = results.filter((r) => r.status !== 409);
    expect(answered.filter((r) => r.status === 201)).toHaveLength(1);
    expect(answered.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.type).toBe('urn:omnistore:problem:request-in-progress');
    expect(new Set(answered.map((r) => r.body.orderId)).size).toBe(1);
    const customerId = answered[0]!.body.customerId;
    expect(answered.every((r) => r.body.customerId === customerId)).toBe(true);
  });

  it('creates one guest when two orders of a new identity race', async () => {
    const results = await Promise.all(
      ['W-G1', 'W-G2', 'W-G3'].map((id) =>
        api.call('POST', '/orders', { token: orders, body: orderBody({ channelOrderId: id, customer: { phone: '+34 699 000 111' } }) }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.customerId)).size).toBe(1);
    expect(results.filter((r) => r.body.guestCreated)).toHaveLength(1);
  });

  it('finds a known customer by a phone typed another way, and the customer sees it in GET /me/orders', async () => {
    const res = await place(orderBody({ channelOrderId: 'CC-1', channel: 'contact_center', customer: { phone: '0034 611-222-333' } }));
    expect(res.status).toBe(201);
    expect(res.body.customerId).toBe('c-known');
    expect(res.body.guestCreated).toBeUndefined();
    const mine = await api.call('GET', '/me/orders', { token: await api.customer('c-known') });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((o: { orderId: string }) => o.orderId)).toContain(res.body.orderId);
  });

  it('takes a known customer by id; refuses an unknown id with 422 and writes nothing', async () => {
    const unknown = await place(orderBody({ channelOrderId: 'APP-7', channel: 'app', customer: { customerId: 'c-nobody' } }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('body.customer.customerId');
    const known = await place(orderBody({ channelOrderId: 'APP-7', channel: 'app', customer: { customerId: 'c-known' } }));
    expect(known.status).toBe(201); // the failed attempt left no claim behind
  });

  it('rejects identities of two different customers', async () => {
    await seedCustomer(api.deps, 'c-other', { email: 'other@example.com' });
    const res = await place(orderBody({ channelOrderId: 'W-MIX', customer: { email: 'other@example.com', phone: '+34611222333' } }));
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:omnistore:problem:identities-disagree');
  });

  it('keeps the purchase summary proximity reads: lower-case categories with the last purchase time', async () => {
    const first = await place(
      orderBody({
        channelOrderId: 'W-CAT',
        customer: { customerId: 'c-known' },
        lines: [
          { sku: 'SKU-1', quantity: 1, price: 1000, fulfilment: 'ship', category: 'Knitwear' },
          { sku: 'SKU-2', quantity: 2, price: 500, fulfilment: 'in_store', storeId: 'store-a', category: 'denim' },
        ],
      }),
    );
    expect(first.status).toBe(201);
    expect(first.body.total).toBe(2000);
    const summary = await rawItem(api.deps, keys.purchaseSummary('c-known'));
    expect(summary?.categories).toMatchObject({ knitwear: first.body.placedAt, denim: first.body.placedAt });
  });

  describe('bad input: 4xx problem+json naming the field, nothing written', () => {
    const line = { sku: 'SKU-1', quantity: 1, price: 100, fulfilment: 'pickup', storeId: 'store-a' };
    it.each([
      ['quantity zero', { lines: [{ ...line, quantity: 0 }] }, 400, 'body.lines[0].quantity'],
      ['a negative price', { lines: [{ ...line, price: -1 }] }, 400, 'body.lines[0].price'],
      ['an unknown channel', { channel: 'fax' }, 400, 'body.channel'],
      ['a pickup line without store', { lines: [{ ...line, storeId: undefined }] }, 400, 'body.lines[0].storeId'],
      ['a ship line with a store', { lines: [{ ...line, fulfilment: 'ship' }] }, 400, 'body.lines[0].storeId'],
      ['the same SKU twice', { lines: [line, line] }, 400, 'body.lines[1].sku'],
      ['pickup at two stores', { lines: [line, { ...line, sku: 'SKU-1B', storeId: 'store-b' }] }, 400, 'body.lines[1].storeId'],
      ['no customer', { customer: {} }, 400, 'body.customer'],
      ['both id and identity', { customer: { customerId: 'c-known', email: 'a@b.co' } }, 400, 'body.customer.customerId'],
      ['a malformed e-mail', { customer: { email: 'not-an-email' } }, 400, 'body.customer.email'],
      ['a phone that is no number', { customer: { phone: '12' } }, 400, 'body.customer.phone'],
      ['no lines', { lines: [] }, 400, 'body.lines'],
      ['an unknown store', { lines: [{ ...line, storeId: 'store-zz' }] }, 422, 'body.lines[0].storeId'],
      ['an unknown SKU', { lines: [{ ...line, sku: 'SKU-NOPE' }] }, 422, 'body.lines[0].sku'],
      ['pickup at a store without pickup', { lines: [{ ...line, storeId: 'store-noshow' }] }, 422, 'body.lines[0].storeId'],
      ['a placedAt in the future', { placedAt: '2030-01-01T00:00:00Z' }, 400, 'body.placedAt'],
    ])('%s → %i at %s', async (_what, patch, status, path) => {
      const body = orderBody({ channelOrderId: 'W-BAD', customer: { email: 'bad-input@example.com' }, ...patch });
      const res = await place(body);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await rawItem(api.deps, keys.channelOrder('web', 'W-BAD'))).toBeUndefined();
      const guest = await api.call('POST', '/customers/lookup', { token: orders, body: { email: 'bad-input@example.com' } });
      expect(guest.status).toBe(404);
    });
  });

  describe('who may place orders', () => {
    it('refuses no token (401), customers, staff and integrations without orders/write (403)', async () => {
      const body = orderBody({ channelOrderId: 'W-AUTH' });
      expect((await api.call('POST', '/orders', { body })).status).toBe(401);
      for (const token of [
        await api.customer('c-known'),
        await api.staff('store-a'),
        await api.integration('inventory/write', 'orders/read'),
      ]) {
        const res = await api.call('POST', '/orders', { token, body });
        expect(res.status).toBe(403);
      }
      expect(await rawItem(api.deps, keys.channelOrder('web', 'W-AUTH'))).toBeUndefined();
    });
  });
});

describe('status flow', () => {
  const setStatus = (orderId: string, status: string, token = orders) => {
    clock.advance(60_000);
    return api.call('POST', `/orders/${orderId}/status`, { token, body: { status } });
  };

  it('goes placed → ready_for_pickup → picked_up with a timestamp each, on the timeline', async () => {
    const { body: order } = await place(orderBody({ channelOrderId: 'W-FLOW', customer: { customerId: 'c-known' } }));
    const ready = await setStatus(order.orderId, 'ready_for_pickup');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready_for_pickup', readyAt: clock.now().toISOString() });
    const again = await setStatus(order.orderId, 'ready_for_pickup');
    expect(again.body.readyAt).toBe(ready.body.readyAt); // repeating changes nothing
    const picked = await setStatus(order.orderId, 'picked_up');
    expect(picked.body).toMatchObject({ status: 'picked_up', placedAt: order.placedAt, readyAt: ready.body.readyAt });
    expect(picked.body.pickedUpAt).toBe(clock.now().toISOString());
    const timeline = await listTimeline(api.deps, 'c-known', { limit: 5 });
    expect(timeline.items.slice(0, 3).map((e) => e.type)).toEqual(['order.picked_up', 'order.ready_for_pickup', 'order.placed']);
    expect(await setStatus(order.orderId, 'cancelled').then((r) => r.status)).toBe(409);
  });

  it('refuses changes the flow does not allow with 409', async () => {
    const { body: ship } = await place(
      orderBody({
        channelOrderId: 'W-SHIP',
        lines: [{ sku: 'SKU-1', quantity: 1, price: 100, fulfilment: 'ship' }],
      }),
    );
    const notPickup = await setStatus(ship.orderId, 'ready_for_pickup');
    expect(notPickup.status).toBe(409);
    const { body: pickup } = await place(orderBody({ channelOrderId: 'W-SKIP' }));
    expect((await setStatus(pickup.orderId, 'picked_up')).status).toBe(409);
    expect((await api.call('GET', `/orders/${pickup.orderId}`, { token: orders })).body.status).toBe('placed');
  });

  it('ships and delivers a ship order (integrations only), each with its time, timeline entry and event', async () => {
    const { body: ship } = await place(
      orderBody({
        channelOrderId: 'W-CARRIER',
        customer: { customerId: 'c-known' },
        lines: [{ sku: 'SKU-1', quantity: 1, price: 100, fulfilment: 'ship' }],
      }),
    );
    expect((await setStatus(ship.orderId, 'delivered')).status).toBe(409); // not shipped yet
    expect((await setStatus(ship.orderId, 'shipped', await api.staff('store-a'))).status).toBe(403);
    expect((await setStatus(ship.orderId, 'shipped', await api.customer('c-known'))).status).toBe(403);
    const shipped = await setStatus(ship.orderId, 'shipped');
    expect(shipped.body).toMatchObject({ status: 'shipped', shippedAt: clock.now().toISOString() });
    expect((await setStatus(ship.orderId, 'cancelled')).status).toBe(409); // on its way: returned once delivered
    const delivered = await setStatus(ship.orderId, 'delivered');
    expect(delivered.body).toMatchObject({
      status: 'delivered',
      shippedAt: shipped.body.shippedAt,
      deliveredAt: clock.now().toISOString(),
    });
    const timeline = await listTimeline(api.deps, 'c-known', { limit: 2 });
    expect(timeline.items.map((e) => e.type)).toEqual(['order.delivered', 'order.shipped']);
    const events = await eventsAbout(api.deps, `order#${ship.orderId}`);
    expect(events.map((e) => e.type)).toEqual(['order.placed', 'order.shipped', 'order.delivered']);
    // a pickup order is handed over, never shipped
    const { body: pickup } = await place(orderBody({ channelOrderId: 'W-NOSHIP' }));
    const refused = await setStatus(pickup.orderId, 'shipped');
    expect(refused.status).toBe(409);
    expect(refused.body.status).toBe(409);
  });

  it("lets staff of the pickup store mark it ready or cancel it, not other stores' staff, and never picked_up without the code", async () => {
    const { body: order } = await place(orderBody({ channelOrderId: 'W-STAFF' }));
    expect((await setStatus(order.orderId, 'ready_for_pickup', await api.staff('store-b'))).status).toBe(403);
    expect((await setStatus(order.orderId, 'ready_for_pickup', await api.staff('store-a'))).status).toBe(200);
    expect((await setStatus(order.orderId, 'picked_up', await api.staff('store-a'))).status).toBe(403);
    expect((await setStatus(order.orderId, 'cancelled', await api.customer(order.customerId))).status).toBe(403);
    expect((await setStatus(order.orderId, 'cancelled', await api.integration('orders/read'))).status).toBe(403);
    expect((await setStatus(order.orderId, 'cancelled', await api.staff('store-a', 'regional'))).status).toBe(200);
  });

  it('lets exactly one of two racing changes win', async () => {
    const { body: order } = await place(orderBody({ channelOrderId: 'W-RACE2' }));
    await setStatus(order.orderId, 'ready_for_pickup');
    // Whichever lands first, the other is no longer allowed.
    const [a, b] = await Promise.all([
      api.call('POST', `/orders/${order.orderId}/status`, { token: orders, body: { status: 'picked_up' } }),
      api.call('POST', `/orders/${order.orderId}/status`, { token: orders, body: { status: 'cancelled' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const final = await api.call('GET', `/orders/${order.orderId}`, { token: orders });
    expect(final.body.status).toBe((a.status === 200 ? a : b).body.status);
  });

  it('answers 404 for an unknown order and 400 for a malformed id or status', async () => {
    expect((await setStatus('01JZZZZZZZZZZZZZZZZZZZZZZZ', 'cancelled')).status).toBe(404);
    const bad = await setStatus('nope', 'cancelled');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('path.orderId');
    const { body: order } = await place(orderBody({ channelOrderId: 'W-BADSTATUS' }));
    const wrong = await setStatus(order.orderId, 'returned');
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].path).toBe('body.status');
  });
});

describe('reading orders', () => {
  it('shows a customer only their own orders', async () => {
    const { body: order } = await place(orderBody({ channelOrderId: 'W-MINE', customer: { customerId: 'c-known' } }));
    expect((await api.call('GET', `/orders/${order.orderId}`, { token: await api.customer('c-known') })).status).toBe(200);
    expect((await api.call('GET', `/orders/${order.orderId}`, { token: await api.customer('c-stranger') })).status).toBe(404);
    const theirs = await api.call('GET', '/me/orders', { token: await api.customer('c-stranger') });
    expect(theirs.body.items).toEqual([]);
    expect((await api.call('GET', `/orders/${order.orderId}`, { token: await api.staff('store-b') })).status).toBe(403);
    expect((await api.call('GET', `/orders/${order.orderId}`, { token: await api.staff('store-a') })).status).toBe(200);
  });

  it('pages GET /me/orders newest first', async () => {
    await seedCustomer(api.deps, 'c-pages');
    const ids: string[] = [];
    for (const n of [1, 2, 3])
      ids.push((await place(orderBody({ channelOrderId: `P-${n}`, customer: { customerId: 'c-pages' } }))).body.orderId);
    const token = await api.customer('c-pages');
    const first = await api.call('GET', '/me/orders?limit=2', { token });
    expect(first.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([ids[2], ids[1]]);
    const second = await api.call('GET', `/me/orders?limit=2&cursor=${first.body.nextCursor}`, { token });
    expect(second.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([ids[0]]);
    const forged = await api.call('GET', `/me/orders?cursor=${first.body.nextCursor}`, { token: await api.customer('c-known') });
    expect(forged.status).toBe(400);
    expect((await api.call('GET', '/me/orders?limit=500', { token })).status).toBe(400);
  });
});

describe('POST /orders/{orderId}/pickup-code', () => {
  it('gives the customer a new code; others cannot', async () => {
    const { body: order } = await place(orderBody({ channelOrderId: 'W-CODE', customer: { customerId: 'c-known' } }));
    const res = await api.call('POST', `/orders/${order.orderId}/pickup-code`, { token: await api.customer('c-known') });
    expect(res.status).toBe(200);
    expect(res.body.pickupCode).toMatch(/^\d{6}$/);
    expect((await api.call('POST', `/orders/${order.orderId}/pickup-code`, { token: await api.customer('c-stranger') })).status).toBe(404);
    expect((await api.call('POST', `/orders/${order.orderId}/pickup-code`, { token: await api.staff('store-a') })).status).toBe(403);
    const { body: ship } = await place(
      orderBody({ channelOrderId: 'W-CODE2', lines: [{ sku: 'SKU-1', quantity: 1, price: 1, fulfilment: 'ship' }] }),
    );
    expect((await api.call('POST', `/orders/${ship.orderId}/pickup-code`, { token: orders })).status).toBe(409);
  });
});

describe('erasure (DELETE /me)', () => {
  it("takes the customer's orders and purchase summary with it; the channel id then answers 409", async () => {
    await seedCustomer(api.deps, 'c-erase');
    const body = orderBody({ channelOrderId: 'W-ERASE', customer: { customerId: 'c-erase' } });
    const { body: order } = await place(body);
    const token = await api.customer('c-erase');
    expect((await api.call('DELETE', '/me', { token })).status).toBe(204);
    expect((await api.call('GET', `/orders/${order.orderId}`, { token: orders })).status).toBe(404);
    expect(await rawItem(api.deps, keys.purchaseSummary('c-erase'))).toBeUndefined();
    const pickups = await api.call('GET', '/stores/store-a/pickups?status=placed', { token: await api.staff('store-a') });
    expect(pickups.body.items.map((p: { orderId: string }) => p.orderId)).not.toContain(order.orderId);
    const again = await place(body);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:omnistore:problem:order-erased');
  });
});
