import { describe, expect, it } from 'vitest';
import { demoSkus, demoStores, seedInventory } from '#infra/local/seed-inventory.ts';
import { listLines, myReservations } from '#shared/inventory/index.ts';
import { attachMeter } from '#shared/runtime/dynamodb-meter.ts';
import { nearbyStores } from '#shared/stores/index.ts';
import { useTestTable } from '#test/support/table.ts';

const t = useTestTable();

describe('inventory demo data', () => {
  it('seeds a believable Madrid chain with batch writes (npm start stays quick)', async () => {
    const meter = attachMeter(t.deps.db);
    const started = performance.now();
    await seedInventory(t.deps);
    console.info(`inventory demo data: ${meter.calls} DynamoDB calls, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Wall time depends on the machine; the number of round trips does not: ~3,000 items in
    // BatchWriteItem calls of 25, and a handful for the demo reservation.
    expect(meter.calls).toBeLessThan(140);
    expect(Object.keys(meter.byCommand).filter((c) => c.startsWith('Put'))).toEqual([]);
    expect(demoStores().length).toBeGreaterThanOrEqual(30);
    expect(demoSkus().length).toBeGreaterThanOrEqual(300);

    const near = await nearbyStores(t.deps, { lat: 40.4169, lon: -3.7035, radiusKm: 3, limit: 50 });
    expect(near.map((n) => n.store.storeId)).toContain('mad-sol');
    expect(near.every((n) => n.store.timeZone === 'Europe/Madrid')).toBe(true);
    const page = await listLines(t.deps, 'mad-sol', { limit: 100 });
    expect(page.lines).toHaveLength(100);
    expect(new Set(page.lines.map((l) => l.onHand)).size).toBeGreaterThan(5);
    const mine = await myReservations(t.deps, { limit: 10 }, { kind: 'customer', customerId: 'cust-demo-lucia' });
    expect(mine.items).toHaveLength(1);
  }, 120_000); // the whole suite shares one DynamoDB Local: ~3,000 writes can take a while then
});
