import { describe, expect, it } from 'vitest';
import { createReservation, getLine, getReservationItem, reservationBody, transition, transitionItems } from '#shared/inventory/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { transactWrite } from '#shared/table/transact.ts';
import { seedStock, seedStores, storeFixture } from '#test/support/inventory.ts';
import { useTestTable } from '#test/support/table.ts';

const clock = fixedClock('2026-11-23T10:00:00Z');
const t = useTestTable({ clock });
const store = storeFixture({ storeId: 'int-store' });

const reserve = (sku: string, quantity: number, holdMinutes = 10) =>
  createReservation(t.deps, {
    store,
    customerId: 'c-int',
    request: reservationBody.parse({ storeId: store.storeId, lines: [{ sku, quantity }], holdMinutes }),
    record: () => undefined,
  });

describe('expired holds', () => {
  it('are released exactly once when many reservations race to release them', async () => {
    await seedStores(t.deps, [store]);
    await seedStock(t.deps, [{ storeId: store.storeId, sku: 'RACE', onHand: 10 }]);
    // Ten holds in three expiry buckets.
    for (const [minutes, n] of [
      [5, 4],
      [6, 3],
      [7, 3],
    ] as const) {
      for (let i = 0; i < n; i++) await reserve('RACE', 1, minutes);
    }
    expect((await getLine(t.deps, store.storeId, 'RACE'))!.freeUnits).toBe(0);
    clock.advance(8 * 60_000);
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => reserve('RACE', 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as { kind: string }).kind).toMatch(/^(conflict|busy)$/);
    }
    const line = (await getLine(t.deps, store.storeId, 'RACE'))!;
    expect(line.freeUnits).toBe(0);
    // Only the new holds' bucket remains: every expired bucket went back exactly once.
    expect(Object.values(line.holds)).toEqual([10]);
  });

  it('do not block a cancel: cancelling after the bucket was released touches no stock', async () => {
    clock.set('2026-11-23T12:00:00Z');
    await seedStock(t.deps, [{ storeId: store.storeId, sku: 'LATE', onHand: 2 }]);
    const first = await reserve('LATE', 2, 5);
    clock.advance(6 * 60_000);
    await reserve('LATE', 2); // releases the first hold's bucket
    const item = await getReservationItem(t.deps, first.reservationId);
    // A writer whose clock is behind still sees the first hold as live; the line refuses and it cancels as expired.
    clock.advance(-2 * 60_000);
    const cancelled = await transition(t.deps, item!, 'cancel');
    expect(cancelled.status).toBe('cancelled');
    const line = (await getLine(t.deps, store.storeId, 'LATE'))!;
    expect(line.freeUnits).toBe(0);
    await expect(transition(t.deps, (await getReservationItem(t.deps, first.reservationId))!, 'confirm')).rejects.toMatchObject({
      kind: 'conflict',
    });
  });
});

describe('an order taking a reservation over', () => {
  it('leaves the units of an already confirmed reservation confirmed', async () => {
    clock.set('2026-11-23T14:00:00Z');
    await seedStock(t.deps, [{ storeId: store.storeId, sku: 'TAKE', onHand: 5 }]);
    const held = await reserve('TAKE', 2);
    await transition(t.deps, (await getReservationItem(t.deps, held.reservationId))!, 'confirm');
    const before = (await getLine(t.deps, store.storeId, 'TAKE'))!;
    expect(before).toMatchObject({ confirmed: 2, freeUnits: 3 });

    const confirmed = (await getReservationItem(t.deps, held.reservationId))!;
    await transactWrite(t.deps, transitionItems(t.deps, confirmed, 'confirm', clock.now(), { orderId: 'ORDER-1' }));
    expect(await getReservationItem(t.deps, held.reservationId)).toMatchObject({ status: 'confirmed', orderId: 'ORDER-1' });
    expect(await getLine(t.deps, store.storeId, 'TAKE')).toMatchObject({ onHand: 5, confirmed: 2, freeUnits: 3 });

    // Fulfilled with the order at the handover: the units leave the store.
    const taken = (await getReservationItem(t.deps, held.reservationId))!;
    await transactWrite(t.deps, transitionItems(t.deps, taken, 'fulfil', clock.now()));
    expect(await getLine(t.deps, store.storeId, 'TAKE')).toMatchObject({ onHand: 3, confirmed: 0, freeUnits: 3 });
  });
});
