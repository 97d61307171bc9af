import { beforeAll, describe, expect, it } from 'vitest';
import { timelinePut } from '#shared/platform/timeline.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { PutCommand, QueryCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { transactWrite } from '#shared/table/transact.ts';
import { useTestApi } from '#test/support/api.ts';
import { orderBody, rawItem, seedCustomer, seedShipping, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';

const clock = fixedClock('2026-11-24T10:00:00Z'); // Tuesday, 11:00 in Madrid
const api = useTestApi({ clock });
let orders: string;
let staffA: string;
const placed: Record<string, { orderId: string; pickupCode?: string; channelOrderId: string }> = {};

const place = async (body: Record<string, unknown>) => {
  clock.advance(1000);
  const res = await api.call('POST', '/orders', { token: orders, body });
  expect(res.status).toBe(201);
  placed[res.body.channelOrderId] = res.body;
  return res.body;
};
const setStatus = (orderId: string, status: string) => api.call('POST', `/orders/${orderId}/status`, { token: orders, body: { status } });
const search = (q: string, token = staffA, storeId = 'store-a') =>
  api.call('GET', `/stores/${storeId}/customers?q=${encodeURIComponent(q)}`, { token });

beforeAll(async () => {
  orders = await api.integration('orders/write');
  staffA = await api.staff('store-a');
  await seedStores(api.deps, [storeFixture({ storeId: 'store-a' }), storeFixture({ storeId: 'store-b' })]);
  await seedStock(api.deps, [
    { storeId: 'store-a', sku: 'SKU-1', onHand: 1000 },
    { storeId: 'store-b', sku: 'SKU-1', onHand: 1000 },
  ]);
  await seedShipping(api.deps, { 'SKU-1': 1000 });
  await seedCustomer(
    api.deps,
    'c-lucia',
    { email: 'lucia@example.com', phone: '+34 612 345 678', loyalty: 'OMNI-100234' },
    'Lucía Fernández',
  );
  const customer = { customerId: 'c-lucia' };
  await place(orderBody({ channelOrderId: 'W-1', customer, lines: [{ sku: 'SKU-1', quantity: 1, price: 100, fulfilment: 'ship' }] }));
  await place(orderBody({ channelOrderId: 'APP-2', channel: 'app', customer }));
  await place(
    orderBody({
      channelOrderId: 'CC-3',
      channel: 'contact_center',
      customer,
      lines: [{ sku: 'SKU-1', quantity: 1, price: 100, fulfilment: 'pickup', storeId: 'store-b' }],
    }),
  );
  const ready = await place(orderBody({ channelOrderId: 'W-4', customer }));
  expect((await setStatus(ready.orderId, 'ready_for_pickup')).status).toBe(200);

  // Appointments (the appointments context's items on GSI1): yesterday, today, next week, one cancelled.
  const appt = (id: string, start: string, status = 'booked') =>
    api.deps.db.send(
      new PutCommand({
        TableName: api.deps.tableName,
        Item: {
          PK: `APPOINTMENT#${id}`,
          SK: 'APPOINTMENT',
          ...keys.customerAppointment('c-lucia', start, id),
          entity: 'appointment',
          appointmentId: id,
          storeId: 'store-a',
          customerId: 'c-lucia',
          start,
          status,
          serviceName: 'Styling',
          stylistName: 'Eva',
        },
      }),
    );
  await Promise.all([
    appt('A-YESTERDAY', '2026-11-23T09:00:00.000Z'),
    appt('A-TODAY', '2026-11-24T08:00:00.000Z'), // 09:00 Madrid, earlier today: still today's
    appt('A-CANCELLED', '2026-11-25T09:00:00.000Z', 'cancelled'),
    appt('A-NEXTWEEK', '2026-12-01T09:00:00.000Z'),
  ]);
  // Proximity's presence and visit entries.
  await api.deps.db.send(
    new PutCommand({
      TableName: api.deps.tableName,
      Item: {
        PK: keys.customerPartition('c-lucia'),
        SK: 'PRESENCE',
        customerId: 'c-lucia',
        storeId: 'store-a',
        since: '2026-11-24T09:55:00.000Z',
        expiresAt: Math.floor(Date.parse('2026-11-24T10:15:00Z') / 1000),
      },
    }),
  );
  await transactWrite(api.deps, [
    timelinePut(api.deps, 'c-lucia', { type: 'store.visited', summary: 'Visited Store store-a', ref: { storeId: 'store-a' } }),
  ]);
});

describe('GET /stores/{storeId}/customers', () => {
  it.each([
    ['a phone typed with spaces', '612 34 56 78', 'phone'],
    ['a phone with 0034 and dashes', '0034-612-345-678', 'phone'],
    ['a phone with +34 and brackets', '+34 (612) 345 678', 'phone'],
    ['a phone whose + was not URL-encoded', ' 34 612 345 678', 'phone'],
    ['an e-mail in capitals', ' LUCIA@Example.com ', 'email'],
    ['a loyalty number with spaces', 'omni 100234', 'loyalty'],
    ['a channel order number in lower case', 'app-2', 'order'],
  ])('finds the customer by %s', async (_what, q, matchedBy) => {
    const res = await search(q);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ customerId: 'c-lucia', matchedBy, name: 'Lucía Fernández', loyaltyTier: 'none', guest: false });
  });

  it('finds the customer by our order id', async () => {
    const res = await search(placed['CC-3']!.orderId.toLowerCase());
    expect(res.body).toMatchObject({ customerId: 'c-lucia', matchedBy: 'order' });
  });

  it('shows the whole card: orders from every channel newest first, pickups here, appointments, presence, visits', async () => {
    const res = await search('612345678');
    const card = res.body;
    expect(card.orders.items.map((o: { channelOrderId: string }) => o.channelOrderId)).toEqual(['W-4', 'CC-3', 'APP-2', 'W-1']);
    expect(card.orders.items[0]).not.toHaveProperty('pickupCodeHash');
    expect(card.pickupsHere.ready.map((p: { channelOrderId: string }) => p.channelOrderId)).toEqual(['W-4']);
    expect(card.pickupsHere.preparing.map((p: { channelOrderId: string }) => p.channelOrderId)).toEqual(['APP-2']); // CC-3 waits at store-b
    expect(card.appointments.map((a: { appointmentId: string }) => a.appointmentId)).toEqual(['A-TODAY', 'A-NEXTWEEK']);
    expect(card.presence).toEqual({ inThisStore: true, storeId: 'store-a', since: '2026-11-24T09:55:00.000Z' });
    expect(card.recentVisits).toEqual([expect.objectContaining({ storeId: 'store-a', summary: 'Visited Store store-a' })]);
    expect(card.consents).toEqual({ marketing: false, proximity: false });
  });

  it("pages the card's orders", async () => {
    const first = await api.call('GET', '/stores/store-a/customers?q=lucia@example.com&limit=3', { token: staffA });
    expect(first.body.orders.items).toHaveLength(3);
    const next = await api.call('GET', `/stores/store-a/customers?q=lucia@example.com&limit=3&cursor=${first.body.orders.nextCursor}`, {
      token: staffA,
    });
    expect(next.body.orders.items.map((o: { channelOrderId: string }) => o.channelOrderId)).toEqual(['W-1']);
  });

  it('shows presence in another store as not here, and a lapsed presence as absent', async () => {
    clock.advance(30 * 60_000); // presence expired
    const res = await search('lucia@example.com');
    expect(res.body.presence).toEqual({ inThisStore: false });
    clock.set('2026-11-24T10:05:00Z');
  });

  it('answers 404 for nobody and 404 for an unknown store', async () => {
    expect((await search('nobody@example.com')).status).toBe(404);
    expect((await search('+34 600 000 000')).status).toBe(404);
    const noStore = await search('lucia@example.com', await api.staff('store-zz'), 'store-zz');
    expect(noStore.status).toBe(404);
  });

  it('refuses bad input with 400', async () => {
    const short = await search('ab');
    expect(short.status).toBe(400);
    expect(short.body.errors[0].path).toBe('query.q');
    expect((await api.call('GET', '/stores/store-a/customers', { token: staffA })).status).toBe(400);
    expect((await api.call('GET', '/stores/store-a/customers?q=lucia@example.com&limit=0', { token: staffA })).status).toBe(400);
  });

  it('is for staff of this store only (403 for other stores, customers, integrations)', async () => {
    expect((await search('lucia@example.com', await api.staff('store-b'))).status).toBe(403);
    expect((await search('lucia@example.com', await api.customer('c-lucia'))).status).toBe(403);
    expect((await search('lucia@example.com', await api.integration('customers/read', 'orders/write'))).status).toBe(403);
    expect((await api.call('GET', '/stores/store-a/customers?q=lucia@example.com')).status).toBe(401);
    expect((await search('lucia@example.com', await api.staff('store-b', 'regional'))).status).toBe(200);
  });

  it('audits every lookup — who, whom, how, when — without the text typed', async () => {
    const token = await api.issuer.sign({ staff: 'staff-auditor', storeId: 'store-a', role: 'associate' });
    await search('+34 612 345 678', token);
    clock.advance(1000); // entries sort by time
    await search('nobody-here@example.com', token);
    const day = clock.now().toISOString().slice(0, 10);
    const res = await api.deps.db.send(
      new QueryCommand({
        TableName: api.deps.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.lookupAudit('store-a', day, '').PK },
      }),
    );
    const mine = (res.Items ?? []).filter((i) => i.actor === 'staff-auditor');
    expect(mine).toEqual([
      expect.objectContaining({
        storeId: 'store-a',
        actorRole: 'associate',
        result: 'found',
        customerRef: await api.deps.hashIdentity('audit-customer', 'c-lucia'),
        matchedBy: 'phone',
        at: expect.any(String),
      }),
      expect.objectContaining({ result: 'not_found' }),
    ]);
    expect(mine[1]).not.toHaveProperty('customerRef');
    const text = JSON.stringify(res.Items);
    expect(text).not.toContain('c-lucia'); // pseudonymised
    // The typed number in any of its forms (not a bare '612', which a random entry id may hold).
    for (const typed of ['612 345 678', '612345678', '+34612345678']) expect(text).not.toContain(typed);
    expect(text).not.toContain('nobody-here');
  });
});

describe('GET /stores/{storeId}/pickups', () => {
  it('lists what to hand over at this store, with names; status=placed lists what to prepare', async () => {
    const ready = await api.call('GET', '/stores/store-a/pickups?status=ready', { token: staffA });
    expect(ready.status).toBe(200);
    expect(ready.body.items).toEqual([
      expect.objectContaining({ channelOrderId: 'W-4', customerName: 'Lucía Fernández', status: 'ready_for_pickup', pickupLocked: false }),
    ]);
    expect(ready.body.items[0].lines).toEqual([{ sku: 'SKU-1', quantity: 1 }]);
    const preparing = await api.call('GET', '/stores/store-a/pickups?status=placed', { token: staffA });
    expect(preparing.body.items.map((p: { channelOrderId: string }) => p.channelOrderId)).toEqual(['APP-2']);
    const b = await api.call('GET', '/stores/store-b/pickups?status=placed', { token: await api.staff('store-b') });
    expect(b.body.items.map((p: { channelOrderId: string }) => p.channelOrderId)).toEqual(['CC-3']);
  });

  it('refuses staff of another store (403) and bad status (400); orders/read integrations may list', async () => {
    expect((await api.call('GET', '/stores/store-b/pickups', { token: staffA })).status).toBe(403);
    expect((await api.call('GET', '/stores/store-a/pickups', { token: await api.customer('c-lucia') })).status).toBe(403);
    expect((await api.call('GET', '/stores/store-a/pickups?status=gone', { token: staffA })).status).toBe(400);
    expect((await api.call('GET', '/stores/store-a/pickups', { token: await api.integration('orders/read') })).status).toBe(200);
  });
});

describe('POST /stores/{storeId}/pickups/{orderId}/handover', () => {
  const handover = (orderId: string, code: string, token = staffA, storeId = 'store-a') =>
    api.call('POST', `/stores/${storeId}/pickups/${orderId}/handover`, { token, body: { code } });
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

  it('hands over with the right code, once', async () => {
    const order = await place(orderBody({ channelOrderId: 'W-HAND', customer: { customerId: 'c-lucia' } }));
    await setStatus(order.orderId, 'ready_for_pickup');
    const res = await handover(order.orderId, order.pickupCode!);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'picked_up', pickedUpAt: clock.now().toISOString() });
    expect((await rawItem(api.deps, keys.order(order.orderId)))?.pickedUpBy).toBe('staff-store-a');
    const again = await handover(order.orderId, order.pickupCode!);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:omnistore:problem:order-not-ready');
    // RFC 9457: `status` is the HTTP status; the order's own status has its own member.
    expect(again.body).toMatchObject({ status: 409, orderStatus: 'picked_up' });
    const list = await api.call('GET', '/stores/store-a/pickups?status=ready', { token: staffA });
    expect(list.body.items.map((p: { orderId: string }) => p.orderId)).not.toContain(order.orderId);
  });

  it('counts wrong codes and locks after five; a re-issued code unlocks', async () => {
    const order = await place(orderBody({ channelOrderId: 'W-LOCK', customer: { customerId: 'c-lucia' } }));
    await setStatus(order.orderId, 'ready_for_pickup');
    const bad = wrong(order.pickupCode!);
    for (let left = 4; left >= 1; left--) {
      const res = await handover(order.orderId, bad);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ type: 'urn:omnistore:problem:wrong-pickup-code', attemptsLeft: left });
    }
    expect((await handover(order.orderId, bad)).status).toBe(423);
    expect((await handover(order.orderId, order.pickupCode!)).status).toBe(423); // even the right code, now
    const stored = await rawItem(api.deps, keys.order(order.orderId));
    expect(stored).toMatchObject({ status: 'ready_for_pickup', pickupFailures: 5 });
    const card = await search('lucia@example.com');
    expect(card.body.pickupsHere.ready.find((p: { orderId: string }) => p.orderId === order.orderId).pickupLocked).toBe(true);

    const fresh = await api.call('POST', `/orders/${order.orderId}/pickup-code`, { token: await api.customer('c-lucia') });
    expect((await handover(order.orderId, order.pickupCode!)).status).toBe(422); // the old code is gone
    expect((await handover(order.orderId, fresh.body.pickupCode)).status).toBe(200);
  });

  it('counts wrong codes sent at once exactly: no more than five get through', async () => {
    const order = await place(orderBody({ channelOrderId: 'W-BRUTE', customer: { customerId: 'c-lucia' } }));
    await setStatus(order.orderId, 'ready_for_pickup');
    const bad = wrong(order.pickupCode!);
    const results = await Promise.all(Array.from({ length: 8 }, () => handover(order.orderId, bad)));
    expect(results.filter((r) => r.status === 422).length).toBeLessThanOrEqual(4);
    expect(results.every((r) => r.status === 422 || r.status === 423 || r.status === 409)).toBe(true);
    expect((await rawItem(api.deps, keys.order(order.orderId)))?.pickupFailures).toBe(5);
  });

  it('hands over exactly once when two tablets try at the same moment', async () => {
    const order = await place(orderBody({ channelOrderId: 'W-TWICE', customer: { customerId: 'c-lucia' } }));
    await setStatus(order.orderId, 'ready_for_pickup');
    const results = await Promise.all([handover(order.orderId, order.pickupCode!), handover(order.orderId, order.pickupCode!)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('refuses an order not ready, one of another store, staff of another store — changing nothing', async () => {
    const order = await place(orderBody({ channelOrderId: 'W-NOTREADY', customer: { customerId: 'c-lucia' } }));
    const notReady = await handover(order.orderId, order.pickupCode!);
    expect(notReady.status).toBe(409);
    await setStatus(order.orderId, 'ready_for_pickup');
    const elsewhere = await handover(order.orderId, order.pickupCode!, await api.staff('store-b'), 'store-b');
    expect(elsewhere.status).toBe(404);
    expect((await handover(order.orderId, order.pickupCode!, await api.staff('store-b'))).status).toBe(403);
    expect((await handover(order.orderId, order.pickupCode!, orders)).status).toBe(403);
    expect((await handover('01JZZZZZZZZZZZZZZZZZZZZZZZ', '123456')).status).toBe(404);
    const malformed = await handover(order.orderId, '12ab');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('body.code');
    expect(await rawItem(api.deps, keys.order(order.orderId))).toMatchObject({ status: 'ready_for_pickup', pickupFailures: 0 });
  });
});
