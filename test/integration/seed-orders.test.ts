import { describe, expect, it } from 'vitest';
import { seedAll } from '#infra/local/seed.ts';
import { customerCard, findCustomer } from '#shared/clienteling/index.ts';
import { listCustomerOrders, queryStorePickups } from '#shared/orders/index.ts';
import { getProfile, resolveIdentity } from '#shared/profiles/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { useTestTable } from '#test/support/table.ts';

// Monday 11:00 in Madrid.
const clock = fixedClock('2026-11-23T10:00:00.000Z');
const t = useTestTable({ clock });

describe('the orders demo data', () => {
  it('gives the demo customers orders from every channel, Lucía a pickup ready at Sol, and a guest to merge', async () => {
    await seedAll(t.deps);
    const lucia = await listCustomerOrders(t.deps, 'cust-demo-lucia', { limit: 10 });
    expect(lucia.items.map((o) => [o.channelOrderId, o.status])).toEqual([
      ['WEB-100234', 'ready_for_pickup'],
      ['CC-20411', 'shipped'],
      ['WEB-88120', 'delivered'],
    ]);
    const ready = await queryStorePickups(t.deps, 'mad-sol', 'ready_for_pickup', { limit: 10 });
    expect(ready.items.map((i) => i.customerId)).toEqual(['cust-demo-lucia']);

    const { store, match } = await findCustomer(t.deps, 'mad-sol', '612 34 56 78');
    expect(match).toEqual({ customerId: 'cust-demo-lucia', matchedBy: 'phone' });
    const card = await customerCard(t.deps, store, match!, { limit: 10 });
    expect(card.pickupsHere.ready).toHaveLength(1);
    // Appointments booked by the appointments context's own code show on the card.
    expect(card.appointments.length).toBeGreaterThanOrEqual(1);
    expect(card.appointments[0]).toMatchObject({
      storeId: 'mad-sol',
      status: 'booked',
      serviceName: expect.any(String),
      stylistName: expect.any(String),
    });
    expect(Date.parse(card.appointments[0]!.start)).toBeGreaterThan(clock.now().getTime());

    const marc = await listCustomerOrders(t.deps, 'cust-demo-marc', { limit: 10 });
    expect(marc.items.map((o) => o.channel).sort()).toEqual(['app', 'store']);
    const guestId = await resolveIdentity(t.deps, 'email', 'pablo.ruiz@example.com');
    expect(await getProfile(t.deps, guestId!)).toMatchObject({ guest: true, name: 'Pablo Ruiz' });
  }, 120_000); // seeds the whole demo chain (thousands of items) first
});
