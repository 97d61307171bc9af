// The seeds' story end to end, and the stock rules orders keep through inventory's code:
// an online order for pickup holds stock, the tablet finds the customer by a phone typed
// differently, the associate hands it over with the code and exchanges the colour on the
// spot — with the store's stock figures checked at every step.

import { beforeAll, describe, expect, it } from 'vitest';
import { listTimeline } from '#shared/platform/timeline.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { orderBody, rawItem, seedCustomer, seedShipping, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';

const clock = fixedClock('2026-11-24T10:00:00Z'); // Tuesday 11:00 in Madrid
const api = useTestApi({ clock });
const WHITE = 'TEE-BASIC-WHT-M';
const BLACK = 'TEE-BASIC-BLK-M';
let orders: string;
let staff: string;

beforeAll(async () => {
  orders = await api.integration('orders/write');
  staff = await api.staff('mad-sol');
  await seedStores(api.deps, [
    storeFixture({ storeId: 'mad-sol', name: 'Madrid Sol' }),
    storeFixture({ storeId: 'mad-goya', name: 'Madrid Goya' }),
    storeFixture({ storeId: 'mad-outlet', name: 'Outlet', services: ['pickup'] }),
  ]);
  await seedStock(api.deps, [
    { storeId: 'mad-sol', sku: WHITE, onHand: 5 },
    { storeId: 'mad-sol', sku: BLACK, onHand: 3 },
    { storeId: 'mad-goya', sku: WHITE, onHand: 2 },
    { storeId: 'mad-goya', sku: BLACK, onHand: 4 },
    { storeId: 'mad-outlet', sku: WHITE, onHand: 4 },
  ]);
  await seedShipping(api.deps, { [WHITE]: 100, [BLACK]: 100 });
  await seedCustomer(api.deps, 'cust-lucia', { phone: '+34 612 345 678', email: 'lucia@example.com' }, 'Lucía Fernández');
  await seedCustomer(api.deps, 'cust-marc', { email: 'marc@example.com' }, 'Marc Puig');
});

type Figures = { onHand: number; held: number; confirmed: number; available: number };
async function stock(storeId: string, ...skus: string[]): Promise<Record<string, Figures>> {
  const res = await api.call('GET', `/stores/${storeId}/stock?sku=${skus.join(',')}`, { token: await api.staff(storeId) });
  expect(res.status).toBe(200);
  return Object.fromEntries(
    res.body.items.map((i: Figures & { sku: string }) => [
      i.sku,
      { onHand: i.onHand, held: i.held, confirmed: i.confirmed, available: i.available },
    ]),
  );
}
const figures = (onHand: number, confirmed: number, available: number, held = 0): Figures => ({ onHand, held, confirmed, available });
const tick = () => clock.advance(60_000);

describe('the seed journey', () => {
  it('online pickup order → reserved → ready → found by phone → handed over with the code → colour exchanged', async () => {
    expect(await stock('mad-sol', WHITE, BLACK)).toEqual({ [WHITE]: figures(5, 0, 5), [BLACK]: figures(3, 0, 3) });

    // 1. The web shop places the order for pickup at Madrid Sol: one unit is reserved there.
    tick();
    const placed = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'WEB-100234',
        customer: { phone: '612 345 678' },
        lines: [{ sku: WHITE, quantity: 1, price: 1995, fulfilment: 'pickup', storeId: 'mad-sol', category: 'tops' }],
      }),
    });
    expect(placed.status).toBe(201);
    const order = placed.body;
    expect(order).toMatchObject({ customerId: 'cust-lucia', status: 'placed', pickupStoreId: 'mad-sol' });
    const reservationId = order.lines[0].reservationId as string;
    expect(reservationId).toMatch(/^[0-9A-Z]{26}$/);
    expect(await stock('mad-sol', WHITE, BLACK)).toEqual({ [WHITE]: figures(5, 1, 4), [BLACK]: figures(3, 0, 3) });
    const reservation = await api.call('GET', `/reservations/${reservationId}`, { token: orders });
    expect(reservation.body).toMatchObject({ status: 'confirmed', orderId: order.orderId, storeId: 'mad-sol' });
    // The reservation now moves only with its order.
    expect((await api.call('POST', `/reservations/${reservationId}/cancel`, { token: orders })).status).toBe(409);

    // 2. The store prepares it: ready for pickup. Stock does not move.
    tick();
    const ready = await api.call('POST', `/orders/${order.orderId}/status`, { token: staff, body: { status: 'ready_for_pickup' } });
    expect(ready.body.status).toBe('ready_for_pickup');
    expect((await stock('mad-sol', WHITE))[WHITE]).toEqual(figures(5, 1, 4));

    // 3. Lucía walks in; the associate types her phone as she says it.
    tick();
    const card = await api.call('GET', `/stores/mad-sol/customers?q=${encodeURIComponent('0034 612-34-56-78')}`, { token: staff });
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ customerId: 'cust-lucia', name: 'Lucía Fernández', matchedBy: 'phone' });
    expect(card.body.pickupsHere.ready.map((p: { orderId: string }) => p.orderId)).toEqual([order.orderId]);

    // 4. Handed over against her code: the unit leaves the store.
    tick();
    const wrong = await api.call('POST', `/stores/mad-sol/pickups/${order.orderId}/handover`, {
      token: staff,
      body: { code: order.pickupCode === '000000' ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(422);
    expect((await stock('mad-sol', WHITE))[WHITE]).toEqual(figures(5, 1, 4));
    const handed = await api.call('POST', `/stores/mad-sol/pickups/${order.orderId}/handover`, {
      token: staff,
      body: { code: order.pickupCode },
    });
    expect(handed.status).toBe(200);
    expect(handed.body.status).toBe('picked_up');
    expect(await stock('mad-sol', WHITE, BLACK)).toEqual({ [WHITE]: figures(4, 0, 4), [BLACK]: figures(3, 0, 3) });
    expect((await api.call('GET', `/reservations/${reservationId}`, { token: orders })).body.status).toBe('fulfilled');

    // 5. She would rather have it in black: exchanged on the spot.
    tick();
    const exchange = await api.call('POST', `/orders/${order.orderId}/returns`, {
      token: staff,
      body: { storeId: 'mad-sol', lines: [{ sku: WHITE, quantity: 1, exchangeSku: BLACK }] },
    });
    expect(exchange.status).toBe(200);
    expect(exchange.body.status).toBe('picked_up');
    expect(exchange.body.lines).toEqual([
      expect.objectContaining({ sku: WHITE, quantity: 1, returnedQuantity: 1 }),
      expect.objectContaining({ sku: BLACK, quantity: 1, returnedQuantity: 0, fulfilment: 'in_store', storeId: 'mad-sol', price: 1995 }),
    ]);
    expect(await stock('mad-sol', WHITE, BLACK)).toEqual({ [WHITE]: figures(5, 0, 5), [BLACK]: figures(2, 0, 2) });

    const timeline = await listTimeline(api.deps, 'cust-lucia', { limit: 10 });
    expect(timeline.items.map((e) => e.type)).toEqual(
      expect.arrayContaining(['order.placed', 'order.ready_for_pickup', 'order.picked_up', 'order.exchanged']),
    );
    const mine = await api.call('GET', '/me/orders', { token: await api.customer('cust-lucia') });
    expect(mine.body.items[0]).toMatchObject({ orderId: order.orderId, returns: [expect.objectContaining({ storeId: 'mad-sol' })] });
  });
});

describe('pickup stock', () => {
  it('refuses an order the store cannot fill (409, lines listed) and changes nothing', async () => {
    const before = await stock('mad-goya', WHITE);
    const res = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'WEB-SHORT',
        customer: { customerId: 'cust-marc' },
        lines: [{ sku: WHITE, quantity: 3, price: 1995, fulfilment: 'pickup', storeId: 'mad-goya' }],
      }),
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: 'urn:omnistore:problem:insufficient-stock',
      lines: [{ sku: WHITE, requested: 3, available: 2 }],
    });
    expect(await stock('mad-goya', WHITE)).toEqual(before);
    expect(await rawItem(api.deps, keys.channelOrder('web', 'WEB-SHORT'))).toBeUndefined();
  });

  it('never oversells: 4 units, 7 orders at once → 4 placed, 3 refused', async () => {
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        api.call('POST', '/orders', {
          token: orders,
          body: orderBody({
            channelOrderId: `RUSH-${i}`,
            customer: { customerId: 'cust-marc' },
            lines: [{ sku: WHITE, quantity: 1, price: 1, fulfilment: 'pickup', storeId: 'mad-outlet' }],
          }),
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(4);
    expect(results.filter((r) => r.status === 409)).toHaveLength(3);
    expect((await stock('mad-outlet', WHITE))[WHITE]).toEqual(figures(4, 4, 0));
  });

  it("takes over the customer's own reservation instead of reserving twice; once only", async () => {
    const token = await api.customer('cust-marc');
    const held = await api.call('POST', '/reservations', { token, body: { storeId: 'mad-goya', lines: [{ sku: BLACK, quantity: 2 }] } });
    expect(held.status).toBe(201);
    const reservationId = held.body.reservationId;
    expect((await stock('mad-goya', BLACK))[BLACK]).toEqual(figures(4, 0, 2, 2));
    const line = { sku: BLACK, quantity: 2, price: 1995, fulfilment: 'pickup', storeId: 'mad-goya', reservationId };

    const mismatch = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'APP-TAKE0',
        channel: 'app',
        customer: { customerId: 'cust-marc' },
        lines: [{ ...line, quantity: 1 }],
      }),
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].path).toBe('body.lines[0].reservationId');
    const stranger = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({ channelOrderId: 'APP-TAKE1', channel: 'app', customer: { customerId: 'cust-lucia' }, lines: [line] }),
    });
    expect(stranger.status).toBe(409);
    expect(stranger.body.type).toBe('urn:omnistore:problem:reservation-of-another-customer');

    const taken = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({ channelOrderId: 'APP-TAKE2', channel: 'app', customer: { customerId: 'cust-marc' }, lines: [line] }),
    });
    expect(taken.status).toBe(201);
    expect(taken.body.lines[0].reservationId).toBe(reservationId);
    expect((await stock('mad-goya', BLACK))[BLACK]).toEqual(figures(4, 2, 2)); // confirmed, not reserved again
    const again = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({ channelOrderId: 'APP-TAKE3', channel: 'app', customer: { customerId: 'cust-marc' }, lines: [line] }),
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:omnistore:problem:reservation-taken');

    // Cancelling the order gives the units back.
    const cancelled = await api.call('POST', `/orders/${taken.body.orderId}/status`, { token: orders, body: { status: 'cancelled' } });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await stock('mad-goya', BLACK))[BLACK]).toEqual(figures(4, 0, 4));
    expect((await api.call('GET', `/reservations/${reservationId}`, { token: orders })).body.status).toBe('cancelled');
  });
});

/** A ship order placed, then shipped and delivered by the carrier integration: its units are the customer's. */
async function deliveredOrder(body: ReturnType<typeof orderBody>) {
  const placed = await api.call('POST', '/orders', { token: orders, body });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  for (const status of ['shipped', 'delivered']) {
    const moved = await api.call('POST', `/orders/${placed.body.orderId}/status`, { token: orders, body: { status } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  }
  return placed.body as { orderId: string };
}

describe('POST /orders/{orderId}/returns', () => {
  let shipped: { orderId: string };
  beforeAll(async () => {
    tick();
    shipped = await deliveredOrder(
      orderBody({
        channelOrderId: 'WEB-RET',
        customer: { customerId: 'cust-marc' },
        lines: [{ sku: WHITE, quantity: 2, price: 1995, fulfilment: 'ship' }],
      }),
    );
  });
  const ret = (body: unknown, token = staff, orderId = shipped.orderId) => api.call('POST', `/orders/${orderId}/returns`, { token, body });

  it.each([
    ['more than was bought', { storeId: 'mad-sol', lines: [{ sku: WHITE, quantity: 3 }] }, 400, 'body.lines[0].quantity'],
    ['a SKU not on the order', { storeId: 'mad-sol', lines: [{ sku: BLACK, quantity: 1 }] }, 400, 'body.lines[0].sku'],
    ['quantity zero', { storeId: 'mad-sol', lines: [{ sku: WHITE, quantity: 0 }] }, 400, 'body.lines[0].quantity'],
    [
      'an exchange for the same SKU',
      { storeId: 'mad-sol', lines: [{ sku: WHITE, quantity: 1, exchangeSku: WHITE }] },
      400,
      'body.lines[0].exchangeSku',
    ],
    [
      'an exchange SKU the store does not carry',
      { storeId: 'mad-sol', lines: [{ sku: WHITE, quantity: 1, exchangeSku: 'NOPE-1' }] },
      422,
      'body.lines[0].exchangeSku',
    ],
    ['a store that takes no returns', { storeId: 'mad-outlet', lines: [{ sku: WHITE, quantity: 1 }] }, 422, 'body.storeId'],
  ])('refuses %s and changes nothing', async (_what, body, status, path) => {
    const token = await api.staff((body as { storeId: string }).storeId);
    const before = await stock('mad-sol', WHITE, BLACK);
    const res = await ret(body, token);
    expect(res.status).toBe(status);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await stock('mad-sol', WHITE, BLACK)).toEqual(before);
    expect((await api.call('GET', `/orders/${shipped.orderId}`, { token: orders })).body.lines[0].returnedQuantity).toBe(0);
  });

  it('refuses an exchange beyond the free stock (409) and changes nothing', async () => {
    const before = await stock('mad-goya', WHITE, BLACK);
    const res = await ret({ storeId: 'mad-goya', lines: [{ sku: WHITE, quantity: 2, exchangeSku: BLACK }] }, await api.staff('mad-goya'));
    expect(res.status).toBe(200); // 4 black free at Goya: fine
    const res2 = await ret({ storeId: 'mad-goya', lines: [{ sku: WHITE, quantity: 1 }] }, await api.staff('mad-goya'));
    expect(res2.status).toBe(400); // both units already came back
    expect(await stock('mad-goya', WHITE, BLACK)).toEqual({
      [WHITE]: { ...before[WHITE]!, onHand: before[WHITE]!.onHand + 2, available: before[WHITE]!.available + 2 },
      [BLACK]: { ...before[BLACK]!, onHand: before[BLACK]!.onHand - 2, available: before[BLACK]!.available - 2 },
    });

    tick();
    const big = await deliveredOrder(
      orderBody({
        channelOrderId: 'WEB-BIG',
        customer: { customerId: 'cust-marc' },
        lines: [{ sku: WHITE, quantity: 9, price: 1, fulfilment: 'ship' }],
      }),
    );
    const snapshot = await stock('mad-goya', WHITE, BLACK);
    const short = await ret(
      { storeId: 'mad-goya', lines: [{ sku: WHITE, quantity: 9, exchangeSku: BLACK }] },
      await api.staff('mad-goya'),
      big.orderId,
    );
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ type: 'urn:omnistore:problem:insufficient-stock', lines: [{ sku: BLACK, requested: 9 }] });
    expect(await stock('mad-goya', WHITE, BLACK)).toEqual(snapshot);
  });

  it('returns everything: the order becomes returned, the units are back in this store', async () => {
    tick();
    const order = await deliveredOrder(
      orderBody({
        channelOrderId: 'WEB-FULL',
        customer: { customerId: 'cust-marc' },
        lines: [{ sku: BLACK, quantity: 1, price: 1, fulfilment: 'ship' }],
      }),
    );
    const before = (await stock('mad-sol', BLACK))[BLACK]!;
    const res = await ret({ storeId: 'mad-sol', lines: [{ sku: BLACK, quantity: 1 }] }, orders, order.orderId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'returned', returnedAt: clock.now().toISOString() });
    expect((await stock('mad-sol', BLACK))[BLACK]).toEqual({ ...before, onHand: before.onHand + 1, available: before.available + 1 });
    expect((await ret({ storeId: 'mad-sol', lines: [{ sku: BLACK, quantity: 1 }] }, orders, order.orderId)).status).toBe(409);
  });

  it('refuses a unit of a ship order not delivered yet (409 not-handed-over) and adds nothing to stock', async () => {
    tick();
    const placed = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'WEB-TRANSIT',
        customer: { customerId: 'cust-marc' },
        lines: [{ sku: BLACK, quantity: 1, price: 1, fulfilment: 'ship' }],
      }),
    });
    const body = { storeId: 'mad-sol', lines: [{ sku: BLACK, quantity: 1 }] };
    const before = await stock('mad-sol', BLACK);
    for (const status of [undefined, 'shipped']) {
      if (status) await api.call('POST', `/orders/${placed.body.orderId}/status`, { token: orders, body: { status } });
      const res = await ret(body, orders, placed.body.orderId);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        type: 'urn:omnistore:problem:not-handed-over',
        status: 409,
        orderStatus: status ?? 'placed',
        skus: [BLACK],
      });
      expect(await stock('mad-sol', BLACK)).toEqual(before);
    }
  });

  it('refuses returns of a pickup not handed over (409), staff of another store and customers (403)', async () => {
    tick();
    const pickup = (
      await api.call('POST', '/orders', {
        token: orders,
        body: orderBody({
          channelOrderId: 'WEB-NOTYET',
          customer: { customerId: 'cust-marc' },
          lines: [{ sku: BLACK, quantity: 1, price: 1, fulfilment: 'pickup', storeId: 'mad-sol' }],
        }),
      })
    ).body;
    const body = { storeId: 'mad-sol', lines: [{ sku: BLACK, quantity: 1 }] };
    expect((await ret(body, staff, pickup.orderId)).status).toBe(409);
    expect((await ret(body, await api.staff('mad-goya'), pickup.orderId)).status).toBe(403);
    expect((await ret(body, await api.customer('cust-marc'), pickup.orderId)).status).toBe(403);
    expect((await ret(body, await api.integration('orders/read'), pickup.orderId)).status).toBe(403);
    expect((await ret(body, staff, '01JZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
  });
});
