// Local runtime: demo data for the appointments context — two Madrid stores (created only
// if no other seed made them), their stylists, services and policy, and a few bookings for
// the demo customers. Written through the repositories, like every seed.

import * as appointments from '#shared/appointments/index.ts';
import { isoInZone, localDateOf, offsetAt, policyBodySchema, serviceBodySchema, stylistBodySchema } from '#shared/appointments/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { isDomainError } from '#shared/runtime/errors.ts';
import { getStore, putStore, storeSchema } from '#shared/stores/index.ts';

const days = (list: string[], open: string, close: string) => Object.fromEntries(list.map((d) => [d, [{ open, close }]]));
const monSat = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const demoAppointmentStores = [
  {
    storeId: 'mad-sol',
    name: 'Omnistore Sol',
    timeZone: 'Europe/Madrid',
    address: { line1: 'Calle de Preciados 9', city: 'Madrid', postalCode: '28013', country: 'ES' },
    location: { lat: 40.4183, lon: -3.7057 },
    openingHours: days(monSat, '10:00', '21:00'),
    services: ['pickup', 'stylist', 'returns'],
  },
  {
    storeId: 'mad-serrano',
    name: 'Omnistore Serrano',
    timeZone: 'Europe/Madrid',
    address: { line1: 'Calle de Serrano 52', city: 'Madrid', postalCode: '28001', country: 'ES' },
    location: { lat: 40.4287, lon: -3.6871 },
    openingHours: { ...days(monSat, '10:00', '20:30'), sun: [{ open: '12:00', close: '19:00' }] },
    services: ['pickup', 'stylist'],
  },
] as const;

const stylists: Record<string, { id: string; name: string; skills: string[]; hours: Record<string, { open: string; close: string }[]> }[]> =
  {
    'mad-sol': [
      { id: 'sol-marta', name: 'Marta', skills: ['cut', 'colour'], hours: days(['mon', 'tue', 'wed', 'thu', 'fri'], '10:00', '18:00') },
      { id: 'sol-javier', name: 'Javier', skills: ['cut', 'beard'], hours: days(['tue', 'wed', 'thu', 'fri', 'sat'], '13:00', '21:00') },
      { id: 'sol-irene', name: 'Irene', skills: ['colour', 'styling'], hours: days(monSat, '10:00', '16:00') },
      { id: 'sol-david', name: 'David', skills: ['cut', 'beard'], hours: days(['mon', 'wed', 'fri', 'sat'], '12:00', '21:00') },
    ],
    'mad-serrano': [
      { id: 'ser-lucia', name: 'Lucía', skills: ['cut', 'styling'], hours: days(monSat, '10:00', '18:00') },
      {
        id: 'ser-pablo',
        name: 'Pablo',
        skills: ['cut', 'beard'],
        hours: { ...days(['thu', 'fri', 'sat'], '12:00', '20:30'), sun: [{ open: '12:00', close: '19:00' }] },
      },
      { id: 'ser-nuria', name: 'Nuria', skills: ['colour'], hours: days(['mon', 'tue', 'wed', 'thu'], '10:00', '19:00') },
    ],
  };

const services = [
  { id: 'cut', name: 'Cut & style', durationMinutes: 45, bufferAfterMinutes: 15, amountMinor: 3500, skill: 'cut' },
  { id: 'colour', name: 'Full colour', durationMinutes: 120, bufferAfterMinutes: 15, amountMinor: 8500, skill: 'colour' },
  { id: 'beard', name: 'Beard trim', durationMinutes: 20, bufferAfterMinutes: 10, amountMinor: 1500, skill: 'beard' },
  { id: 'styling', name: 'Event styling', durationMinutes: 60, bufferAfterMinutes: 0, amountMinor: 5000, skill: 'styling' },
];

export async function seedAppointments(deps: Deps): Promise<void> {
  for (const store of demoAppointmentStores) {
    // The inventory seed owns the store directory; create ours only if it has not.
    if (!(await getStore(deps, store.storeId))) await putStore(deps, storeSchema.parse(store));
    const team = stylists[store.storeId] ?? [];
    for (const s of team) {
      await appointments.putStylist(
        deps,
        store.storeId,
        s.id,
        stylistBodySchema.parse({
          name: s.name,
          skills: s.skills,
          weeklyHours: s.hours,
          breaks: { wed: [{ open: '14:00', close: '15:00' }] },
        }),
      );
    }
    for (const svc of services) {
      const who = team.filter((s) => s.skills.includes(svc.skill)).map((s) => s.id);
      if (who.length === 0) continue;
      await appointments.putService(
        deps,
        store.storeId,
        svc.id,
        serviceBodySchema.parse({
          name: svc.name,
          durationMinutes: svc.durationMinutes,
          bufferAfterMinutes: svc.bufferAfterMinutes,
          price: { amountMinor: svc.amountMinor, currency: 'EUR' },
          stylistIds: who,
        }),
      );
    }
    await appointments.putPolicy(
      deps,
      store.storeId,
      policyBodySchema.parse({ minNoticeMinutes: 60, maxHorizonDays: 90, slotIntervalMinutes: 15 }),
    );
  }
  await seedBookings(deps);
}

/** A few bookings relative to today, so the agenda and "appointment today" have something to show. */
async function seedBookings(deps: Deps) {
  const wanted = [
    // Marc has one today at Sol (the tablet's "appointment today"); Lucía's is tomorrow, so
    // proximity's demo offers for her at Sol stay as that seed describes them.
    { customerId: 'cust-demo-marc', storeId: 'mad-sol', serviceId: 'beard', at: '17:00', daysAhead: [0, 1, 2, 3] },
    { customerId: 'cust-demo-lucia', storeId: 'mad-sol', serviceId: 'cut', at: '11:00', daysAhead: [1, 2, 3, 4] },
    { customerId: 'cust-demo-ana', storeId: 'mad-serrano', serviceId: 'colour', at: '10:00', daysAhead: [2, 3, 4, 5] },
  ];
  const today = localDateOf(deps.clock.now().getTime(), 'Europe/Madrid');
  for (const w of wanted) {
    const mine = await appointments.listCustomerAppointments(deps, w.customerId, { when: 'upcoming', limit: 10 });
    if (mine.items.some((a) => a.storeId === w.storeId && a.status === 'booked')) continue; // seeded by an earlier run
    for (const ahead of w.daysAhead) {
      const date = new Date(Date.parse(`${today}T00:00:00Z`) + ahead * 86_400_000).toISOString().slice(0, 10);
      const naive = Date.parse(`${date}T${w.at}:00Z`);
      const start = isoInZone(naive - offsetAt('Europe/Madrid', naive) * 60_000, 'Europe/Madrid');
      try {
        // Booked as the store would (a walk-in has no minimum notice), so "today" works too.
        await appointments.book(deps, {
          customerId: w.customerId,
          storeId: w.storeId,
          serviceId: w.serviceId,
          start,
          stylistId: 'any',
          bookedBy: 'staff',
        });
        break;
      } catch (error) {
        // Closed that day, or already past: try the next day.
        if (!isDomainError(error)) throw error;
      }
    }
  }
}
