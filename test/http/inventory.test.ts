import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { eventsAbout } from '#shared/platform/outbox.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { GetCommand } from '#shared/runtime/dynamodb.ts';
import { attachMeter } from '#shared/runtime/dynamodb-meter.ts';
import { haversineKm } from '#shared/stores/index.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { seedCatalog } from '#test/support/catalog.ts';
import { seedStock, seedStores, storeBody, storeFixture } from '#test/support/inventory.ts';

// Monday 23 November 2026, 11:00 in Madrid.
const clock = fixedClock('2026-11-23T10:00:00Z');
const api = useTestApi({ clock });

const problemFor = (res: { status: number; headers: Headers; body: any }, status: number, field?: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  if (field) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
};

describe('store directory', () => {
  it('lets a catalog integration upsert a store that anyone can read', async () => {
    const token = await api.integration('catalog/write');
    const store = storeFixture({ storeId: 'dir-1', name: 'Gran Vía', location: { lat: 41.65, lon: -0.88 } });
    const put = await api.call('PUT', '/stores/dir-1', { token, body: storeBody(store) });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ storeId: 'dir-1', name: 'Gran Vía', openNow: true });
    const again = await api.call('PUT', '/stores/dir-1', { token, body: { ...storeBody(store), name: 'Gran Vía 32', storeId: 'dir-1' } });
    expect(again.status).toBe(200);
    const got = await api.call('GET', '/stores/dir-1');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ name: 'Gran Vía 32', timeZone: 'Europe/Madrid', pickupLeadMinutes: 60 });
    expect(got.body.GSI2PK).toBeUndefined();
  });

  it('refuses writers without catalog/write', async () => {
    const body = storeBody(storeFixture({ storeId: 'dir-2' }));
    expect((await api.call('PUT', '/stores/dir-2', { body })).status).toBe(401);
    expect((await api.call('PUT', '/stores/dir-2', { body, token: await api.customer('c1') })).status).toBe(403);
    expect((await api.call('PUT', '/stores/dir-2', { body, token: await api.staff('dir-2') })).status).toBe(403);
    expect((await api.call('PUT', '/stores/dir-2', { body, token: await api.integration('inventory/write') })).status).toBe(403);
  });

  it.each([
    ['a latitude out of range', { location: { lat: 91, lon: 0 } }, 'body.location.lat'],
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'body.timeZone'],
    ['a store id that differs from the path', { storeId: 'other' }, 'body.storeId'],
    ['hours that close before they open', { openingHours: { mon: [{ open: '21:00', close: '10:00' }] } }, 'body.openingHours.mon[0]'],
  ])('answers %s with 400 naming the field', async (_what, patch, field) => {
    const body = { ...storeBody(storeFixture({ storeId: 'dir-3' })), ...patch };
    problemFor(await api.call('PUT', '/stores/dir-3', { token: await api.integration('catalog/write'), body }), 400, field);
  });

  it('answers 404 for an unknown store', async () => {
    problemFor(await api.call('GET', '/stores/no-such-store'), 404);
  });
});

// Stores around Puerta del Sol; distances from Sol.
const sol = { lat: 40.4169, lon: -3.7035 };
const near = [
  storeFixture({ storeId: 'n-sol', name: 'Sol', location: sol }),
  storeFixture({ storeId: 'n-serrano', name: 'Serrano', location: { lat: 40.4251, lon: -3.6878 }, services: ['pickup', 'stylist'] }),
  storeFixture({ storeId: 'n-chamartin', name: 'Chamartín', location: { lat: 40.4722, lon: -3.6826 }, services: ['returns'] }),
  storeFixture({ storeId: 'n-alcala', name: 'Alcalá de Henares', location: { lat: 40.4818, lon: -3.3643 } }),
  storeFixture({ storeId: 'n-toledo', name: 'Toledo', location: { lat: 39.8628, lon: -4.0273 } }),
];

describe('GET /stores/nearby', () => {
  it('lists stores within the radius, nearest first, with distance and open-now', async () => {
    await seedStores(api.deps, near);
    const res = await api.call('GET', `/stores/nearby?lat=${sol.lat}&lon=${sol.lon}&radiusKm=35`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { storeId: string }) => s.storeId)).toEqual(['n-sol', 'n-serrano', 'n-chamartin', 'n-alcala']);
    expect(res.body.items[0]).toMatchObject({ distanceKm: 0, openNow: true, timeZone: 'Europe/Madrid' });
    expect(res.body.items[1].distanceKm).toBeCloseTo(haversineKm(sol, near[1]!.location), 2);
  });

  it('filters by service, limits, and shrinks with the radius', async () => {
    const svc = await api.call('GET', `/stores/nearby?lat=${sol.lat}&lon=${sol.lon}&radiusKm=35&service=stylist`);
    expect(svc.body.items.map((s: { storeId: string }) => s.storeId)).toEqual(['n-serrano']);
    const limited = await api.call('GET', `/stores/nearby?lat=${sol.lat}&lon=${sol.lon}&radiusKm=50&limit=2`);
    expect(limited.body.items).toHaveLength(2);
    const small = await api.call('GET', `/stores/nearby?lat=${sol.lat}&lon=${sol.lon}&radiusKm=0.5`);
    expect(small.body.items.map((s: { storeId: string }) => s.storeId)).toEqual(['n-sol']);
  });

  it('answers what a brute-force scan answers when the first capped Queries stop early (240 stores in 3 km of Lisbon, a service filter)', async () => {
    const lisbon = { lat: 38.7223, lon: -9.1393 };
    let x = 17;
    const next = () => {
      x = (x * 16807) % 2147483647;
      return x / 2147483647;
    };
    const crowd = Array.from({ length: 240 }, (_, i) =>
      storeFixture({
        storeId: `lx-${String(i).padStart(3, '0')}`,
        location: { lat: lisbon.lat + (next() - 0.5) * 0.054, lon: lisbon.lon + (next() - 0.5) * 0.07 },
        services: i % 3 === 0 ? ['pickup', 'stylist'] : ['pickup'],
      }),
    );
    await seedStores(api.deps, crowd);
    const meter = attachMeter(api.deps.db);
    try {
      for (const [query, keep] of [
        ['limit=20', () => true],
        ['limit=15&service=stylist', (s: (typeof crowd)[number]) => s.services.includes('stylist')],
      ] as const) {
        const expected = crowd
          .filter(keep)
          .map((s) => ({ id: s.storeId, d: haversineKm(lisbon, s.location) }))
          .filter((s) => s.d <= 5)
          .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
          .slice(0, query.startsWith('limit=20') ? 20 : 15);
        const res = await api.call('GET', `/stores/nearby?lat=${lisbon.lat}&lon=${lisbon.lon}&radiusKm=5&${query}`);
        expect(res.status).toBe(200);
        expect(res.body.items.map((s: { storeId: string }) => s.storeId)).toEqual(expected.map((s) => s.id));
      }
      // Two searches. Here the probe's small first Query finds the area dense and the rings
      // follow, split finely (rules: ringRanges) so they read few entries the answer does not
      // need: about as many calls as stores answered (45 measured; a whole-radius probe of
      // 36 entries a Query made fewer calls but read ~70 entries a search).
      expect(meter.calls).toBeLessThanOrEqual(2 * 25);
      const twoColdSearches = meter.byCommand.Query ?? 0;

      // The same search again: the area's density is remembered now, so no probe goes first
      // and the ring it sizes mostly reads the answer in one round. The same answer, fewer Queries.
      meter.reset();
      const again = await api.call('GET', `/stores/nearby?lat=${lisbon.lat}&lon=${lisbon.lon}&radiusKm=5&limit=20`);
      expect(again.status).toBe(200);
      const nearest = crowd
        .map((s) => ({ id: s.storeId, d: haversineKm(lisbon, s.location) }))
        .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
        .slice(0, 20);
      expect(again.body.items.map((s: { storeId: string }) => s.storeId)).toEqual(nearest.map((s) => s.id));
      expect(meter.byCommand.Query).toBeGreaterThan(0);
      expect(meter.byCommand.Query).toBeLessThan(twoColdSearches / 2);
    } finally {
      meter.detach();
    }
  });

  it('says a store is closed on Sunday in Madrid time', async () => {
    clock.set('2026-11-22T12:00:00Z');
    try {
      const res = await api.call('GET', `/stores/nearby?lat=${sol.lat}&lon=${sol.lon}&radiusKm=1`);
      expect(res.body.items[0].openNow).toBe(false);
    } finally {
      clock.set('2026-11-23T10:00:00Z');
    }
  });

  it.each([
    ['lat=91&lon=0', 'query.lat'],
    ['lat=-90.5&lon=0', 'query.lat'],
    ['lat=40&lon=181', 'query.lon'],
    ['lat=40&lon=-3&radiusKm=51', 'query.radiusKm'],
    ['lat=40&lon=-3&radiusKm=0', 'query.radiusKm'],
    ['lon=-3', 'query.lat'],
    ['lat=abc&lon=-3', 'query.lat'],
    ['lat=40&lon=-3&limit=51', 'query.limit'],
    ['lat=40&lon=-3&service=spa', 'query.service'],
    ['lat=40&lon=-3&extra=1', 'query.extra'],
  ])('answers ?%s with 400 naming %s', async (qs, field) => {
    problemFor(await api.call('GET', `/stores/nearby?${qs}`), 400, field);
  });

  it('matches a brute-force haversine scan over the same stores (property, through HTTP)', async () => {
    // Around Lisbon, far from every other store in this file.
    const lisbon = { lat: 38.7223, lon: -9.1393 };
    const stores = fc
      .sample(fc.record({ dLat: fc.double({ min: -0.6, max: 0.6, noNaN: true }), dLon: fc.double({ min: -0.8, max: 0.8, noNaN: true }) }), {
        numRuns: 150,
        seed: 42,
      })
      .map((o, i) => storeFixture({ storeId: `lx-${i}`, location: { lat: lisbon.lat + o.dLat, lon: lisbon.lon + o.dLon } }));
    await seedStores(api.deps, stores);
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0.5, max: 50, noNaN: true }),
        async (dLat, dLon, radiusKm) => {
          const c = { lat: lisbon.lat + dLat, lon: lisbon.lon + dLon };
          const res = await api.call('GET', `/stores/nearby?lat=${c.lat}&lon=${c.lon}&radiusKm=${radiusKm}&limit=50`);
          const expected = stores
            .map((s) => ({ id: s.storeId, d: haversineKm(c, s.location) }))
            .filter((s) => s.d <= radiusKm)
            .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
            .slice(0, 50)
            .map((s) => s.id);
          expect(res.body.items.map((s: { storeId: string }) => s.storeId)).toEqual(expected);
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  }, 120_000);
});

describe('stock feed and staff stock', () => {
  const storeId = 'feed-store';
  const events = (list: unknown[]) => ({ events: list });
  const at = (minutes: number) => new Date(Date.parse('2026-11-23T09:00:00Z') + minutes * 60_000).toISOString();

  it('applies each event once, ignores stale ones, and rejects bad ones without blocking the rest', async () => {
    await seedStores(api.deps, [storeFixture({ storeId, location: { lat: 43.26, lon: -2.93 } })]);
    const token = await api.integration('inventory/write');
    const first = await api.call('POST', `/stores/${storeId}/stock-events`, {
      token,
      body: events([
        { eventId: 'e1', sku: 'TEE-M', type: 'receipt', quantity: 20, occurredAt: at(0) },
        { eventId: 'e2', sku: 'TEE-M', type: 'sale', quantity: 3, occurredAt: at(1) },
        { eventId: 'e3', sku: 'TEE-M', type: 'sale', quantity: -2, occurredAt: at(2) },
        { eventId: 'e4', sku: 'TEE-L', type: 'count', quantity: 7, occurredAt: at(3), safetyStock: 1 },
        { eventId: 'e5', sku: 'TEE-L', type: 'teleport', quantity: 1, occurredAt: at(3) },
        { eventId: 'e6', sku: 'TEE-M', type: 'return', quantity: 1, occurredAt: '2026-11-23T10:02:00+01:00' },
        { eventId: 'e7', sku: 'TEE-M', type: 'adjustment', quantity: -2, occurredAt: at(4) },
        { eventId: 'e1', sku: 'TEE-M', type: 'receipt', quantity: 20, occurredAt: at(0) },
        'not an event',
      ]),
    });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { result: string }) => r.result)).toEqual([
      'applied',
      'applied',
      'rejected',
      'applied',
      'rejected',
      'applied',
      'applied',
      'duplicate',
      'rejected',
    ]);
    expect(first.body).toMatchObject({ applied: 5, duplicate: 1, stale: 0, rejected: 3 });
    expect(first.body.results[2]).toMatchObject({ eventId: 'e3', field: 'body.events[2].quantity' });
    expect(first.body.results[4]).toMatchObject({ field: 'body.events[4].type' });

    const resend = await api.call('POST', `/stores/${storeId}/stock-events`, {
      token,
      body: events([
        { eventId: 'e2', sku: 'TEE-M', type: 'sale', quantity: 3, occurredAt: at(1) },
        { eventId: 'e8', sku: 'TEE-L', type: 'count', quantity: 99, occurredAt: at(2) },
        { eventId: 'e9', sku: 'TEE-L', type: 'sale', quantity: 1, occurredAt: at(1) },
        { eventId: 'e10', sku: 'TEE-L', type: 'sale', quantity: 2, occurredAt: at(5) },
      ]),
    });
    expect(resend.body.results.map((r: { result: string }) => r.result)).toEqual(['duplicate', 'stale', 'stale', 'applied']);

    const stock = await api.call('GET', `/stores/${storeId}/stock?sku=TEE-M,TEE-L,NOPE`, { token: await api.staff(storeId) });
    expect(stock.status).toBe(200);
    expect(stock.body.items).toEqual([
      expect.objectContaining({ sku: 'TEE-M', onHand: 16, reserved: 0, safetyStock: 0, available: 16, status: 'in_stock' }),
      expect.objectContaining({ sku: 'TEE-L', onHand: 5, safetyStock: 1, available: 4, status: 'in_stock' }),
    ]);
    expect(stock.body.unknownSkus).toEqual(['NOPE']);
  });

  it('applies the same batch sent five times at once exactly once', async () => {
    const token = await api.integration('inventory/write');
    const batch = events(
      Array.from({ length: 20 }, (_, i) => ({
        eventId: `par-${i}`,
        sku: `PAR-${i % 4}`,
        type: 'receipt',
        quantity: 1,
        occurredAt: at(10),
      })),
    );
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api.call('POST', `/stores/${storeId}/stock-events`, { token, body: batch })),
    );
    expect(results.reduce((n, r) => n + r.body.applied, 0)).toBe(20);
    expect(results.reduce((n, r) => n + r.body.duplicate, 0)).toBe(80);
    const stock = await api.call('GET', `/stores/${storeId}/stock?sku=PAR-0,PAR-1,PAR-2,PAR-3`, { token: await api.staff(storeId) });
    expect(stock.body.items.map((i: { onHand: number }) => i.onHand)).toEqual([5, 5, 5, 5]);
  });

  it('applies a batch of new events for distinct SKUs in one go, and a re-send of it as duplicates', async () => {
    const token = await api.integration('inventory/write');
    const batch = events(
      Array.from({ length: 10 }, (_, i) => ({
        eventId: `one-go-${i}`,
        sku: `ONE-${i}`,
        type: 'receipt',
        quantity: i + 1,
        occurredAt: at(11),
      })),
    );
    const sent = await Promise.all([1, 2, 3].map(() => api.call('POST', `/stores/${storeId}/stock-events`, { token, body: batch })));
    expect(sent.reduce((n, r) => n + r.body.applied, 0)).toBe(10);
    expect(sent.reduce((n, r) => n + r.body.duplicate, 0)).toBe(20);
    const again = await api.call('POST', `/stores/${storeId}/stock-events`, { token, body: batch });
    expect(again.body).toMatchObject({ applied: 0, duplicate: 10 });
    const stock = await api.call('GET', `/stores/${storeId}/stock?sku=ONE-0,ONE-9`, { token: await api.staff(storeId) });
    expect(stock.body.items.map((i: { onHand: number }) => i.onHand)).toEqual([1, 10]);
  });

  it('is visible in the very next availability call (read-your-write)', async () => {
    const token = await api.integration('inventory/write');
    await api.call('POST', `/stores/${storeId}/stock-events`, {
      token,
      body: events([{ eventId: 'ryw-1', sku: 'RYW', type: 'receipt', quantity: 3, occurredAt: at(20) }]),
    });
    const a = await api.call('GET', '/availability?skus=RYW&lat=43.26&lon=-2.93&radiusKm=1');
    expect(a.body.stores[0].items[0]).toMatchObject({ available: 3, status: 'low_stock' });
    await api.call('POST', `/stores/${storeId}/stock-events`, {
      token,
      body: events([{ eventId: 'ryw-2', sku: 'RYW', type: 'sale', quantity: 3, occurredAt: at(21) }]),
    });
    const b = await api.call('GET', '/availability?skus=RYW&lat=43.26&lon=-2.93&radiusKm=1');
    expect(b.body.stores[0].items[0]).toMatchObject({ available: 0, status: 'out_of_stock' });
  });

  it("pages through a store's lines with an opaque cursor", async () => {
    const staff = await api.staff(storeId);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await api.call('GET', `/stores/${storeId}/stock?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: staff });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { sku: string }) => i.sku));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(['TEE-M', 'TEE-L', 'PAR-0', 'RYW']));
  });

  it('lets only staff of the store (or regional staff, or the feed) see or change its stock', async () => {
    const body = events([{ eventId: 'auth-1', sku: 'X', type: 'receipt', quantity: 1, occurredAt: at(30) }]);
    expect((await api.call('GET', `/stores/${storeId}/stock`, { token: await api.staff('other-store') })).status).toBe(403);
    expect((await api.call('GET', `/stores/${storeId}/stock`, { token: await api.customer('c1') })).status).toBe(403);
    expect((await api.call('GET', `/stores/${storeId}/stock`)).status).toBe(401);
    expect((await api.call('GET', `/stores/${storeId}/stock`, { token: await api.staff('other-store', 'regional') })).status).toBe(200);
    expect((await api.call('POST', `/stores/${storeId}/stock-events`, { token: await api.staff('other-store'), body })).status).toBe(403);
    expect((await api.call('POST', `/stores/${storeId}/stock-events`, { token: await api.integration('orders/write'), body })).status).toBe(
      403,
    );
    expect((await api.call('POST', `/stores/${storeId}/stock-events`, { token: await api.staff(storeId), body })).body.applied).toBe(1);
  });

  it('answers bad requests as a whole with 400 or 404', async () => {
    const token = await api.integration('inventory/write');
    const many = events(
      Array.from({ length: 101 }, (_, i) => ({ eventId: `m-${i}`, sku: 'X', type: 'receipt', quantity: 1, occurredAt: at(0) })),
    );
    problemFor(await api.call('POST', `/stores/${storeId}/stock-events`, { token, body: many }), 400, 'body.events');
    problemFor(await api.call('POST', `/stores/${storeId}/stock-events`, { token, body: events([]) }), 400, 'body.events');
    problemFor(
      await api.call('POST', '/stores/ghost/stock-events', {
        token,
        body: events([{ eventId: 'g', sku: 'X', type: 'receipt', quantity: 1, occurredAt: at(0) }]),
      }),
      404,
    );
    problemFor(await api.call('GET', '/stores/ghost/stock', { token }), 404);
    problemFor(await api.call('GET', `/stores/${storeId}/stock?sku=A&cursor=abc`, { token }), 400, 'query.cursor');
    problemFor(await api.call('GET', `/stores/${storeId}/stock?cursor=garbage`, { token }), 400, 'query.cursor');
  });
});

describe('GET /availability', () => {
  // Around Valencia: three stores with different stock.
  const v = { lat: 39.4699, lon: -0.3763 };
  const stores = [
    storeFixture({ storeId: 'v-centro', name: 'Valencia Centro', location: v }),
    storeFixture({ storeId: 'v-ruzafa', name: 'Ruzafa', location: { lat: 39.4625, lon: -0.3733 }, pickupLeadMinutes: 120 }),
    storeFixture({ storeId: 'v-campanar', name: 'Campanar', location: { lat: 39.4817, lon: -0.3997 }, services: ['returns'] }),
  ];

  it('gives per store and SKU the status, the units and the pickup time; stores with nothing last', async () => {
    await seedStores(api.deps, stores);
    await seedStock(api.deps, [
      { storeId: 'v-centro', sku: 'DRESS-S', onHand: 0 },
      { storeId: 'v-centro', sku: 'DRESS-M', onHand: 2, safetyStock: 2 },
      { storeId: 'v-ruzafa', sku: 'DRESS-S', onHand: 2 },
      { storeId: 'v-ruzafa', sku: 'DRESS-M', onHand: 12, safetyStock: 1 },
      { storeId: 'v-campanar', sku: 'DRESS-S', onHand: 5 },
    ]);
    const res = await api.call('GET', `/availability?skus=DRESS-S,DRESS-M,UNKNOWN-SKU&lat=${v.lat}&lon=${v.lon}&radiusKm=5`);
    expect(res.status).toBe(200);
    expect(res.body.skus).toEqual(['DRESS-S', 'DRESS-M', 'UNKNOWN-SKU']);
    expect(res.body.stores.map((s: { storeId: string }) => s.storeId)).toEqual(['v-ruzafa', 'v-campanar', 'v-centro']);
    const [ruzafa, campanar, centro] = res.body.stores;
    expect(ruzafa.items).toEqual([
      { sku: 'DRESS-S', status: 'low_stock', available: 2 },
      { sku: 'DRESS-M', status: 'in_stock', available: 11 },
      { sku: 'UNKNOWN-SKU', status: 'out_of_stock', available: 0 },
    ]);
    // Reserved at 11:00 Madrid with 120 minutes' lead: ready at 13:00 Madrid.
    expect(ruzafa.pickupReadyAt).toBe('2026-11-23T12:00:00.000Z');
    expect(ruzafa.skusAvailable).toBe(2);
    expect(campanar.pickupReadyAt).toBeNull(); // no pickup service
    expect(centro).toMatchObject({ skusAvailable: 0, pickupReadyAt: '2026-11-23T11:00:00.000Z' });
    expect(centro.items[1]).toEqual({ sku: 'DRESS-M', status: 'out_of_stock', available: 0 }); // all of it is safety stock
  });

  it('reads the stores and every line in one round trip after the search (two BatchGetItems in parallel)', async () => {
    const meter = attachMeter(api.deps.db);
    try {
      const res = await api.call('GET', `/availability?skus=DRESS-S,DRESS-M&lat=${v.lat}&lon=${v.lon}&radiusKm=5`);
      expect(res.status).toBe(200);
      expect(res.body.stores).toHaveLength(3);
      expect(meter.byCommand.BatchGetItem).toBe(2);
      expect(Object.keys(meter.byCommand).sort()).toEqual(['BatchGetItem', 'Query']);
    } finally {
      meter.detach();
    }
  });

  it('moves the pickup time into opening hours (reserved Saturday evening → Monday morning)', async () => {
    clock.set('2026-11-21T19:30:00Z'); // Saturday 20:30 in Madrid; closed Sunday
    try {
      const res = await api.call('GET', `/availability?skus=DRESS-M&lat=${v.lat}&lon=${v.lon}&radiusKm=1`);
      const centro = res.body.stores.find((s: { storeId: string }) => s.storeId === 'v-centro');
      expect(centro.pickupReadyAt).toBe('2026-11-23T09:30:00.000Z'); // 30 min on Saturday, 30 on Monday from 10:00
    } finally {
      clock.set('2026-11-23T10:00:00Z');
    }
  });

  it('answers an empty list where there are no stores', async () => {
    const res = await api.call('GET', '/availability?skus=DRESS-M&lat=0&lon=0&radiusKm=10');
    expect(res.status).toBe(200);
    expect(res.body.stores).toEqual([]);
  });

  it.each([
    ['101 SKUs', `skus=${Array.from({ length: 101 }, (_, i) => `S${i}`).join(',')}&lat=39&lon=0`, 'query.skus'],
    ['a SKU twice', 'skus=A,B,A&lat=39&lon=0', 'query.skus'],
    ['no SKUs', 'skus=&lat=39&lon=0', 'query.skus'],
    ['a malformed SKU', 'skus=A,b%20c&lat=39&lon=0', 'query.skus[1]'],
    ['a latitude out of range', 'skus=A&lat=100&lon=0', 'query.lat'],
    ['a longitude out of range', 'skus=A&lat=39&lon=-200', 'query.lon'],
    ['a radius too large', 'skus=A&lat=39&lon=0&radiusKm=500', 'query.radiusKm'],
    ['too many stores', 'skus=A&lat=39&lon=0&limit=21', 'query.limit'],
  ])('answers %s with 400 naming the field', async (_what, qs, field) => {
    problemFor(await api.call('GET', `/availability?${qs}`), 400, field);
  });

  it('accepts exactly 100 SKUs', async () => {
    const skus = Array.from({ length: 100 }, (_, i) => `DRESS-${i}`).join(',');
    const res = await api.call('GET', `/availability?skus=${skus}&lat=${v.lat}&lon=${v.lon}&radiusKm=5`);
    expect(res.status).toBe(200);
    expect(res.body.stores[0].items).toHaveLength(100);
  });
});

describe('reservations', () => {
  // Around Sevilla.
  const storeId = 'r-sevilla';
  const other = 'r-triana';
  const sku = (s: string) => `R-${s}`;
  const reserve = async (token: string, body: object, headers: Record<string, string> = {}) =>
    api.call('POST', '/reservations', { token, body, headers });
  const stockOf = async (s: string, store = storeId) =>
    (await api.call('GET', `/stores/${store}/stock?sku=${s}`, { token: await api.staff(store) })).body.items[0];

  it("holds every line, shows it to staff, on the customer's timeline and in the outbox", async () => {
    await seedStores(api.deps, [
      storeFixture({ storeId, name: 'Sevilla Centro', location: { lat: 37.3891, lon: -5.9845 } }),
      storeFixture({ storeId: other, name: 'Triana', location: { lat: 37.3841, lon: -6.0026 } }),
      storeFixture({ storeId: 'r-nopickup', location: { lat: 37.39, lon: -5.99 }, services: ['returns'] }),
    ]);
    await seedStock(api.deps, [
      { storeId, sku: sku('A'), onHand: 5 },
      { storeId, sku: sku('B'), onHand: 3, safetyStock: 1 },
      { storeId, sku: sku('EXP'), onHand: 4 },
      { storeId, sku: sku('CONF'), onHand: 4 },
      { storeId, sku: sku('CANC'), onHand: 4 },
      { storeId, sku: sku('MANY'), onHand: 100 },
      { storeId: other, sku: sku('A'), onHand: 2 },
    ]);
    // In the catalogue, never stocked here.
    await seedCatalog(api.deps, [sku('NONE')]);
    const token = await api.customer('c-resv');
    const res = await reserve(token, {
      storeId,
      lines: [
        { sku: sku('A'), quantity: 2 },
        { sku: sku('B'), quantity: 2 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      storeId,
      customerId: 'c-resv',
      status: 'held',
      holdUntil: '2026-11-23T10:30:00.000Z',
      pickupReadyAt: '2026-11-23T11:00:00.000Z',
    });
    expect(res.headers.get('location')).toBe(`/reservations/${res.body.reservationId}`);
    expect(await stockOf(sku('A'))).toMatchObject({ onHand: 5, reserved: 2, held: 2, available: 3 });
    expect(await stockOf(sku('B'))).toMatchObject({ onHand: 3, reserved: 2, available: 0, status: 'out_of_stock' });

    const timeline = await api.call('GET', '/me/timeline', { token });
    expect(timeline.body.items[0]).toMatchObject({ type: 'reservation.held', ref: { reservationId: res.body.reservationId, storeId } });
    const events = await eventsAbout(api.deps, `reservation#${res.body.reservationId}`);
    expect(events.map((e) => e.type)).toEqual(['reservation.held']);
  });

  it('costs two DynamoDB calls without an Idempotency-Key: one read of the store and its lines, one transaction', async () => {
    const token = await api.customer('c-calls');
    const meter = attachMeter(api.deps.db);
    try {
      const res = await reserve(token, {
        storeId,
        lines: [{ sku: sku('MANY'), quantity: 1 }],
      });
      expect(res.status).toBe(201);
      expect(meter.byCommand).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
      meter.reset();
      // Unknown store and no pickup: refused after that one read, nothing written.
      problemFor(await reserve(token, { storeId: 'r-ghost', lines: [{ sku: sku('A'), quantity: 1 }] }), 404);
      expect(await reserve(token, { storeId: 'r-nopickup', lines: [{ sku: sku('A'), quantity: 1 }] })).toMatchObject({ status: 409 });
      expect(meter.byCommand).toEqual({ BatchGetItem: 2 });
    } finally {
      meter.detach();
    }
  });

  it('reserves nothing when one line is short, and says which with 409', async () => {
    const token = await api.customer('c-short');
    const res = await reserve(token, {
      storeId,
      lines: [
        { sku: sku('A'), quantity: 1 },
        { sku: sku('B'), quantity: 1 },
        { sku: sku('NONE'), quantity: 1 },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:omnistore:problem:insufficient-stock');
    expect(res.body.lines).toEqual([
      { sku: sku('B'), requested: 1, available: 0 },
      { sku: sku('NONE'), requested: 1, available: 0 },
    ]);
    expect(await stockOf(sku('A'))).toMatchObject({ reserved: 2, available: 3 });
  });

  it('replays a retried request with the same Idempotency-Key instead of holding twice', async () => {
    const token = await api.customer('c-idem');
    const body = { storeId: other, lines: [{ sku: sku('A'), quantity: 1 }] };
    const first = await reserve(token, body, { 'idempotency-key': 'k-1' });
    const retried = await Promise.all([1, 2, 3].map(() => reserve(token, body, { 'idempotency-key': 'k-1' })));
    expect(first.status).toBe(201);
    for (const r of retried) {
      expect(r.status).toBe(201);
      expect(r.body.reservationId).toBe(first.body.reservationId);
      expect(r.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(await stockOf(sku('A'), other)).toMatchObject({ reserved: 1, available: 1 });
    const reused = await reserve(token, { ...body, holdMinutes: 10 }, { 'idempotency-key': 'k-1' });
    expect(reused.status).toBe(409);
    expect(reused.body.type).toBe('urn:omnistore:problem:idempotency-key-reused');
  });

  it('releases an expired hold without any write, and the next reservation cleans the bucket up', async () => {
    const token = await api.customer('c-exp');
    const held = await reserve(token, { storeId, lines: [{ sku: sku('EXP'), quantity: 3 }], holdMinutes: 10 });
    expect(held.status).toBe(201);
    expect(await stockOf(sku('EXP'))).toMatchObject({ available: 1, held: 3 });
    clock.advance(10 * 60_000);
    try {
      expect(await stockOf(sku('EXP'))).toMatchObject({ available: 4, held: 0, reserved: 0 });
      const again = await api.call('GET', `/reservations/${held.body.reservationId}`, { token });
      expect(again.body.status).toBe('expired');
      const avail = await api.call('GET', `/availability?skus=${sku('EXP')}&lat=37.3891&lon=-5.9845&radiusKm=0.5`);
      expect(avail.body.stores[0].items[0].available).toBe(4);
      // All four can now be reserved: the transaction releases the expired bucket itself.
      const next = await reserve(await api.customer('c-exp2'), { storeId, lines: [{ sku: sku('EXP'), quantity: 4 }] });
      expect(next.status).toBe(201);
      const raw = await api.deps.db.send(new GetCommand({ TableName: api.deps.tableName, Key: keys.stock(storeId, sku('EXP')) }));
      expect(Object.keys(raw.Item!.holds)).toEqual([String(Date.parse(next.body.holdUntil) / 1000)]);
      expect(raw.Item!.freeUnits).toBe(0);
      expect((await api.call('POST', `/reservations/${held.body.reservationId}/confirm`, { token })).status).toBe(409);
      const cancelled = await api.call('POST', `/reservations/${held.body.reservationId}/cancel`, { token });
      expect(cancelled.body.status).toBe('cancelled');
      expect(await stockOf(sku('EXP'))).toMatchObject({ available: 0, held: 4 });
    } finally {
      clock.set('2026-11-23T10:00:00Z');
    }
  });

  it('confirms a hold so it no longer expires, and cancelling it then gives the units back', async () => {
    const token = await api.customer('c-conf');
    const held = await reserve(token, { storeId, lines: [{ sku: sku('CONF'), quantity: 2 }] });
    clock.advance(1000); // timeline entries of the same millisecond have no order
    const confirmed = await api.call('POST', `/reservations/${held.body.reservationId}/confirm`, { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmedAt: '2026-11-23T10:00:01.000Z' });
    expect((await api.call('POST', `/reservations/${held.body.reservationId}/confirm`, { token })).body.status).toBe('confirmed');
    clock.advance(3 * 3600_000);
    try {
      expect(await stockOf(sku('CONF'))).toMatchObject({ reserved: 2, confirmed: 2, held: 0, available: 2 });
      const cancelled = await api.call('POST', `/reservations/${held.body.reservationId}/cancel`, { token: await api.staff(storeId) });
      expect(cancelled.body.status).toBe('cancelled');
      expect(await stockOf(sku('CONF'))).toMatchObject({ reserved: 0, available: 4 });
    } finally {
      clock.set('2026-11-23T10:00:00Z');
    }
    const timeline = await api.call('GET', '/me/timeline', { token });
    expect(timeline.body.items.slice(0, 3).map((e: { type: string }) => e.type)).toEqual([
      'reservation.cancelled',
      'reservation.confirmed',
      'reservation.held',
    ]);
  });

  it('cancels a live hold once; a cancelled one cannot be confirmed', async () => {
    const token = await api.customer('c-canc');
    const held = await reserve(token, { storeId, lines: [{ sku: sku('CANC'), quantity: 4 }] });
    expect(await stockOf(sku('CANC'))).toMatchObject({ available: 0 });
    const [a, b] = await Promise.all([1, 2].map(() => api.call('POST', `/reservations/${held.body.reservationId}/cancel`, { token })));
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect(await stockOf(sku('CANC'))).toMatchObject({ available: 4, reserved: 0 });
    const confirm = await api.call('POST', `/reservations/${held.body.reservationId}/confirm`, { token });
    expect(confirm.status).toBe(409);
    expect(confirm.body.type).toBe('urn:omnistore:problem:reservation-cancelled');
  });

  it("lists the customer's own reservations newest first, page by page", async () => {
    const token = await api.customer('c-list');
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      expect((await reserve(token, { storeId, lines: [{ sku: sku('MANY'), quantity: 1 }], holdMinutes: 5 })).status).toBe(201);
    }
    clock.set('2026-11-23T10:00:00Z');
    const first = await api.call('GET', '/me/reservations?limit=2', { token });
    expect(first.body.items).toHaveLength(2);
    const second = await api.call('GET', `/me/reservations?limit=2&cursor=${first.body.nextCursor}`, { token });
    const all = [...first.body.items, ...second.body.items];
    expect(all).toHaveLength(3);
    expect(all.map((r) => r.createdAt)).toEqual([...all.map((r) => r.createdAt)].sort().reverse());
    const someoneElse = await api.call('GET', '/me/reservations', { token: await api.customer('c-nobody') });
    expect(someoneElse.body.items).toEqual([]);
    expect(
      (await api.call('GET', `/me/reservations?cursor=${first.body.nextCursor}`, { token: await api.customer('c-nobody') })).status,
    ).toBe(400);
  });

  it("lets an orders integration reserve on a customer's behalf", async () => {
    const res = await reserve(await api.integration('orders/write'), {
      storeId,
      lines: [{ sku: sku('MANY'), quantity: 1 }],
      customerId: 'c-behalf',
    });
    expect(res.status).toBe(201);
    const mine = await api.call('GET', '/me/reservations', { token: await api.customer('c-behalf') });
    expect(mine.body.items.map((r: { reservationId: string }) => r.reservationId)).toEqual([res.body.reservationId]);
  });

  it("keeps reservations to their owner, the store's staff and orders integrations", async () => {
    const held = await reserve(await api.customer('c-owner'), { storeId, lines: [{ sku: sku('MANY'), quantity: 1 }] });
    expect(held.status).toBe(201);
    const id = held.body.reservationId;
    problemFor(await api.call('GET', `/reservations/${id}`, { token: await api.customer('c-intruder') }), 404);
    problemFor(await api.call('POST', `/reservations/${id}/cancel`, { token: await api.customer('c-intruder') }), 404);
    problemFor(await api.call('POST', `/reservations/${id}/cancel`, { token: await api.staff(other) }), 403);
    expect((await api.call('GET', `/reservations/${id}`, { token: await api.staff(storeId) })).status).toBe(200);
    expect((await api.call('GET', `/reservations/${id}`, { token: await api.integration('orders/write') })).status).toBe(200);
    problemFor(await reserve(await api.staff(storeId), { storeId, lines: [{ sku: sku('A'), quantity: 1 }] }), 403);
    problemFor(await reserve(await api.integration('inventory/write'), { storeId, lines: [{ sku: sku('A'), quantity: 1 }] }), 403);
    problemFor(
      await reserve(await api.customer('c-owner'), { storeId, lines: [{ sku: sku('A'), quantity: 1 }], customerId: 'c-other' }),
      403,
    );
    expect((await api.call('POST', '/reservations', { body: { storeId, lines: [] } })).status).toBe(401);
    problemFor(await api.call('GET', `/reservations/${ulid()}`, { token: await api.customer('c-owner') }), 404);
    problemFor(await api.call('GET', '/reservations/not-an-id', { token: await api.customer('c-owner') }), 400, 'path.reservationId');
  });

  it.each([
    ['a negative quantity', { lines: [{ sku: 'R-A', quantity: -1 }] }, 'body.lines[0].quantity'],
    ['a zero quantity', { lines: [{ sku: 'R-A', quantity: 0 }] }, 'body.lines[0].quantity'],
    ['a fractional quantity', { lines: [{ sku: 'R-A', quantity: 1.5 }] }, 'body.lines[0].quantity'],
    [
      'duplicate lines',
      {
        lines: [
          { sku: 'R-A', quantity: 1 },
          { sku: 'R-A', quantity: 1 },
        ],
      },
      'body.lines[1].sku',
    ],
    ['no lines', { lines: [] }, 'body.lines'],
    ['51 lines', { lines: Array.from({ length: 51 }, (_, i) => ({ sku: `L${i}`, quantity: 1 })) }, 'body.lines'],
    ['a hold too long', { holdMinutes: 24 * 60 + 1 }, 'body.holdMinutes'],
    ['a hold too short', { holdMinutes: 1 }, 'body.holdMinutes'],
    ['an unknown field', { note: 'x' }, 'body.note'],
    ['a bad store id', { storeId: 'a b' }, 'body.storeId'],
  ])('answers %s with 400 naming the field and holds nothing', async (_what, patch, field) => {
    const token = await api.customer('c-bad');
    problemFor(await reserve(token, { storeId, lines: [{ sku: sku('A'), quantity: 1 }], ...patch }), 400, field);
  });

  it('answers a SKU the catalogue does not have with 422 naming the line, and holds nothing', async () => {
    const token = await api.customer('c-bad');
    const lines = [
      { sku: sku('A'), quantity: 1 },
      { sku: 'NOT-IN-CATALOGUE', quantity: 1 },
    ];
    const before = await stockOf(sku('A'));
    const res = await reserve(token, { storeId, lines });
    problemFor(res, 422, 'body.lines[1].sku');
    expect(await stockOf(sku('A'))).toEqual(before);
  });

  it('answers 404 for an unknown store and 409 for a store without pickup', async () => {
    const token = await api.customer('c-bad');
    problemFor(await reserve(token, { storeId: 'ghost', lines: [{ sku: 'X', quantity: 1 }] }), 404);
    const res = await reserve(token, { storeId: 'r-nopickup', lines: [{ sku: 'X', quantity: 1 }] });
    problemFor(res, 409);
    expect(res.body.type).toBe('urn:omnistore:problem:pickup-unavailable');
  });

  it('answers a malformed Idempotency-Key with 400', async () => {
    const res = await reserve(
      await api.customer('c-bad'),
      { storeId, lines: [{ sku: sku('A'), quantity: 1 }] },
      { 'idempotency-key': 'has space' },
    );
    problemFor(res, 400, 'header.idempotency-key');
  });
});
