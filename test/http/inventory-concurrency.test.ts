import { describe, expect, it } from 'vitest';
import { availableNow, lineFromItem } from '#shared/inventory/index.ts';
import { GetCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { retryingUnavailable, useTestApi } from '#test/support/api.ts';
import { cancelled } from '#test/support/faults.ts';
import { seedStock, seedStores, storeFixture } from '#test/support/inventory.ts';

const api = useTestApi();
const storeId = 'conc-store';

async function rawLine(sku: string) {
  const res = await api.deps.db.send(
    new GetCommand({ TableName: api.deps.tableName, Key: keys.stock(storeId, sku), ConsistentRead: true }),
  );
  return lineFromItem(res.Item!);
}

/** Reads the line over and over while `work` runs; every read must respect the invariant. */
async function watching<T>(sku: string, work: Promise<T>): Promise<{ result: T; reads: number }> {
  let done = false;
  let reads = 0;
  const watcher = (async () => {
    while (!done) {
      const line = await rawLine(sku);
      const now = new Date();
      expect(line.freeUnits).toBeGreaterThanOrEqual(0);
      expect(availableNow(line, now)).toBeGreaterThanOrEqual(0);
      reads++;
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await watcher;
  return { result, reads };
}

const reserveOne = async (i: number, sku: string) =>
  retryingUnavailable(async () =>
    api.call('POST', '/reservations', { token: await api.customer(`c-${sku}-${i}`), body: { storeId, lines: [{ sku, quantity: 1 }] } }),
  );

describe('reservations under concurrency', () => {
  it('200 parallel 1-unit reservations against 10 available: exactly 10 succeed, never below zero', async () => {
    await seedStores(api.deps, [storeFixture({ storeId, location: { lat: 41.3874, lon: 2.1686 } })]);
    await seedStock(api.deps, [
      { storeId, sku: 'HOT', onHand: 12, safetyStock: 2 },
      { storeId, sku: 'HOT2', onHand: 10 },
      { storeId, sku: 'HOT3', onHand: 10 },
      { storeId, sku: 'HOT4', onHand: 10 },
      { storeId, sku: 'OTHER', onHand: 50 },
    ]);
    const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => api.customer(`c-HOT-${i}`)));
    const { result, reads } = await watching(
      'HOT',
      Promise.all(
        tokens.map((token) =>
          retryingUnavailable(() => api.call('POST', '/reservations', { token, body: { storeId, lines: [{ sku: 'HOT', quantity: 1 }] } })),
        ),
      ),
    );
    expect(result.filter((r) => r.status === 201)).toHaveLength(10);
    expect(result.filter((r) => r.status === 409 && r.body.type === 'urn:omnistore:problem:insufficient-stock')).toHaveLength(190);
    expect(reads).toBeGreaterThan(0);
    const stock = await api.call('GET', `/stores/${storeId}/stock?sku=HOT`, { token: await api.staff(storeId) });
    expect(stock.body.items[0]).toMatchObject({ onHand: 12, safetyStock: 2, reserved: 10, available: 0, status: 'out_of_stock' });
    expect((await rawLine('HOT')).freeUnits).toBe(0);
  });

  it("holds exactly 10 while counts and other SKUs' events arrive during the run", async () => {
    const token = await api.integration('inventory/write');
    const feed = Array.from({ length: 20 }, (_, i) =>
      retryingUnavailable(() =>
        api.call('POST', `/stores/${storeId}/stock-events`, {
          token,
          body: {
            events: [
              // A recount that finds the same 10 units (newer each time): it must not disturb the holds.
              { eventId: `recount-${i}`, sku: 'HOT2', type: 'count', quantity: 10, occurredAt: new Date(Date.now() + i).toISOString() },
              { eventId: `other-in-${i}`, sku: 'OTHER', type: 'receipt', quantity: 2, occurredAt: new Date().toISOString() },
              { eventId: `other-out-${i}`, sku: 'OTHER', type: 'sale', quantity: 1, occurredAt: new Date().toISOString() },
            ],
          },
        }),
      ),
    );
    const reservations = Array.from({ length: 200 }, (_, i) => reserveOne(i, 'HOT2'));
    const { result } = await watching('HOT2', Promise.all([Promise.all(reservations), Promise.all(feed)]));
    const [done, fed] = result;
    expect(done.filter((r) => r.status === 201)).toHaveLength(10);
    expect(done.filter((r) => r.status !== 201).every((r) => r.status === 409)).toBe(true);
    expect(fed.every((r) => r.status === 200)).toBe(true);
    // Recounts race each other: one overtaken by a newer recount is stale, never applied late.
    expect(fed.reduce((n, r) => n + r.body.applied + r.body.stale, 0)).toBe(60);
    expect(
      fed.reduce(
        (n, r) => n + r.body.results.filter((x: { sku: string; result: string }) => x.sku === 'OTHER' && x.result === 'applied').length,
        0,
      ),
    ).toBe(40);
    const stock = await api.call('GET', `/stores/${storeId}/stock?sku=HOT2,OTHER`, { token: await api.staff(storeId) });
    expect(stock.body.items[0]).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    expect(stock.body.items[1]).toMatchObject({ onHand: 70 });
  });

  it('keeps reserved + available = on hand while receipts of the same SKU arrive during the run', async () => {
    const token = await api.integration('inventory/write');
    const feed = Array.from({ length: 5 }, (_, i) =>
      retryingUnavailable(() =>
        api.call('POST', `/stores/${storeId}/stock-events`, {
          token,
          body: { events: [{ eventId: `hot3-in-${i}`, sku: 'HOT3', type: 'receipt', quantity: 1, occurredAt: new Date().toISOString() }] },
        }),
      ),
    );
    const { result } = await watching(
      'HOT3',
      Promise.all([Promise.all(Array.from({ length: 200 }, (_, i) => reserveOne(i, 'HOT3'))), Promise.all(feed)]),
    );
    const succeeded = result[0].filter((r) => r.status === 201).length;
    expect(succeeded).toBeGreaterThanOrEqual(10);
    expect(succeeded).toBeLessThanOrEqual(15);
    const stock = await api.call('GET', `/stores/${storeId}/stock?sku=HOT3`, { token: await api.staff(storeId) });
    expect(stock.body.items[0]).toMatchObject({ onHand: 15, reserved: succeeded, available: 15 - succeeded });
  });

  it('settles racing confirms and cancels of one reservation into one consistent state', async () => {
    await seedStock(api.deps, [{ storeId, sku: 'RACE', onHand: 5 }]);
    const token = await api.customer('c-race');
    const held = await api.call('POST', '/reservations', { token, body: { storeId, lines: [{ sku: 'RACE', quantity: 3 }] } });
    expect(held.status).toBe(201);
    const id = held.body.reservationId;
    const calls = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api.call('POST', `/reservations/${id}/${i % 2 ? 'confirm' : 'cancel'}`, { token })),
    );
    expect(calls.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const final = await api.call('GET', `/reservations/${id}`, { token });
    const stock = (await api.call('GET', `/stores/${storeId}/stock?sku=RACE`, { token: await api.staff(storeId) })).body.items[0];
    if (final.body.status === 'confirmed') expect(stock).toMatchObject({ reserved: 3, confirmed: 3, held: 0, available: 2 });
    else expect(stock).toMatchObject({ status: 'in_stock', reserved: 0, available: 5 });
    expect((await rawLine('RACE')).freeUnits).toBe(stock.available);
  });

  it('retries a transaction conflict, and answers 409 busy without a partial write when it keeps conflicting', async () => {
    let conflicts = 0;
    const stop = api.deps.db.intercept('injectTransactionConflict', (call, next) => {
      if (call.operation === 'TransactWriteItems' && conflicts > 0) {
        conflicts--;
        throw cancelled(['TransactionConflict', 'None']);
      }
      return next();
    });
    try {
      conflicts = 2;
      const ok = await reserveOne(1, 'HOT4');
      expect(ok.status).toBe(201);
      expect(conflicts).toBe(0);
      conflicts = 1000;
      const busy = await reserveOne(2, 'HOT4');
      expect(busy.status).toBe(409);
      expect(busy.body.type).toBe('urn:omnistore:problem:busy');
    } finally {
      stop();
    }
    const stock = await api.call('GET', `/stores/${storeId}/stock?sku=HOT4`, { token: await api.staff(storeId) });
    expect(stock.body.items[0]).toMatchObject({ reserved: 1, available: 9 });
    const mine = await api.call('GET', '/me/reservations', { token: await api.customer('c-HOT4-2') });
    expect(mine.body.items).toEqual([]);
  });
});
