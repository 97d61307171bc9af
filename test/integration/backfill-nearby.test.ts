// The nearby-index backfill (npm run backfill:nearby) on DynamoDB Local: stores written before
// GSI3 existed (no index keys) or with stale ones appear in nearby searches after it, in
// pages; a second run, or several at once, change nothing more; a store that moved since the
// page was read keeps what its own write set; other items are not touched.

import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, UpdateCommand } from '#shared/runtime/dynamodb.ts';
import { backfillNearby, nearbyStores, putStore } from '#shared/stores/index.ts';
import { setStoreGeoKeys } from '#shared/stores/repository.ts';
import { keys } from '#shared/table/keys.ts';
import { storeFixture } from '#test/support/inventory.ts';
import { scanTable, useTestTable } from '#test/support/table.ts';

const t = useTestTable();
const sol = { lat: 40.4169, lon: -3.7035 };
const around = (i: number) => ({ lat: sol.lat + (i % 5) * 0.004, lon: sol.lon + Math.floor(i / 5) * 0.004 });

/** As a store written before the nearby index existed: its item without GSI3 keys (or with stale ones). */
async function unindex(storeId: string, stale = false) {
  await t.deps.db.send(
    new UpdateCommand({
      TableName: t.deps.tableName,
      Key: keys.store(storeId),
      ...(stale
        ? {
            UpdateExpression: 'SET GSI3PK = :pk, GSI3SK = :sk',
            ExpressionAttributeValues: { ':pk': 'GEO#zzz', ':sk': `zzzzzzzzz#${storeId}` },
          }
        : { UpdateExpression: 'REMOVE GSI3PK, GSI3SK' }),
    }),
  );
}

const nearbyIds = async () => (await nearbyStores(t.deps, { ...sol, radiusKm: 5, limit: 50 })).map((n) => n.store.storeId).sort();

describe('backfill of the nearby index', () => {
  it('indexes old and stale stores in pages, and a second run or five at once change nothing more', async () => {
    const stores = Array.from({ length: 12 }, (_, i) => storeFixture({ storeId: `bf-${String(i).padStart(2, '0')}`, location: around(i) }));
    for (const s of stores) await putStore(t.deps, s);
    for (const s of stores.slice(0, 9)) await unindex(s.storeId, s.storeId.endsWith('3'));
    // Not a store: untouched by the backfill.
    const other = { PK: 'BACKFILL#other', SK: 'X', entity: 'stylist', location: sol };
    await t.deps.db.send(new PutCommand({ TableName: t.deps.tableName, Item: other }));
    expect(await nearbyIds()).toEqual(stores.slice(9).map((s) => s.storeId));

    const pages: number[] = [];
    const total = await backfillNearby(t.deps, 4, (page) => pages.push(page.stores));
    expect(total).toEqual({ stores: 12, updated: 9, skipped: 0 });
    expect(pages.length).toBeGreaterThan(1);
    expect(await nearbyIds()).toEqual(stores.map((s) => s.storeId));

    const before = await scanTable(t.deps);
    expect(await backfillNearby(t.deps, 5)).toEqual({ stores: 12, updated: 0, skipped: 0 });
    const again = await Promise.all(Array.from({ length: 5 }, () => backfillNearby(t.deps, 3)));
    expect(again.every((r) => r.updated === 0)).toBe(true);
    expect(await scanTable(t.deps)).toEqual(before);
    const untouched = await t.deps.db.send(new GetCommand({ TableName: t.deps.tableName, Key: { PK: other.PK, SK: other.SK } }));
    expect(untouched.Item).toEqual(other);
  });

  it('ends with every old store indexed, as one run would leave it, when twenty backfills run at once', async () => {
    const stores = Array.from({ length: 6 }, (_, i) => storeFixture({ storeId: `bfc-${i}`, location: around(i + 20) }));
    for (const s of stores) await putStore(t.deps, s);
    for (const s of stores) await unindex(s.storeId);
    const runs = await Promise.all(Array.from({ length: 20 }, () => backfillNearby(t.deps, 7)));
    // A run may set keys another run has just set (the same keys: the write is idempotent).
    expect(runs.reduce((n, r) => n + r.updated, 0)).toBeGreaterThanOrEqual(6);
    expect(runs.every((r) => r.skipped === 0)).toBe(true);
    for (const s of stores) {
      const res = await t.deps.db.send(new GetCommand({ TableName: t.deps.tableName, Key: keys.store(s.storeId) }));
      const sk = String(res.Item?.GSI3SK);
      expect(sk).toMatch(new RegExp(`^[0-9a-z]{9}#${s.storeId}$`));
      expect(res.Item?.GSI3PK).toBe(`GEO#${sk.slice(0, 3)}`);
    }
    expect((await nearbyStores(t.deps, { ...around(22), radiusKm: 5, limit: 50 })).map((n) => n.store.storeId)).toEqual(
      expect.arrayContaining(stores.map((s) => s.storeId)),
    );
  });

  it('leaves a store that moved since its page was read as its own write set it', async () => {
    const store = storeFixture({ storeId: 'bf-moved', location: sol });
    await putStore(t.deps, store);
    await unindex(store.storeId);
    // The page read it at Sol; meanwhile it moved (its own write indexed it at the new place).
    const moved = { ...store, location: { lat: 41.3874, lon: 2.1686 } };
    await putStore(t.deps, moved);
    expect(await setStoreGeoKeys(t.deps, store)).toBe(false);
    const item = await t.deps.db.send(new GetCommand({ TableName: t.deps.tableName, Key: keys.store(store.storeId) }));
    expect(item.Item?.GSI3PK).toBe(keys.storeGeoPartition('sp3e9'));
    // A store deleted meanwhile is not recreated by the backfill.
    expect(await setStoreGeoKeys(t.deps, { storeId: 'bf-gone', location: sol })).toBe(false);
    const gone = await t.deps.db.send(new GetCommand({ TableName: t.deps.tableName, Key: keys.store('bf-gone') }));
    expect(gone.Item).toBeUndefined();
  });
});
