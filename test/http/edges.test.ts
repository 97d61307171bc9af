// The API's edges, as a client no one on the team wrote finds them: blank numbers, key
// separators in ids, the gateway's own answers.

import { describe, expect, it } from 'vitest';
import { useTestApi } from '#test/support/api.ts';
import { seedStock, seedStores, storeFixture } from '#test/support/inventory.ts';

const api = useTestApi();

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'cross-origin-resource-policy': 'same-origin',
};

function expectFieldError(res: { status: number; headers: Headers; body: any }, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
}

describe('query numbers', () => {
  it.each([
    ['/stores/nearby?lat=&lon=', 'query.lat'],
    ['/stores/nearby?lat=%20&lon=2', 'query.lat'],
    ['/stores/nearby?lat=40&lon=', 'query.lon'],
    ['/stores/nearby?lat=40&lon=2&radiusKm=', 'query.radiusKm'],
    ['/stores/nearby?lat=40&lon=2&limit=', 'query.limit'],
    ['/stores/nearby?lat=abc&lon=2', 'query.lat'],
    ['/availability?skus=A&lat=&lon=2', 'query.lat'],
    ['/availability?skus=A&lat=40&lon=%20%20', 'query.lon'],
  ])('GET %s is 400 naming %s, not a search at 0', async (path, field) => {
    expectFieldError(await api.call('GET', path), field);
  });
});

describe('ids that become keys', () => {
  it.each(['a#b', 'a|b', ' ', 'a b'])('a stock event id %j is rejected naming eventId, nothing applied', async (eventId) => {
    await seedStores(api.deps, [storeFixture({ storeId: 'edge-store' })]);
    await seedStock(api.deps, [{ storeId: 'edge-store', sku: 'EDGE', onHand: 3 }]);
    const token = await api.integration('inventory/write');
    const res = await api.call('POST', '/stores/edge-store/stock-events', {
      token,
      body: { events: [{ eventId, sku: 'EDGE', type: 'receipt', quantity: 1, occurredAt: '2026-11-23T08:00:00Z' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: 0, rejected: 1, results: [{ result: 'rejected', field: 'body.events[0].eventId' }] });
  });

  it.each(['a#b', 'a|b', 'has space'])('an Idempotency-Key %j is 400 naming the header', async (key) => {
    const token = await api.customer('c-edge');
    const res = await api.call('POST', '/reservations', {
      token,
      headers: { 'idempotency-key': key },
      body: { storeId: 'edge-store', lines: [{ sku: 'EDGE', quantity: 1 }] },
    });
    expectFieldError(res, 'header.idempotency-key');
  });

  it('a store id or customer id with a separator is 400 naming it', async () => {
    expectFieldError(await api.call('GET', '/stores/a%23b'), 'path.storeId');
    const token = await api.integration('orders/write');
    const res = await api.call('POST', '/reservations', {
      token,
      body: { storeId: 'edge-store', customerId: 'c|1', lines: [{ sku: 'EDGE', quantity: 1 }] },
    });
    expectFieldError(res, 'body.customerId');
  });
});

describe("the gateway's own answers", () => {
  it.each([
    ['GET', '/nowhere', {}, 404],
    ['DELETE', '/stores/nearby', {}, 405],
    ['GET', '/me', {}, 401],
    ['GET', '/me', { authorization: 'Bearer not-a-token' }, 401],
    ['OPTIONS', '/me', { origin: 'https://app.example.com' }, 204],
    ['GET', '/stores/nearby?lat=40&lon=2', {}, 200],
  ] as const)('%s %s answers %s with the security headers', async (method, path, headers, status) => {
    const res = await api.call(method, path, { headers: { ...headers } });
    expect(res.status).toBe(status);
    for (const [name, value] of Object.entries(securityHeaders)) expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    if (status >= 400) {
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.status).toBe(status);
    }
  });
});
