import { describe, expect, it } from 'vitest';
import { seedAll } from '#infra/local/seed.ts';
import { DEMO_BEACON_UUID } from '#infra/local/seed-proximity.ts';
import { recordSighting } from '#shared/proximity/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { useTestTable } from '#test/support/table.ts';

// Monday 11:00 in Madrid.
const clock = fixedClock('2026-11-23T10:00:00.000Z');
const t = useTestTable({ clock });

describe('the proximity demo data', () => {
  it('lets the demo customers walk into the Madrid stores and get offers that fit them', async () => {
    await seedAll(t.deps);
    const seenAt = clock.now().toISOString();
    const lucia = await recordSighting(t.deps, 'cust-demo-lucia', [
      { type: 'ibeacon', uuid: DEMO_BEACON_UUID, major: 1, minor: 2, rssi: -58, seenAt },
      { type: 'ibeacon', uuid: DEMO_BEACON_UUID, major: 1, minor: 1, rssi: -80, seenAt },
    ]);
    expect(lucia.presence).toMatchObject({ storeId: 'mad-sol', zone: 'denim', newVisit: true });
    expect(lucia.offers.map((o) => o.title)).toEqual(['Denim week: 20% off jeans', 'Gold members: free alterations today']);

    const marc = await recordSighting(t.deps, 'cust-demo-marc', [
      { type: 'eddystone', namespace: 'edd1ebeac04e5defa017', instance: '0000000000c1', proximity: 'near', seenAt },
    ]);
    expect(marc.presence).toMatchObject({ storeId: 'mad-castellana', zone: 'fitting-rooms' });
    expect(marc.offers.map((o) => o.title)).toEqual(['Welcome to Castellana: coffee on us']);

    // Ana has not given proximity consent.
    const ana = await recordSighting(t.deps, 'cust-demo-ana', [
      { type: 'ibeacon', uuid: DEMO_BEACON_UUID, major: 1, minor: 1, rssi: -50, seenAt },
    ]);
    expect(ana).toEqual({ presence: null, offers: [], ignored: [] });
  }, 120_000); // seeds the whole demo chain (thousands of items) first
});
