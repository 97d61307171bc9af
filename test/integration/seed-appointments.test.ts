import { describe, expect, it } from 'vitest';
import { seedProfiles } from '#infra/local/seed.ts';
import { seedAppointments } from '#infra/local/seed-appointments.ts';
import * as appointments from '#shared/appointments/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { useTestTable } from '#test/support/table.ts';

const t = useTestTable({ clock: fixedClock('2026-11-23T08:00:00Z') });

describe('appointments demo data', () => {
  it('seeds bookable stores and a booking for each demo customer, and can run twice', async () => {
    // The appointments seed on its own (it creates its stores when the inventory seed has not).
    await seedProfiles(t.deps);
    await seedAppointments(t.deps);
    await seedAppointments(t.deps);
    const slots = await appointments.findSlots(t.deps, 'mad-sol', { serviceId: 'cut', from: '2026-11-24', to: '2026-11-30' });
    expect(slots.slots.length).toBeGreaterThan(50);
    for (const customerId of ['cust-demo-lucia', 'cust-demo-marc', 'cust-demo-ana']) {
      const mine = await appointments.listCustomerAppointments(t.deps, customerId, { when: 'upcoming', limit: 10 });
      expect(mine.items, customerId).toHaveLength(1);
    }
    const agenda = await appointments.agenda(t.deps, 'mad-sol', '2026-11-23');
    expect(agenda.stylists.flatMap((s) => s.appointments).map((a) => a.customer.name)).toContain('Marc Puig');
  }, 60_000);
});
