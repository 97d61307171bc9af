// Over real HTTP: return authorizations (RMAs) — opened by an agent for units the customer
// received, read by whoever may, received at a store or (by courier) at a warehouse with the
// stock going back in the same transaction; the limits, the expiry, the races, who is refused.

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listTimeline } from '#shared/platform/timeline.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { auditEntries, readyPickup, storeFigures, warehouseLine } from '#test/support/care.ts';
import { orderBody, rawItem, seedCustomer, seedShipping, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';

const clock = fixedClock('2026-11-24T10:00:00Z');
const api = useTestApi({ clock });
let agent: string;
const day = 24 * 3600_000;

beforeAll(async () => {
  agent = await api.agent('agent-rma');
  await seedStores(api.deps, [
    storeFixture({ storeId: 'sol', name: 'Madrid Sol' }),
    storeFixture({ storeId: 'goya', name: 'Madrid Goya', services: ['returns'] }),
    storeFixture({ storeId: 'outlet', name: 'Outlet', services: ['pickup'] }),
  ]);
  await seedStock(api.deps, [
    { storeId: 'sol', sku: 'TEE-1', onHand: 100 },
    { storeId: 'sol', sku: 'JEAN-1', onHand: 100 },
    { storeId: 'goya', sku: 'TEE-1', onHand: 10 },
  ]);
  await seedShipping(api.deps, { 'TEE-1': 50, 'JEAN-1': 50 });
  await seedCustomer(api.deps, 'c-r', { email: 'r@example.com' }, 'Rosa');
  await seedCustomer(api.deps, 'c-other', { email: 'other@example.com' }, 'Otto');
});
beforeEach(() => clock.advance(60_000));

/** A pickup order collected by the customer: TEE-1 × 2 at 29.99 and JEAN-1 × 1 at 59.99. */
async function collected(
  channelOrderId: string,
  lines = [
    { sku: 'TEE-1', quantity: 2, price: 2999 },
    { sku: 'JEAN-1', quantity: 1, price: 5999 },
  ],
  customerId = 'c-r',
) {
  const { order, pickupCode } = await readyPickup(api, { channelOrderId, customerId, storeId: 'sol', lines });
  const handed = await api.call('POST', `/stores/sol/pickups/${order.orderId}/handover`, {
    token: await api.staff('sol'),
    body: { code: pickupCode },
  });
  expect(handed.status).toBe(200);
  return handed.body;
}
const authorize = (orderId: string, body: unknown, token = agent, headers: Record<string, string> = {}) =>
  api.call('POST', `/orders/${orderId}/return-authorizations`, { token, body, headers });
const courier = (lines: Array<{ sku: string; quantity: number }>) => ({ lines, reason: 'Too small', method: 'courier' });
const receiveAt = async (storeId: string, rmaId: string, body: unknown = {}, headers: Record<string, string> = {}, token?: string) =>
  api.call('POST', `/stores/${storeId}/return-authorizations/${rmaId}/receive`, {
    token: token ?? (await api.staff(storeId)),
    body,
    headers,
  });
const receiveByCourier = async (rmaId: string, body: unknown, headers: Record<string, string> = {}, token?: string) =>
  api.call('POST', `/return-authorizations/${rmaId}/receive`, {
    token: token ?? (await api.integration('inventory/write')),
    body,
    headers,
  });
const paths = (res: { body: { errors?: Array<{ path: string }> } }) => (res.body.errors ?? []).map((e) => e.path);

describe('POST /orders/{orderId}/return-authorizations', () => {
  it('opens an RMA with a code, an expiry in 30 days, the units and refund fixed now; on the timeline, audited', async () => {
    const order = await collected('RMA-OPEN');
    const res = await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 2 }]));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/return-authorizations/${res.body.rmaId}`);
    expect(res.body).toMatchObject({
      orderId: order.orderId,
      channelOrderId: 'RMA-OPEN',
      customerId: 'c-r',
      status: 'authorized',
      method: 'courier',
      reason: 'Too small',
      currency: 'EUR',
      lines: [{ sku: 'TEE-1', quantity: 2, price: 2999, receivedQuantity: 0 }],
      amount: 5998,
      refundedAmount: 0,
      receipts: [],
      expiresAt: new Date(clock.now().getTime() + 30 * day).toISOString(),
    });
    expect(res.body.code).toMatch(/^RMA-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const timeline = await listTimeline(api.deps, 'c-r', { limit: 5 });
    expect(timeline.items.find((e) => e.type === 'return.authorized')).toMatchObject({
      ref: { orderId: order.orderId, rmaId: res.body.rmaId },
    });
    expect((await auditEntries(api, 'agent:agent-rma')).some((e) => e.action === 'return.authorize' && e.ref === res.body.rmaId)).toBe(
      true,
    );
    // The order itself does not change in what it shows.
    expect((await api.call('GET', `/orders/${order.orderId}`, { token: agent })).body.lines[0].returnedQuantity).toBe(0);
  });

  it('never authorizes more than bought − returned − authorized on open RMAs (422 naming the line), nothing written', async () => {
    const order = await collected('RMA-LIMIT');
    expect((await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 1 }]))).status).toBe(201);
    const before = await rawItem(api.deps, keys.order(order.orderId));
    const over = await authorize(
      order.orderId,
      courier([
        { sku: 'JEAN-1', quantity: 1 },
        { sku: 'TEE-1', quantity: 2 },
      ]),
    );
    expect(over.status).toBe(422);
    expect(paths(over)).toEqual(['body.lines[1].quantity']);
    expect(over.body.errors[0].message).toMatch(/Only 1 of TEE-1.*1 already authorized/);
    const unknown = await authorize(order.orderId, courier([{ sku: 'HAT-9', quantity: 1 }]));
    expect(unknown.status).toBe(422);
    expect(paths(unknown)).toEqual(['body.lines[0].sku']);
    expect(await rawItem(api.deps, keys.order(order.orderId))).toEqual(before);
    expect((await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 1 }]))).status).toBe(201);
    expect((await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 1 }]))).status).toBe(422);
    // A store return without the RMA cannot take the authorized units either.
    const inStore = await api.call('POST', `/orders/${order.orderId}/returns`, {
      token: await api.staff('sol'),
      body: { storeId: 'sol', lines: [{ sku: 'TEE-1', quantity: 1 }] },
    });
    expect(inStore.status).toBe(400);
    expect(paths(inStore)).toEqual(['body.lines[0].quantity']);
  });

  it('takes only units the customer received: 422 not-handed-over for a pickup not collected or a parcel not delivered', async () => {
    const { order } = await readyPickup(api, {
      channelOrderId: 'RMA-NOTYET',
      customerId: 'c-r',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const res = await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 1 }]));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'urn:omnistore:problem:not-handed-over', skus: ['TEE-1'] });
    expect(paths(res)).toEqual(['body.lines[0].sku']);
    const orders = await api.integration('orders/write');
    const ship = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'RMA-SHIP',
        customer: { customerId: 'c-r' },
        lines: [{ sku: 'JEAN-1', quantity: 1, price: 5999, fulfilment: 'ship' }],
      }),
    });
    expect(ship.status).toBe(201);
    await api.call('POST', `/orders/${ship.body.orderId}/status`, { token: orders, body: { status: 'shipped' } });
    expect((await authorize(ship.body.orderId, courier([{ sku: 'JEAN-1', quantity: 1 }]))).status).toBe(422);
    await api.call('POST', `/orders/${ship.body.orderId}/status`, { token: orders, body: { status: 'delivered' } });
    expect((await authorize(ship.body.orderId, courier([{ sku: 'JEAN-1', quantity: 1 }]))).status).toBe(201);
  });

  it.each([
    [{ lines: [{ sku: 'TEE-1', quantity: 1 }], reason: 'x', method: 'post' }, 'body.method'],
    [{ lines: [{ sku: 'TEE-1', quantity: 0 }], reason: 'x', method: 'courier' }, 'body.lines[0].quantity'],
    [{ lines: [], reason: 'x', method: 'courier' }, 'body.lines'],
    [
      {
        lines: [
          { sku: 'TEE-1', quantity: 1 },
          { sku: 'TEE-1', quantity: 1 },
        ],
        reason: 'x',
        method: 'courier',
      },
      'body.lines[1].sku',
    ],
    [{ lines: [{ sku: 'TEE-1', quantity: 1 }], reason: ' ', method: 'courier' }, 'body.reason'],
    [{ lines: [{ sku: 'TEE 1', quantity: 1 }], reason: 'x', method: 'courier' }, 'body.lines[0].sku'],
    [{ lines: [{ sku: 'TEE-1', quantity: 1 }], method: 'in_store' }, 'body.reason'],
  ])('refuses %j with 400 naming %s, nothing written', async (body, field) => {
    const order = await collected(`RMA-BAD-${Math.random().toString(36).slice(2, 8).toUpperCase()}`);
    const before = await rawItem(api.deps, keys.order(order.orderId));
    const res = await authorize(order.orderId, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(res)).toContain(field);
    expect(await rawItem(api.deps, keys.order(order.orderId))).toEqual(before);
  });

  it('refuses customers, associates and integrations (403) and anonymous callers (401); 404 for no order', async () => {
    const order = await collected('RMA-WHO');
    const body = courier([{ sku: 'TEE-1', quantity: 1 }]);
    for (const token of [await api.customer('c-r'), await api.staff('sol'), await api.integration('orders/write')]) {
      expect((await authorize(order.orderId, body, token)).status).toBe(403);
    }
    expect((await api.call('POST', `/orders/${order.orderId}/return-authorizations`, { body })).status).toBe(401);
    expect((await rawItem(api.deps, keys.order(order.orderId)))?.authorizations).toBeUndefined();
    expect((await authorize(order.orderId, body, await api.staff('goya', 'admin'))).status).toBe(201);
    expect((await authorize('01JAAAAAAAAAAAAAAAAAAAAAAA', body)).status).toBe(404);
  });

  it('two RMAs at once for the last returnable unit (20 agents): one is opened', async () => {
    const order = await collected('RMA-LAST', [{ sku: 'JEAN-1', quantity: 1, price: 5999 }]);
    const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => api.agent(`agent-last-${i}`)));
    const results = await Promise.all(agents.map((token) => authorize(order.orderId, courier([{ sku: 'JEAN-1', quantity: 1 }]), token)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 422 || r.status === 409)).toBe(true);
    expect((await rawItem(api.deps, keys.order(order.orderId)))?.authorizations).toHaveLength(1);
  });

  it('the same request 20 times at once with one Idempotency-Key opens one RMA; a replay gets it back', async () => {
    const order = await collected('RMA-IDEM');
    const body = courier([{ sku: 'TEE-1', quantity: 1 }]);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => authorize(order.orderId, body, agent, { 'idempotency-key': 'rma-idem-1' })),
    );
    const ok = results.filter((r) => r.status === 201 || r.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((r) => r.body.rmaId)).size).toBe(1);
    expect(results.filter((r) => !ok.includes(r)).every((r) => r.body.type === 'urn:omnistore:problem:request-in-progress')).toBe(true);
    expect((await rawItem(api.deps, keys.order(order.orderId)))?.authorizations).toHaveLength(1);
    const again = await authorize(order.orderId, body, agent, { 'idempotency-key': 'rma-idem-1' });
    expect(again.status).toBe(200);
    expect(again.body.rmaId).toBe(ok[0]!.body.rmaId);
  });
});

describe('GET /return-authorizations/{rmaId}', () => {
  it('its customer, agents and staff (audited), orders integrations; another customer 404; others 403/401', async () => {
    const order = await collected('RMA-READ');
    const { body: rma } = await authorize(order.orderId, courier([{ sku: 'JEAN-1', quantity: 1 }]));
    const path = `/return-authorizations/${rma.rmaId}`;
    for (const token of [
      await api.customer('c-r'),
      agent,
      await api.staff('goya'),
      await api.staff('outlet', 'regional'),
      await api.integration('orders/read'),
      await api.integration('inventory/write'),
    ]) {
      const res = await api.call('GET', path, { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(rma);
    }
    expect((await auditEntries(api, 'staff:staff-goya')).some((e) => e.action === 'return.view' && e.ref === rma.rmaId)).toBe(true);
    expect((await auditEntries(api, 'agent:agent-rma')).some((e) => e.action === 'return.view' && e.ref === rma.rmaId)).toBe(true);
    expect((await api.call('GET', path, { token: await api.customer('c-other') })).status).toBe(404);
    expect(
      (await api.call('GET', `/return-authorizations/01JAAAAAAAAAAAAAAAAAAAAAAA`, { token: await api.customer('c-other') })).status,
    ).toBe(404);
    expect((await api.call('GET', path, { token: await api.integration('catalog/write') })).status).toBe(403);
    expect((await api.call('GET', path)).status).toBe(401);
    expect((await api.call('GET', '/return-authorizations/nope', { token: agent })).status).toBe(400);
  });
});

describe('receiving a return authorization', () => {
  it('at a store: partly, then the rest; the store stock, the order and the refund follow; a third receipt is 409 already-received', async () => {
    const order = await collected('RMA-STORE');
    const { body: rma } = await authorize(order.orderId, {
      ...courier([
        { sku: 'TEE-1', quantity: 2 },
        { sku: 'JEAN-1', quantity: 1 },
      ]),
      method: 'in_store',
    });
    const goya = await storeFigures(api, 'goya', 'TEE-1', 'JEAN-1');

    const first = await receiveAt('goya', rma.rmaId, { lines: [{ sku: 'TEE-1', quantity: 1 }] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'partially_received',
      refundedAmount: 2999,
      lines: [
        { sku: 'TEE-1', receivedQuantity: 1 },
        { sku: 'JEAN-1', receivedQuantity: 0 },
      ],
    });
    expect(first.body.receipts).toEqual([
      expect.objectContaining({ locationId: 'goya', lines: [{ sku: 'TEE-1', quantity: 1 }], refund: 2999 }),
    ]);
    expect(await storeFigures(api, 'goya', 'TEE-1', 'JEAN-1')).toEqual({
      'TEE-1': { ...goya['TEE-1']!, onHand: goya['TEE-1']!.onHand + 1, available: goya['TEE-1']!.available + 1 },
      'JEAN-1': goya['JEAN-1'],
    });
    const mid = (await api.call('GET', `/orders/${order.orderId}`, { token: agent })).body;
    expect(mid.status).toBe('picked_up');
    expect(mid.lines.map((l: { returnedQuantity: number }) => l.returnedQuantity)).toEqual([1, 0]);
    expect(mid.returns).toEqual([
      expect.objectContaining({ storeId: 'goya', rmaId: rma.rmaId, refund: 2999, lines: [{ sku: 'TEE-1', quantity: 1 }] }),
    ]);

    const over = await receiveAt('goya', rma.rmaId, { lines: [{ sku: 'TEE-1', quantity: 2 }] });
    expect(over.status).toBe(422);
    expect(paths(over)).toEqual(['body.lines[0].quantity']);

    const rest = await receiveAt('goya', rma.rmaId);
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ status: 'received', refundedAmount: 2 * 2999 + 5999 });
    expect(rest.body.receipts[1].lines).toEqual([
      { sku: 'TEE-1', quantity: 1 },
      { sku: 'JEAN-1', quantity: 1 },
    ]);
    const after = (await api.call('GET', `/orders/${order.orderId}`, { token: agent })).body;
    expect(after.status).toBe('returned');
    expect(after.lines.map((l: { returnedQuantity: number }) => l.returnedQuantity)).toEqual([2, 1]);
    const figures = await storeFigures(api, 'goya', 'TEE-1', 'JEAN-1');
    expect(figures['TEE-1']!.onHand).toBe(goya['TEE-1']!.onHand + 2);
    expect(figures['JEAN-1']!.onHand).toBe(1);

    const again = await receiveAt('goya', rma.rmaId);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:omnistore:problem:already-received');
    const timeline = await listTimeline(api.deps, 'c-r', { limit: 20 });
    expect(timeline.items.filter((e) => e.type === 'return.received' && e.ref?.rmaId === rma.rmaId)).toHaveLength(2);
    // Everything came back: nothing more can be authorized.
    expect((await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 1 }]))).status).toBe(409);
  });

  it('at a store that takes no returns (422 naming storeId), an unknown store (404); staff of that store only', async () => {
    const order = await collected('RMA-STORE-WHO');
    const { body: rma } = await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 1 }]));
    const noReturns = await receiveAt('outlet', rma.rmaId);
    expect(noReturns.status).toBe(422);
    expect(paths(noReturns)).toEqual(['path.storeId']);
    expect((await receiveAt('nowhere', rma.rmaId, {}, {}, await api.staff('nowhere', 'admin'))).status).toBe(404);
    for (const token of [await api.staff('sol'), await api.customer('c-r'), agent, await api.integration('orders/write')]) {
      expect((await receiveAt('goya', rma.rmaId, {}, {}, token)).status).toBe(403);
    }
    expect((await api.call('POST', `/stores/goya/return-authorizations/${rma.rmaId}/receive`, { body: {} })).status).toBe(401);
    expect((await receiveAt('goya', '01JAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await receiveAt('goya', rma.rmaId, { lines: [{ sku: 'HAT-9', quantity: 1 }] })).status).toBe(422);
    expect((await api.call('GET', `/return-authorizations/${rma.rmaId}`, { token: agent })).body.status).toBe('authorized');
    expect((await receiveAt('goya', rma.rmaId, {}, {}, await api.staff('sol', 'regional'))).status).toBe(200);
  });

  it('by courier at a warehouse (an integration): the warehouse stock goes up; unknown warehouse 422 naming locationId; scopes', async () => {
    const order = await collected('RMA-WH');
    const { body: rma } = await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 2 }]));
    const before = await warehouseLine(api, 'wh-test', 'TEE-1');
    const unknown = await receiveByCourier(rma.rmaId, { locationId: 'wh-nowhere' });
    expect(unknown.status).toBe(422);
    expect(paths(unknown)).toEqual(['body.locationId']);
    expect((await receiveByCourier(rma.rmaId, {})).status).toBe(400);
    for (const token of [await api.integration('catalog/write'), agent, await api.staff('goya', 'admin'), await api.customer('c-r')]) {
      expect((await receiveByCourier(rma.rmaId, { locationId: 'wh-test' }, {}, token)).status).toBe(403);
    }
    expect(await warehouseLine(api, 'wh-test', 'TEE-1')).toEqual(before);
    const res = await receiveByCourier(rma.rmaId, { locationId: 'wh-test' }, {}, await api.integration('orders/write'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'received', refundedAmount: 5998, receipts: [{ locationId: 'warehouse:wh-test' }] });
    expect(await warehouseLine(api, 'wh-test', 'TEE-1')).toEqual({ onHand: before.onHand + 2, freeUnits: before.freeUnits + 2 });
  });

  it('an expired RMA is 409 rma-expired, reads as expired, and its units may be authorized again', async () => {
    const order = await collected('RMA-EXP');
    const { body: rma } = await authorize(order.orderId, courier([{ sku: 'JEAN-1', quantity: 1 }]));
    expect((await authorize(order.orderId, courier([{ sku: 'JEAN-1', quantity: 1 }]))).status).toBe(422);
    clock.advance(30 * day);
    try {
      const res = await receiveByCourier(rma.rmaId, { locationId: 'wh-test' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: 'urn:omnistore:problem:rma-expired', expiresAt: rma.expiresAt });
      expect((await api.call('GET', `/return-authorizations/${rma.rmaId}`, { token: agent })).body.status).toBe('expired');
      expect((await authorize(order.orderId, courier([{ sku: 'JEAN-1', quantity: 1 }]))).status).toBe(201);
    } finally {
      clock.advance(-30 * day);
    }
  });

  it('the same RMA received 20 times at once (different keys): received once, stock counted once', async () => {
    const order = await collected('RMA-RACE');
    const { body: rma } = await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 2 }]));
    const before = await warehouseLine(api, 'wh-test', 'TEE-1');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => receiveByCourier(rma.rmaId, { locationId: 'wh-test' }, { 'idempotency-key': `race-${i}` })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).every((r) => r.status === 409)).toBe(true);
    expect(results.some((r) => r.body.type === 'urn:omnistore:problem:already-received')).toBe(true);
    expect(await warehouseLine(api, 'wh-test', 'TEE-1')).toEqual({ onHand: before.onHand + 2, freeUnits: before.freeUnits + 2 });
    const after = (await api.call('GET', `/orders/${order.orderId}`, { token: agent })).body;
    expect(after.lines[0].returnedQuantity).toBe(2);
  });

  it('a receipt replayed with its Idempotency-Key (20 at once, then again) gets the stored answer; stock moves once', async () => {
    const order = await collected('RMA-REPLAY');
    const { body: rma } = await authorize(order.orderId, { ...courier([{ sku: 'TEE-1', quantity: 1 }]), method: 'in_store' });
    const before = await storeFigures(api, 'sol', 'TEE-1');
    const headers = { 'idempotency-key': 'receive-1' };
    const staff = await api.staff('sol');
    const results = await Promise.all(Array.from({ length: 20 }, () => receiveAt('sol', rma.rmaId, {}, headers, staff)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
    expect(results.filter((r) => r.status !== 200).every((r) => r.body.type === 'urn:omnistore:problem:request-in-progress')).toBe(true);
    const again = await receiveAt('sol', rma.rmaId, {}, headers, staff);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(ok[0]!.body);
    expect((await storeFigures(api, 'sol', 'TEE-1'))['TEE-1']!.onHand).toBe(before['TEE-1']!.onHand + 1);
  });

  it("goes with the customer's erasure (DELETE /me): listed and exported until then; then gone, agents get 404", async () => {
    await seedCustomer(api.deps, 'c-erase', { email: 'erase@example.com' }, 'Eva');
    const order = await collected('RMA-ERASE', [{ sku: 'TEE-1', quantity: 1, price: 2999 }], 'c-erase');
    const { body: rma } = await authorize(order.orderId, courier([{ sku: 'TEE-1', quantity: 1 }]));
    const eva = await api.customer('c-erase');
    const mine = await api.call('GET', '/me/return-authorizations', { token: eva });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ rmaId: rma.rmaId, code: rma.code, status: 'authorized' })]);
    expect((await api.call('GET', '/me/return-authorizations', { token: await api.customer('c-someone-else') })).body.items).toEqual([]);
    expect((await api.call('GET', '/me/return-authorizations', { token: agent })).status).toBe(403);
    expect((await api.call('GET', '/me/return-authorizations?limit=0', { token: eva })).status).toBe(400);
    const exported = await api.call('GET', '/me/export', { token: eva });
    expect(exported.body.orders.returnAuthorizations).toEqual({ items: [expect.objectContaining({ rmaId: rma.rmaId })], complete: true });
    expect((await api.call('DELETE', '/me', { token: await api.customer('c-erase') })).status).toBe(204);
    expect(await rawItem(api.deps, keys.returnAuthorization(rma.rmaId))).toBeUndefined();
    expect((await api.call('GET', `/return-authorizations/${rma.rmaId}`, { token: agent })).status).toBe(404);
  });
});
