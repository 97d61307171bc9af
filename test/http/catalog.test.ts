// The catalogue and the warehouses over real HTTP: styles with their variants, feeds of
// styles, warehouses (never stores) and their stock feed.

import { describe, expect, it } from 'vitest';
import { fixedClock } from '#shared/runtime/clock.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { styleFixture, warehouseFixture } from '#test/support/catalog.ts';
import { seedStores, storeFixture } from '#test/support/inventory.ts';
import { rawItem } from '#test/support/orders.ts';

const clock = fixedClock('2026-11-24T10:00:00Z');
const api = useTestApi({ clock });

const jeans = styleFixture([
  { sku: 'JEAN-SLIM-BLU-38', colour: 'BLU', size: '38' },
  { sku: 'JEAN-SLIM-BLK-36', colour: 'BLK', size: '36' },
  { sku: 'JEAN-SLIM-BLK-38', colour: 'BLK', size: '38' },
]);
const put = async (styleId: string, body: unknown, token?: string) =>
  api.call('PUT', `/products/${styleId}`, { token: token ?? (await api.integration('catalog/write')), body });
const fields = (res: { body: { errors?: Array<{ path: string }> } }) => (res.body.errors ?? []).map((e) => e.path);

describe('PUT /products/{styleId}, GET /products/{styleId}', () => {
  it('creates a style that anyone can read, with every colour', async () => {
    const res = await put('JEAN-SLIM', jeans);
    expect(res.status).toBe(200);
    const got = await api.call('GET', '/products/JEAN-SLIM');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ styleId: 'JEAN-SLIM', colours: ['BLU', 'BLK'], price: 4995, revision: 1 });
    expect(got.body.variants).toHaveLength(3);
    expect(await rawItem(api.deps, keys.variant('JEAN-SLIM-BLK-36'))).toMatchObject({ entity: 'variant', styleId: 'JEAN-SLIM' });
  });

  it('replaces a style: a dropped variant leaves the catalogue', async () => {
    await put(
      'TEE',
      styleFixture([
        { sku: 'TEE-W', colour: 'WHT', size: 'M' },
        { sku: 'TEE-B', colour: 'BLK', size: 'M' },
      ]),
    );
    const res = await put('TEE', styleFixture([{ sku: 'TEE-W', colour: 'WHT', size: 'M' }]));
    expect(res.body.revision).toBe(2);
    expect(await rawItem(api.deps, keys.variant('TEE-B'))).toBeUndefined();
  });

  it('refuses a variant of another style with 422 naming it, and writes nothing', async () => {
    await put('JEAN-SLIM', jeans);
    const res = await put(
      'JEAN-WIDE',
      styleFixture([
        { sku: 'JEAN-WIDE-BLU-38', colour: 'BLU', size: '38' },
        { sku: 'JEAN-SLIM-BLU-38', colour: 'BLU', size: '40' },
      ]),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(fields(res)).toEqual(['body.variants[1].sku']);
    expect((await api.call('GET', '/products/JEAN-WIDE')).status).toBe(404);
    expect(await rawItem(api.deps, keys.variant('JEAN-WIDE-BLU-38'))).toBeUndefined();
  });

  it('answers 404 for an unknown style', async () => {
    const res = await api.call('GET', '/products/NO-SUCH-STYLE');
    expect(res.status).toBe(404);
  });

  it.each([
    ['no variants', { ...jeans, variants: [] }, 'body.variants'],
    ['a negative price', { ...jeans, price: -1 }, 'body.price'],
    ['an image that is no URL', { ...jeans, images: ['not a url'] }, 'body.images[0]'],
    ['an unknown field', { ...jeans, colourway: 'x' }, 'body.colourway'],
    ['a SKU outside the id alphabet', { ...jeans, variants: [{ sku: 'JEAN SLIM', colour: 'BLU', size: '38' }] }, 'body.variants[0].sku'],
  ])('answers %s with 400 naming the field', async (_what, body, field) => {
    const res = await put('JEAN-BAD', body);
    expect(res.status).toBe(400);
    expect(fields(res)).toContain(field);
  });

  it('answers a style id outside the id alphabet with 400 naming it', async () => {
    const res = await put('bad%20id', jeans);
    expect(res.status).toBe(400);
    expect(fields(res)).toContain('path.styleId');
  });

  it('refuses callers without catalog/write', async () => {
    expect((await api.call('PUT', '/products/X', { body: jeans })).status).toBe(401);
    expect((await put('X', jeans, await api.integration('inventory/write'))).status).toBe(403);
    expect((await put('X', jeans, await api.staff('store-a', 'admin'))).status).toBe(403);
    expect((await put('X', jeans, await api.customer('c-1'))).status).toBe(403);
  });

  it('writes a style once when the same PUT arrives 20 times at once', async () => {
    const body = styleFixture([{ sku: 'RACE-1', colour: 'X', size: 'U' }]);
    const results = await Promise.all(Array.from({ length: 20 }, () => put('RACE', body)));
    // Each one is answered with the style, or asked to retry (busy); the style is written once.
    expect(results.filter((r) => r.status !== 200 && r.body.type !== 'urn:omnistore:problem:busy').map((r) => r.body)).toEqual([]);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(10);
    expect((await api.call('GET', '/products/RACE')).body.revision).toBe(1);
  }, 90_000);

  it('applies every one of 20 different concurrent writes of a style, or asks to retry (never a lost write)', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => put('RACE2', styleFixture([{ sku: 'RACE2-1', colour: 'X', size: 'U' }], { price: 100 + i }))),
    );
    expect(results.filter((r) => r.status !== 200 && r.body.type !== 'urn:omnistore:problem:busy').map((r) => r.body)).toEqual([]);
    const saved = results.filter((r) => r.status === 200);
    expect((await api.call('GET', '/products/RACE2')).body.revision).toBe(saved.length);
  }, 90_000); // 20 writers of one item retry each other: slow on a loaded machine

  it('gives a SKU to one style only when two styles claim it at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => put(`CLAIM-${i}`, styleFixture([{ sku: 'CLAIMED-SKU', colour: 'X', size: 'U' }]))),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422)).toHaveLength(9);
  });
});

describe('POST /products/batch', () => {
  it('saves a feed style by style, reporting the refused ones by field', async () => {
    await put('JEAN-SLIM', jeans);
    const products = [
      { styleId: 'FEED-A', ...styleFixture([{ sku: 'FEED-A-1', colour: 'X', size: 'U' }]) },
      { styleId: 'FEED-B', ...styleFixture([{ sku: 'JEAN-SLIM-BLK-36', colour: 'X', size: 'U' }]) },
      { styleId: 'FEED-C', ...styleFixture([{ sku: 'FEED-C-1', colour: 'X', size: 'U' }]) },
    ];
    const res = await api.call('POST', '/products/batch', { token: await api.integration('catalog/write'), body: { products } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ saved: 2, rejected: 1 });
    expect(res.body.results[1]).toMatchObject({ styleId: 'FEED-B', result: 'rejected', field: 'body.products[1].variants[0].sku' });
    expect((await api.call('GET', '/products/FEED-C')).status).toBe(200);
  });

  it('answers more than 100 styles, or a style twice, with 400 naming the field', async () => {
    const token = await api.integration('catalog/write');
    const one = (i: number) => ({ styleId: `MANY-${i}`, ...styleFixture([{ sku: `MANY-${i}`, colour: 'X', size: 'U' }]) });
    const many = await api.call('POST', '/products/batch', { token, body: { products: Array.from({ length: 101 }, (_, i) => one(i)) } });
    expect(many.status).toBe(400);
    expect(fields(many)).toContain('body.products');
    const twice = await api.call('POST', '/products/batch', { token, body: { products: [one(1), one(1)] } });
    expect(fields(twice)).toContain('body.products[1].styleId');
  });
});

describe('warehouses', () => {
  const { warehouseId: _id, ...body } = warehouseFixture({ warehouseId: 'wh-getafe', location: { lat: 40.4169, lon: -3.7035 } });

  it('creates a warehouse that staff and integrations read, and that is never a store', async () => {
    await seedStores(api.deps, [storeFixture({ storeId: 'near-sol' })]);
    const res = await api.call('PUT', '/warehouses/wh-getafe', { token: await api.integration('catalog/write'), body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ warehouseId: 'wh-getafe', cutoffTime: '14:00' });
    const got = await api.call('GET', '/warehouses/wh-getafe', { token: await api.staff('near-sol') });
    expect(got.body).toMatchObject({ warehouseId: 'wh-getafe', handlingDays: 1 });
    const nearby = await api.call('GET', '/stores/nearby?lat=40.4169&lon=-3.7035&radiusKm=5');
    expect(nearby.body.items.map((s: { storeId: string }) => s.storeId)).toEqual(['near-sol']);
    expect((await api.call('GET', '/stores/wh-getafe')).status).toBe(404);
  });

  it('refuses readers and writers without the right to', async () => {
    expect((await api.call('GET', '/warehouses/wh-getafe')).status).toBe(401);
    expect((await api.call('GET', '/warehouses/wh-getafe', { token: await api.customer('c-1') })).status).toBe(403);
    const write = (token: string) => api.call('PUT', '/warehouses/wh-x', { token, body });
    expect((await write(await api.integration('inventory/write'))).status).toBe(403);
    expect((await write(await api.staff('near-sol', 'admin'))).status).toBe(403);
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'body.timeZone'],
    ['a cut-off that is no time', { cutoffTime: '25:00' }, 'body.cutoffTime'],
    ['no transit rule', { transit: [] }, 'body.transit'],
    ['a prefix twice', { transit: [body.transit[0], body.transit[0]] }, 'body.transit[1].postalCodePrefix'],
    ['a weekday that is none', { nonDeliveryWeekdays: ['sunday'] }, 'body.nonDeliveryWeekdays[0]'],
    ['a holiday that is no date', { holidays: ['8 December'] }, 'body.holidays[0]'],
    ['a latitude of 91', { location: { lat: 91, lon: 0 } }, 'body.location.lat'],
    ['another id than the path', { warehouseId: 'wh-other' }, 'body.warehouseId'],
  ])('answers %s with 400 naming the field', async (_what, patch, field) => {
    const res = await api.call('PUT', '/warehouses/wh-bad', { token: await api.integration('catalog/write'), body: { ...body, ...patch } });
    expect(res.status).toBe(400);
    expect(fields(res)).toContain(field);
  });

  it('answers 404 for an unknown warehouse', async () => {
    expect((await api.call('GET', '/warehouses/wh-none', { token: await api.integration('catalog/write') })).status).toBe(404);
    const events = await api.call('POST', '/warehouses/wh-none/stock-events', {
      token: await api.integration('inventory/write'),
      body: { events: [{ eventId: 'e1', sku: 'X', type: 'receipt', quantity: 1, occurredAt: '2026-11-24T09:00:00Z' }] },
    });
    expect(events.status).toBe(404);
  });

  it("applies a warehouse's stock feed with the store feed's rules and answers, each event once", async () => {
    const token = await api.integration('inventory/write');
    const events = [
      { eventId: 'w-1', sku: 'JEAN-SLIM-BLU-38', type: 'count', quantity: 40, occurredAt: '2026-11-24T08:00:00Z' },
      { eventId: 'w-2', sku: 'JEAN-SLIM-BLU-38', type: 'sale', quantity: 3, occurredAt: '2026-11-24T08:30:00Z' },
      { eventId: 'w-3', sku: 'JEAN-SLIM-BLU-38', type: 'receipt', quantity: 0, occurredAt: '2026-11-24T08:40:00Z' },
    ];
    const sends = await Promise.all(
      Array.from({ length: 5 }, () => api.call('POST', '/warehouses/wh-getafe/stock-events', { token, body: { events } })),
    );
    expect(sends.every((r) => r.status === 200)).toBe(true);
    expect(sends.reduce((n, r) => n + r.body.applied, 0)).toBe(2);
    expect(sends[0]!.body.results[2]).toMatchObject({ result: 'rejected', field: 'body.events[2].quantity' });
    const line = await rawItem(api.deps, keys.stock(keys.warehouseLocation('wh-getafe'), 'JEAN-SLIM-BLU-38'));
    expect(line).toMatchObject({ PK: 'WAREHOUSE#wh-getafe', onHand: 37, freeUnits: 37 });
    // A store feed's token without inventory/write: refused.
    const staff = await api.call('POST', '/warehouses/wh-getafe/stock-events', {
      token: await api.staff('near-sol', 'admin'),
      body: { events },
    });
    expect(staff.status).toBe(403);
  });
});
