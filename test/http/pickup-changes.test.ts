// Over real HTTP: the contact center extends and moves pickups for the customer — the limits
// of the store policy, the units held at the new store and released at the old one in one
// transaction, the expiry timer following, the audit, the races, and who is refused.

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listTimeline } from '#shared/platform/timeline.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { auditEntries, readyPickup, storeFigures } from '#test/support/care.ts';
import { orderBody, rawItem, seedCustomer, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';

const clock = fixedClock('2026-11-24T10:00:00Z'); // Tuesday 11:00 in Madrid
const api = useTestApi({ clock });
let agent: string;
const day = 24 * 3600_000;

beforeAll(async () => {
  agent = await api.agent('agent-1');
  await seedStores(api.deps, [
    storeFixture({ storeId: 'sol', name: 'Madrid Sol' }),
    storeFixture({ storeId: 'goya', name: 'Madrid Goya' }),
    storeFixture({ storeId: 'retiro', name: 'Madrid Retiro' }),
    storeFixture({ storeId: 'outlet', name: 'Outlet', services: ['returns'] }),
  ]);
  await seedStock(api.deps, [
    { storeId: 'sol', sku: 'TEE-1', onHand: 50 },
    { storeId: 'sol', sku: 'JEAN-1', onHand: 50 },
    { storeId: 'goya', sku: 'TEE-1', onHand: 30 },
    { storeId: 'goya', sku: 'JEAN-1', onHand: 1 },
    { storeId: 'retiro', sku: 'JEAN-1', onHand: 5 },
  ]);
  await seedCustomer(api.deps, 'c-1', { email: 'c1@example.com' }, 'Lucía');
  // Goya holds pickups 3 days, extends them by 2 at most.
  const policy = { holdDays: 3, reminderHoursBefore: 12, maxExtensionDays: 2 };
  expect(
    (await api.call('PUT', '/stores/goya/pickup-policy', { token: await api.integration('catalog/write'), body: policy })).status,
  ).toBe(200);
});

// Each test a minute later: the customer's timeline reads newest first.
beforeEach(() => clock.advance(60_000));

const extend = (orderId: string, until: unknown, token = agent, headers: Record<string, string> = {}) =>
  api.call('POST', `/orders/${orderId}/pickup/extend`, { token, body: { until }, headers });
const move = (orderId: string, storeId: unknown, token = agent, headers: Record<string, string> = {}) =>
  api.call('POST', `/orders/${orderId}/pickup/move`, { token, body: { storeId }, headers });
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * day).toISOString();
const timerOf = (orderId: string) => rawItem(api.deps, keys.timer(`pickup-expiry#${orderId}`));

describe('POST /orders/{orderId}/pickup/extend', () => {
  it('gives a ready pickup a later deadline: the timer follows, on the timeline, audited, the agent may read the order', async () => {
    const { order } = await readyPickup(api, {
      channelOrderId: 'EXT-1',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const original = order.pickupDeadline as string;
    const until = plusDays(original, 3);
    const res = await extend(order.orderId, until);
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.pickupDeadline)).toBe(Date.parse(until));
    expect(res.body.pickupDeadline).toMatch(/\+01:00$/); // the store's clock
    expect(res.body.originalPickupDeadline).toBe(original);
    expect((await timerOf(order.orderId))?.dueAt).toBe(until);
    const timeline = await listTimeline(api.deps, 'c-1', { limit: 20 });
    expect(timeline.items.find((e) => e.type === 'pickup.extended')).toMatchObject({ ref: { orderId: order.orderId, storeId: 'sol' } });
    const audit = await auditEntries(api, 'agent:agent-1');
    expect(audit.some((e) => e.action === 'pickup.extend' && e.ref === order.orderId && e.result === 'done')).toBe(true);

    const read = await api.call('GET', `/orders/${order.orderId}`, { token: agent });
    expect(read.status).toBe(200);
    expect(read.body.pickupDeadline).toBe(res.body.pickupDeadline);
    expect((await auditEntries(api, 'agent:agent-1')).some((e) => e.action === 'order.view' && e.ref === order.orderId)).toBe(true);
  });

  it('counts maxExtensionDays from the original deadline: a second extension cannot chain past it (422 naming until, nothing written)', async () => {
    const { order } = await readyPickup(api, {
      channelOrderId: 'EXT-2',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const original = order.pickupDeadline as string;
    expect((await extend(order.orderId, plusDays(original, 5))).status).toBe(200);
    const latest = await extend(order.orderId, plusDays(original, 7)); // exactly the limit (default policy: 7 days)
    expect(latest.status).toBe(200);
    const before = await rawItem(api.deps, keys.order(order.orderId));
    const beyond = await extend(order.orderId, new Date(Date.parse(plusDays(original, 7)) + 60_000).toISOString());
    expect(beyond.status).toBe(422);
    expect(beyond.headers.get('content-type')).toBe('application/problem+json');
    expect(beyond.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.until']);
    expect(beyond.body.detail).toMatch(/7 days/);
    expect(await rawItem(api.deps, keys.order(order.orderId))).toEqual(before);
    expect((await timerOf(order.orderId))?.dueAt).toBe(plusDays(original, 7));
  });

  it.each([
    ['not later than the deadline', (deadline: string) => deadline, 422, 'body.until'],
    ['earlier than the deadline', (deadline: string) => plusDays(deadline, -1), 422, 'body.until'],
    ['not a date-time', () => 'next friday', 400, 'body.until'],
    ['without an offset', (deadline: string) => deadline.slice(0, 19), 400, 'body.until'],
  ])('refuses an until %s, naming the field, nothing written', async (_what, until, status, field) => {
    const { order } = await readyPickup(api, {
      channelOrderId: `EXT-BAD-${status}-${field.length}-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const before = await rawItem(api.deps, keys.order(order.orderId));
    const res = await extend(order.orderId, until(order.pickupDeadline));
    expect(res.status).toBe(status);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await rawItem(api.deps, keys.order(order.orderId))).toEqual(before);
  });

  it('is 409 when the order is not waiting for pickup: not ready yet, handed over, cancelled; 404 for no order', async () => {
    const orders = await api.integration('orders/write');
    const placed = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'EXT-PLACED',
        customer: { customerId: 'c-1' },
        lines: [{ sku: 'TEE-1', quantity: 1, price: 100, fulfilment: 'pickup', storeId: 'sol' }],
      }),
    });
    const far = plusDays(clock.now().toISOString(), 8);
    expect((await extend(placed.body.orderId, far)).status).toBe(409);
    const { order, pickupCode } = await readyPickup(api, {
      channelOrderId: 'EXT-DONE',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const handed = await api.call('POST', `/stores/sol/pickups/${order.orderId}/handover`, {
      token: await api.staff('sol'),
      body: { code: pickupCode },
    });
    expect(handed.status).toBe(200);
    const done = await extend(order.orderId, far);
    expect(done.status).toBe(409);
    expect(done.body.type).toBe('urn:omnistore:problem:order-status');
    await api.call('POST', `/orders/${placed.body.orderId}/status`, { token: orders, body: { status: 'cancelled' } });
    expect((await extend(placed.body.orderId, far)).status).toBe(409);
    expect((await extend('01JAAAAAAAAAAAAAAAAAAAAAAA', far)).status).toBe(404);
  });

  it('refuses customers, associates and integrations (403) and anonymous callers (401); regional staff may', async () => {
    const { order } = await readyPickup(api, {
      channelOrderId: 'EXT-WHO',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const until = plusDays(order.pickupDeadline, 1);
    for (const token of [await api.customer('c-1'), await api.staff('sol'), await api.integration('orders/write')]) {
      expect((await extend(order.orderId, until, token)).status).toBe(403);
    }
    expect((await api.call('POST', `/orders/${order.orderId}/pickup/extend`, { body: { until } })).status).toBe(401);
    expect((await rawItem(api.deps, keys.order(order.orderId)))?.pickupDeadline).toBe(order.pickupDeadline);
    expect((await extend(order.orderId, until, await api.staff('goya', 'regional'))).status).toBe(200);
  });

  it('the same request sent 20 times at once with one Idempotency-Key extends once, every answer the same', async () => {
    const { order } = await readyPickup(api, {
      channelOrderId: 'EXT-IDEM',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const until = plusDays(order.pickupDeadline, 2);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => extend(order.orderId, until, agent, { 'idempotency-key': 'ext-idem-1' })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
    // 409s may only say "in progress" (the twin is still writing), never a refusal the first did not get.
    expect(results.filter((r) => r.status === 409).every((r) => r.body.type === 'urn:omnistore:problem:request-in-progress')).toBe(true);
    const again = await extend(order.orderId, until, agent, { 'idempotency-key': 'ext-idem-1' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const timeline = await listTimeline(api.deps, 'c-1', { limit: 30 });
    expect(timeline.items.filter((e) => e.type === 'pickup.extended' && e.ref?.orderId === order.orderId)).toHaveLength(1);
  });
});

describe('POST /orders/{orderId}/pickup/move', () => {
  it("holds the units at the new store and releases them at the old one, with the new store's ready time and deadline", async () => {
    const before = await storeFigures(api, 'goya', 'TEE-1');
    const { order, pickupCode } = await readyPickup(api, {
      channelOrderId: 'MOVE-1',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 2 }],
    });
    const solHeld = await storeFigures(api, 'sol', 'TEE-1');
    const oldReservation = order.lines[0].reservationId;
    const res = await move(order.orderId, 'goya');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ready_for_pickup',
      pickupStoreId: 'goya',
      pickupTerms: { holdDays: 3, maxExtensionDays: 2 },
    });
    expect(res.body.lines[0]).toMatchObject({ storeId: 'goya', quantity: 2 });
    expect(res.body.lines[0].reservationId).not.toBe(oldReservation);
    // Ready an hour later (Goya's lead time, open now); held 3 days from then, on Goya's clock.
    expect(res.body.readyAt).toBe(new Date(clock.now().getTime() + 3600_000).toISOString());
    expect(Date.parse(res.body.pickupDeadline) - Date.parse(res.body.readyAt)).toBe(3 * day);
    expect((await timerOf(order.orderId))?.dueAt).toBe(new Date(res.body.pickupDeadline).toISOString());

    expect(await storeFigures(api, 'sol', 'TEE-1')).toEqual({
      'TEE-1': { ...solHeld['TEE-1']!, confirmed: solHeld['TEE-1']!.confirmed - 2, available: solHeld['TEE-1']!.available + 2 },
    });
    expect(await storeFigures(api, 'goya', 'TEE-1')).toEqual({
      'TEE-1': { onHand: before['TEE-1']!.onHand, confirmed: before['TEE-1']!.confirmed + 2, available: before['TEE-1']!.available - 2 },
    });
    const old = await api.call('GET', `/reservations/${oldReservation}`, { token: await api.integration('orders/write') });
    expect(old.body.status).toBe('cancelled');
    const fresh = await api.call('GET', `/reservations/${res.body.lines[0].reservationId}`, {
      token: await api.integration('orders/write'),
    });
    expect(fresh.body).toMatchObject({ status: 'confirmed', storeId: 'goya', orderId: order.orderId });

    // The pickup lists follow; the new store hands it over with the same code, and its units leave Goya.
    const solList = await api.call('GET', '/stores/sol/pickups', { token: await api.staff('sol') });
    expect(solList.body.items.map((p: { orderId: string }) => p.orderId)).not.toContain(order.orderId);
    const goyaList = await api.call('GET', '/stores/goya/pickups', { token: await api.staff('goya') });
    expect(goyaList.body.items.map((p: { orderId: string }) => p.orderId)).toContain(order.orderId);
    const timeline = await listTimeline(api.deps, 'c-1', { limit: 20 });
    expect(timeline.items.find((e) => e.type === 'pickup.moved')).toMatchObject({
      ref: { orderId: order.orderId, storeId: 'goya', fromStoreId: 'sol' },
    });
    expect((await auditEntries(api, 'agent:agent-1')).some((e) => e.action === 'pickup.move' && e.ref === order.orderId)).toBe(true);
    const handed = await api.call('POST', `/stores/goya/pickups/${order.orderId}/handover`, {
      token: await api.staff('goya'),
      body: { code: pickupCode },
    });
    expect(handed.status).toBe(200);
    expect(await storeFigures(api, 'goya', 'TEE-1')).toEqual({
      'TEE-1': { onHand: before['TEE-1']!.onHand - 2, confirmed: before['TEE-1']!.confirmed, available: before['TEE-1']!.available - 2 },
    });
  });

  it('moves a pickup still being prepared: no deadline until the new store marks it ready', async () => {
    const orders = await api.integration('orders/write');
    const placed = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'MOVE-PLACED',
        customer: { customerId: 'c-1' },
        lines: [{ sku: 'JEAN-1', quantity: 1, price: 4999, fulfilment: 'pickup', storeId: 'sol' }],
      }),
    });
    const res = await move(placed.body.orderId, 'retiro');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'placed', pickupStoreId: 'retiro' });
    expect(res.body.pickupDeadline).toBeUndefined();
    const ready = await api.call('POST', `/orders/${placed.body.orderId}/status`, {
      token: await api.staff('retiro'),
      body: { status: 'ready_for_pickup' },
    });
    expect(ready.status).toBe(200);
    expect(ready.body.pickupDeadline).toBeDefined();
  });

  it('answers 409 listing what the new store has (0 for a SKU it never stocked) when it cannot hold them, and changes nothing', async () => {
    const { order } = await readyPickup(api, {
      channelOrderId: 'MOVE-SHORT',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [
        { sku: 'TEE-1', quantity: 1 },
        { sku: 'JEAN-1', quantity: 2 },
      ],
    });
    const before = {
      order: await rawItem(api.deps, keys.order(order.orderId)),
      sol: await storeFigures(api, 'sol', 'TEE-1', 'JEAN-1'),
      retiro: await storeFigures(api, 'retiro', 'TEE-1', 'JEAN-1'),
    };
    const res = await move(order.orderId, 'retiro');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: 'urn:omnistore:problem:insufficient-stock',
      available: [
        { sku: 'TEE-1', available: 0 },
        { sku: 'JEAN-1', available: before.retiro['JEAN-1']!.available },
      ],
    });
    const goya = await move(order.orderId, 'goya');
    expect(goya.status).toBe(409);
    expect(goya.body.available).toContainEqual({ sku: 'JEAN-1', available: 1 });
    expect(await rawItem(api.deps, keys.order(order.orderId))).toEqual(before.order);
    expect(await storeFigures(api, 'sol', 'TEE-1', 'JEAN-1')).toEqual(before.sol);
    expect(await storeFigures(api, 'retiro', 'TEE-1', 'JEAN-1')).toEqual(before.retiro);
  });

  it.each([
    ['an unknown store', 'nowhere', 422, 'body.storeId'],
    ['a store without pickup', 'outlet', 422, 'body.storeId'],
    ['a malformed id', 'no spaces!', 400, 'body.storeId'],
  ])('refuses %s naming the field, nothing written', async (_what, storeId, status, field) => {
    const { order } = await readyPickup(api, {
      channelOrderId: `MOVE-BAD-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const before = await rawItem(api.deps, keys.order(order.orderId));
    const res = await move(order.orderId, storeId);
    expect(res.status).toBe(status);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await rawItem(api.deps, keys.order(order.orderId))).toEqual(before);
  });

  it('a move to the store the pickup is already at: 409 already-at-store, nothing written', async () => {
    const { order } = await readyPickup(api, {
      channelOrderId: 'MOVE-SAME',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const before = await rawItem(api.deps, keys.order(order.orderId));
    const res = await move(order.orderId, 'sol');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: 'urn:omnistore:problem:already-at-store', storeId: 'sol' });
    expect(await rawItem(api.deps, keys.order(order.orderId))).toEqual(before);
  });

  it('refuses customers, associates and integrations (403), anonymous callers (401), and a pickup that is over (409)', async () => {
    const { order, pickupCode } = await readyPickup(api, {
      channelOrderId: 'MOVE-WHO',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    for (const token of [
      await api.customer('c-1'),
      await api.staff('sol'),
      await api.staff('goya'),
      await api.integration('orders/write'),
    ]) {
      expect((await move(order.orderId, 'goya', token)).status).toBe(403);
    }
    expect((await api.call('POST', `/orders/${order.orderId}/pickup/move`, { body: { storeId: 'goya' } })).status).toBe(401);
    await api.call('POST', `/stores/sol/pickups/${order.orderId}/handover`, { token: await api.staff('sol'), body: { code: pickupCode } });
    const over = await move(order.orderId, 'goya', await api.staff('sol', 'admin'));
    expect(over.status).toBe(409);
  });

  it('two agents moving one pickup at once (20 requests): exactly one move, the others 409; units held once', async () => {
    const { order } = await readyPickup(api, {
      channelOrderId: 'MOVE-RACE',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 3 }],
    });
    const sol = await storeFigures(api, 'sol', 'TEE-1');
    const goya = await storeFigures(api, 'goya', 'TEE-1');
    const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => api.agent(`agent-race-${i}`)));
    const results = await Promise.all(agents.map((token) => move(order.orderId, 'goya', token)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).map((r) => r.status)).toEqual(Array(19).fill(409));
    expect((await storeFigures(api, 'goya', 'TEE-1'))['TEE-1']!.confirmed).toBe(goya['TEE-1']!.confirmed + 3);
    expect((await storeFigures(api, 'sol', 'TEE-1'))['TEE-1']!.confirmed).toBe(sol['TEE-1']!.confirmed - 3);
    const timeline = await listTimeline(api.deps, 'c-1', { limit: 50 });
    expect(timeline.items.filter((e) => e.type === 'pickup.moved' && e.ref?.orderId === order.orderId)).toHaveLength(1);
  });

  it('the same move sent 20 times at once with one Idempotency-Key moves once, every answer the same', async () => {
    const { order } = await readyPickup(api, {
      channelOrderId: 'MOVE-IDEM',
      customerId: 'c-1',
      storeId: 'sol',
      lines: [{ sku: 'TEE-1', quantity: 1 }],
    });
    const goya = await storeFigures(api, 'goya', 'TEE-1');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => move(order.orderId, 'goya', agent, { 'idempotency-key': 'move-idem-1' })),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
    expect(
      results.filter((r) => r.status !== 200).every((r) => r.status === 409 && r.body.type === 'urn:omnistore:problem:request-in-progress'),
    ).toBe(true);
    expect((await storeFigures(api, 'goya', 'TEE-1'))['TEE-1']!.confirmed).toBe(goya['TEE-1']!.confirmed + 1);
    const again = await move(order.orderId, 'goya', agent, { 'idempotency-key': 'move-idem-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(ok[0]!.body);
  });

  it('a move racing the hand-over at the old store: one of them wins, the stock follows the winner', async () => {
    const sol = await storeFigures(api, 'sol', 'TEE-1');
    const goya = await storeFigures(api, 'goya', 'TEE-1');
    const pickups = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        readyPickup(api, {
          channelOrderId: `MOVE-VS-HAND-${i}`,
          customerId: 'c-1',
          storeId: 'sol',
          lines: [{ sku: 'TEE-1', quantity: 1 }],
        }),
      ),
    );
    const staff = await api.staff('sol');
    const outcomes = await Promise.all(
      pickups.map(async ({ order, pickupCode }) => {
        const [moved, handed] = await Promise.all([
          move(order.orderId, 'goya'),
          api.call('POST', `/stores/sol/pickups/${order.orderId}/handover`, { token: staff, body: { code: pickupCode } }),
        ]);
        expect([moved.status, handed.status].filter((s) => s === 200)).toHaveLength(1);
        const now = (await api.call('GET', `/orders/${order.orderId}`, { token: agent })).body;
        if (moved.status === 200) expect(now).toMatchObject({ status: 'ready_for_pickup', pickupStoreId: 'goya' });
        else expect(now).toMatchObject({ status: 'picked_up', pickupStoreId: 'sol' });
        return moved.status === 200 ? 'moved' : 'handed';
      }),
    );
    const moves = outcomes.filter((o) => o === 'moved').length;
    const handovers = outcomes.length - moves;
    expect((await storeFigures(api, 'sol', 'TEE-1'))['TEE-1']).toEqual({
      ...sol['TEE-1']!,
      onHand: sol['TEE-1']!.onHand - handovers,
      available: sol['TEE-1']!.available - handovers,
    });
    expect((await storeFigures(api, 'goya', 'TEE-1'))['TEE-1']).toEqual({
      ...goya['TEE-1']!,
      confirmed: goya['TEE-1']!.confirmed + moves,
      available: goya['TEE-1']!.available - moves,
    });
  });
});
