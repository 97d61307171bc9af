// The endless aisle as the store lives it: the jeans are out of stock here, the tablet shows
// every colour with its options, the associate orders the chosen one for home delivery, the
// warehouse's units are held and the promise follows the cut-off. Then the bad input, who is
// refused, and 200 orders racing for a warehouse's last 10 units.

import { beforeAll, describe, expect, it } from 'vitest';
import { eventsAbout } from '#shared/platform/outbox.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { keys } from '#shared/table/keys.ts';
import { retryingUnavailable, useTestApi } from '#test/support/api.ts';
import { styleFixture, warehouseFixture } from '#test/support/catalog.ts';
import { orderBody, rawItem, seedCustomer, seedStock, seedStores, seedWarehouseStock, storeFixture } from '#test/support/orders.ts';

const clock = fixedClock('2026-11-24T10:00:00Z'); // Tuesday, 11:00 in Madrid: before the 14:00 cut-off
const api = useTestApi({ clock });
const SOL = { lat: 40.4169, lon: -3.7035 };
const sku = (colour: string, size: string) => `JEAN-SLIM-${colour}-${size}`;
const variants = ['BLU', 'BLK', 'GRY'].flatMap((colour) => ['36', '38'].map((size) => ({ sku: sku(colour, size), colour, size })));
let associate: string;

const warehouseLine = async (s: string, warehouseId = 'wh-getafe') => rawItem(api.deps, keys.stock(keys.warehouseLocation(warehouseId), s));
const availability = (query: string) => api.call('GET', `/products/JEAN-SLIM/availability?${query}`);
const sell = async (body: Record<string, unknown>, options: { token?: string; key?: string; store?: string } = {}) =>
  api.call('POST', `/stores/${options.store ?? 'mad-sol'}/orders`, {
    token: options.token ?? associate,
    body,
    headers: options.key ? { 'idempotency-key': options.key } : {},
  });
const homeDelivery = (colour: string, extra: Record<string, unknown> = {}) => ({
  customer: { email: 'walk.in@example.com', name: 'Walk In' },
  lines: [{ sku: sku(colour, '38'), quantity: 1, fulfilment: 'ship' }],
  shipTo: { postalCode: '28001', country: 'ES' },
  ...extra,
});

beforeAll(async () => {
  associate = await api.staff('mad-sol');
  await seedStores(api.deps, [
    storeFixture({ storeId: 'mad-sol', name: 'Madrid Sol', location: SOL }),
    storeFixture({
      storeId: 'mad-goya',
      name: 'Madrid Goya',
      location: { lat: 40.425, lon: -3.676 },
      address: { line1: 'Goya 1', city: 'Madrid', postalCode: '28001', country: 'ES' },
    }),
  ]);
  const catalog = await api.integration('catalog/write');
  expect((await api.call('PUT', '/products/JEAN-SLIM', { token: catalog, body: styleFixture(variants) })).status).toBe(200);
  const { warehouseId: _w, ...warehouse } = warehouseFixture({ warehouseId: 'wh-getafe' });
  expect((await api.call('PUT', '/warehouses/wh-getafe', { token: catalog, body: warehouse })).status).toBe(200);
  const feed = await api.integration('inventory/write');
  const counts = (location: string, units: Record<string, number>) =>
    Object.entries(units).map(([s, quantity], i) => ({
      eventId: `${location}-${i}`,
      sku: s,
      type: 'count',
      quantity,
      occurredAt: '2026-11-24T07:00:00Z',
    }));
  const stocked = await api.call('POST', '/warehouses/wh-getafe/stock-events', {
    token: feed,
    body: { events: counts('wh', { [sku('BLU', '38')]: 12, [sku('BLK', '38')]: 5, [sku('GRY', '36')]: 1 }) },
  });
  expect(stocked.body.applied).toBe(3);
  const here = await api.call('POST', '/stores/mad-sol/stock-events', {
    token: feed,
    body: { events: counts('sol', { [sku('BLU', '38')]: 0, [sku('BLU', '36')]: 2 }) },
  });
  expect(here.body.applied).toBe(2);
  await seedStock(api.deps, [{ storeId: 'mad-goya', sku: sku('BLK', '38'), onHand: 3 }]);
});

describe('the store story', () => {
  it('out of stock here → every colour on the tablet → ordered home → the warehouse holds it → the promise follows the cut-off', async () => {
    // 1. The jeans the customer saw are not in this store.
    const stock = await api.call('GET', `/stores/mad-sol/stock?sku=${sku('BLU', '38')}`, { token: associate });
    expect(stock.body.items[0]).toMatchObject({ sku: sku('BLU', '38'), available: 0, status: 'out_of_stock' });

    // 2. The tablet shows every colour and size with its options, in one call.
    const shown = await availability(`storeId=mad-sol&lat=${SOL.lat}&lon=${SOL.lon}&postalCode=28001`);
    expect(shown.status).toBe(200);
    expect(shown.body.variants.map((v: { sku: string }) => v.sku)).toEqual(variants.map((v) => v.sku));
    const of = (s: string) => shown.body.variants.find((v: { sku: string }) => v.sku === s);
    expect(of(sku('BLU', '38'))).toMatchObject({
      colour: 'BLU',
      size: '38',
      here: 0,
      nearby: [],
      homeDelivery: { warehouseId: 'wh-getafe', shipsOn: '2026-11-25', arrivesBy: '2026-11-26' },
      shipToStore: { warehouseId: 'wh-getafe', arrivesBy: '2026-11-26' },
    });
    expect(of(sku('BLK', '38')).nearby).toEqual([
      expect.objectContaining({ storeId: 'mad-goya', available: 3, pickupReadyAt: '2026-11-24T11:00:00.000Z' }),
    ]);
    expect(of(sku('BLU', '36'))).toMatchObject({ here: 2, homeDelivery: null });

    // 3. The customer chooses black; the associate orders it for home delivery.
    const before = await warehouseLine(sku('BLK', '38'));
    const sold = await sell(homeDelivery('BLK'), { key: 'tablet-1' });
    expect(sold.status).toBe(201);
    expect(sold.body).toMatchObject({
      channel: 'store',
      status: 'placed',
      guestCreated: true,
      total: 4995,
      arrivesBy: '2026-11-26',
      shipTo: { postalCode: '28001' },
      soldAt: { storeId: 'mad-sol', associateId: 'staff-mad-sol' },
      lines: [
        { sku: sku('BLK', '38'), fulfilment: 'ship', price: 4995, category: 'denim', fromLocationId: 'wh-getafe', arrivesBy: '2026-11-26' },
      ],
    });

    // 4. The warehouse's units are held for it, and the customer is told.
    expect(await warehouseLine(sku('BLK', '38'))).toMatchObject({ freeUnits: before!.freeUnits - 1, confirmed: 1 });
    const events = await eventsAbout(api.deps, `order#${sold.body.orderId}`);
    expect(events.map((e) => e.type).sort()).toEqual(['order.placed', 'order.placed-in-store']);
    expect(events.find((e) => e.type === 'order.placed-in-store')!.detail).toMatchObject({
      storeId: 'mad-sol',
      arrivesBy: '2026-11-26',
      customerId: sold.body.customerId,
    });

    // The selling store's staff see it (it is attributed to them); another store's do not.
    expect((await api.call('GET', `/orders/${sold.body.orderId}`, { token: associate })).status).toBe(200);
    expect((await api.call('GET', `/orders/${sold.body.orderId}`, { token: await api.staff('mad-goya') })).status).toBe(403);

    // A retry of the same tap is the same order.
    const again = await sell(homeDelivery('BLK'), { key: 'tablet-1' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.orderId).toBe(sold.body.orderId);
    expect((await warehouseLine(sku('BLK', '38')))!.confirmed).toBe(1);

    // 5. After the cut-off the promise moves a day; on a Saturday, to Wednesday.
    clock.set('2026-11-24T13:00:00Z'); // 14:00 in Madrid
    const late = await sell(homeDelivery('BLK'), { key: 'tablet-2' });
    expect(late.body.arrivesBy).toBe('2026-11-27');
    clock.set('2026-11-28T10:00:00Z'); // Saturday
    const saturday = await sell(homeDelivery('BLK'), { key: 'tablet-3' });
    expect(saturday.body).toMatchObject({ arrivesBy: '2026-12-02', lines: [{ shipsOn: '2026-12-01' }] });
    clock.set('2026-11-24T10:00:00Z');
  });

  it('gives a cancelled order’s units back to the warehouse', async () => {
    const sold = await sell(homeDelivery('BLU'), { key: 'cancel-1' });
    const held = (await warehouseLine(sku('BLU', '38')))!;
    const res = await api.call('POST', `/orders/${sold.body.orderId}/status`, {
      token: await api.integration('orders/write'),
      body: { status: 'cancelled' },
    });
    expect(res.status).toBe(200);
    expect(await warehouseLine(sku('BLU', '38'))).toMatchObject({ freeUnits: held.freeUnits + 1, confirmed: held.confirmed - 1 });
  });

  it('takes pickup at another store and in-store lines, at catalogue prices', async () => {
    const res = await sell({
      customer: { phone: '+34 699 000 111' },
      lines: [
        { sku: sku('BLK', '38'), quantity: 1, fulfilment: 'pickup', storeId: 'mad-goya' },
        { sku: sku('BLU', '36'), quantity: 1, fulfilment: 'in_store' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ pickupStoreId: 'mad-goya', total: 9990, lines: [{ storeId: 'mad-goya' }, { storeId: 'mad-sol' }] });
    expect(res.body.pickupCode).toMatch(/^\d{6}$/);
  });
});

describe('POST /stores/{storeId}/orders refusals', () => {
  it('lets staff of that store, regional and admin staff sell; refuses others', async () => {
    expect((await sell(homeDelivery('BLK'), { token: await api.staff('mad-goya') })).status).toBe(403);
    expect((await sell(homeDelivery('BLK'), { token: await api.customer('c-1') })).status).toBe(403);
    expect((await sell(homeDelivery('BLK'), { token: await api.integration('orders/write') })).status).toBe(403);
    expect((await api.call('POST', '/stores/mad-sol/orders', { body: homeDelivery('BLK') })).status).toBe(401);
    expect((await sell(homeDelivery('BLK'), { token: await api.staff('mad-goya', 'regional') })).status).toBe(201);
  });

  it.each([
    ['a SKU not in the catalogue', { lines: [{ sku: 'NOT-A-SKU', quantity: 1, fulfilment: 'ship' }] }, 422, 'body.lines[0].sku'],
    ['a postal code no warehouse delivers to', { shipTo: { postalCode: '99999' } }, 422, 'body.shipTo.postalCode'],
    ['ship lines without shipTo', { shipTo: undefined }, 400, 'body.shipTo'],
    [
      'a warehouse that does not exist',
      { lines: [{ sku: sku('BLK', '38'), quantity: 1, fulfilment: 'ship', fromLocationId: 'wh-none' }] },
      422,
      'body.lines[0].fromLocationId',
    ],
    [
      'a pickup line without its store',
      { lines: [{ sku: sku('BLK', '38'), quantity: 1, fulfilment: 'pickup' }] },
      400,
      'body.lines[0].storeId',
    ],
    ['no identity', { customer: { name: 'Nobody' } }, 400, 'body.customer'],
    ['a malformed e-mail', { customer: { email: 'not-an-email' } }, 400, 'body.customer.email'],
  ])('answers %s with %i naming the field, and holds nothing', async (_what, patch, status, field) => {
    const before = await warehouseLine(sku('BLK', '38'));
    const res = await sell({ ...homeDelivery('BLK'), ...patch });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await warehouseLine(sku('BLK', '38'))).toEqual(before);
  });

  it('answers 409 naming the line when no warehouse has the units', async () => {
    const res = await sell({ ...homeDelivery('BLK'), lines: [{ sku: sku('GRY', '38'), quantity: 1, fulfilment: 'ship' }] });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: 'urn:omnistore:problem:insufficient-stock', lines: [{ index: 0, sku: sku('GRY', '38') }] });
  });
});

describe('GET /products/{styleId}/availability refusals', () => {
  it.each([
    ['an unknown style', '/products/NO-SUCH/availability?postalCode=28001', 404, undefined],
    ['an unknown postal code', '/products/JEAN-SLIM/availability?postalCode=99999', 422, 'query.postalCode'],
    ['lat 91', '/products/JEAN-SLIM/availability?lat=91&lon=0', 400, 'query.lat'],
    ['lat without lon', '/products/JEAN-SLIM/availability?lat=40', 400, 'query.lon'],
    ['an unknown store', '/products/JEAN-SLIM/availability?storeId=nowhere', 404, undefined],
    ['a style id outside the alphabet', '/products/a%20b/availability', 400, 'path.styleId'],
  ])('answers %s with %i', async (_what, path, status, field) => {
    const res = await api.call('GET', path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    if (field) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});

describe('POST /orders ship lines', () => {
  it('hold a named warehouse, and refuse a SKU of no style with 422 naming the line', async () => {
    const orders = await api.integration('orders/write');
    await seedCustomer(api.deps, 'c-ship');
    const named = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'W-NAMED',
        customer: { customerId: 'c-ship' },
        lines: [{ sku: sku('BLU', '38'), quantity: 2, price: 4995, fulfilment: 'ship', fromLocationId: 'wh-getafe' }],
      }),
    });
    expect(named.status).toBe(201);
    expect(named.body.lines[0]).toMatchObject({ fromLocationId: 'wh-getafe', arrivesBy: '2026-11-26' });
    const unknown = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'W-UNKNOWN',
        customer: { customerId: 'c-ship' },
        lines: [
          { sku: sku('BLU', '38'), quantity: 1, price: 4995, fulfilment: 'ship' },
          { sku: 'NO-STYLE-SKU', quantity: 1, price: 1, fulfilment: 'ship' },
        ],
      }),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.lines[1].sku']);
  });

  it('sell a warehouse’s last 10 units to exactly 10 of 200 parallel orders', async () => {
    const orders = await api.integration('orders/write');
    await seedCustomer(api.deps, 'c-rush');
    const last = warehouseFixture({ warehouseId: 'wh-last' });
    const { warehouseId: _w, ...body } = last;
    await api.call('PUT', '/warehouses/wh-last', { token: await api.integration('catalog/write'), body });
    await seedWarehouseStock(api.deps, [{ warehouseId: 'wh-last', sku: 'LAST-UNITS', onHand: 10 }]);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        retryingUnavailable(() =>
          api.call('POST', '/orders', {
            token: orders,
            body: orderBody({
              channelOrderId: `RUSH-${i}`,
              customer: { customerId: 'c-rush' },
              lines: [{ sku: 'LAST-UNITS', quantity: 1, price: 100, fulfilment: 'ship' }],
            }),
          }),
        ),
      ),
    );
    const placed = results.filter((r) => r.status === 201);
    const outcomes: Record<string, number> = {};
    for (const r of results) outcomes[`${r.status} ${r.body.type ?? ''}`] = (outcomes[`${r.status} ${r.body.type ?? ''}`] ?? 0) + 1;
    expect(placed, JSON.stringify(outcomes)).toHaveLength(10);
    const refused = results.filter((r) => r.status !== 201);
    expect(
      refused.every((r) => r.status === 409),
      JSON.stringify(outcomes),
    ).toBe(true);
    expect(refused.filter((r) => r.body.type !== 'urn:omnistore:problem:insufficient-stock').length).toBeLessThan(20);
    expect(await warehouseLine('LAST-UNITS', 'wh-last')).toMatchObject({ onHand: 10, freeUnits: 0, confirmed: 10 });
  }, 120_000);
});
