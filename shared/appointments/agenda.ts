// Use case: the store's day by stylist — working hours and appointments with a customer summary.

import { getProfiles } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { toAppointment, within } from './booking-rules.ts';
import { requireCatalogue } from './catalogue.ts';
import { getAppointments, storeBookings } from './repository.ts';
import { isoInZone, localDayBounds, workingSpans } from './slots.ts';

const HOUR = 3_600_000;

/**
 * 1. Read the catalogue and the day's bookings (two Queries in parallel). The zone is not
 *    known yet: read a UTC span wide enough for that date in any zone.
 * 2. Keep the store day's bookings; read their appointments, then their customers'
 *    profiles (one BatchGetItem each); cancelled ones are left out.
 * 3. Per stylist (every active one, and any other with an appointment that day): working
 *    spans and appointments in start order.
 */
export async function agenda(deps: Deps, storeId: string, date: string) {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  const [catalogue, booked] = await Promise.all([
    requireCatalogue(deps, storeId),
    storeBookings(deps, storeId, midnightUtc - 15 * HOUR, midnightUtc + 39 * HOUR),
  ]);
  const zone = catalogue.store.timeZone;
  const day = localDayBounds(date, zone);
  const appointments = (
    await getAppointments(
      deps,
      within(booked, day).map((b) => b.appointmentId),
    )
  ).filter((a) => a.status !== 'cancelled' && Date.parse(a.end) > day.start);
  const customers = await getProfiles(
    deps,
    appointments.map((a) => a.customerId),
  );
  const stylistList = [...catalogue.stylists.values()];
  const spans = workingSpans({ store: catalogue.store, stylists: stylistList }, day.start, day.end);
  const shown = new Set([...stylistList.filter((s) => s.active).map((s) => s.stylistId), ...appointments.map((a) => a.stylistId)]);
  const stylists = [...shown].map((id) => ({
    stylistId: id,
    name: catalogue.stylists.get(id)?.name ?? appointments.find((a) => a.stylistId === id)?.stylistName ?? id,
    working: (spans.get(id) ?? []).map((s) => ({
      start: isoInZone(Math.max(s.start, day.start), zone),
      end: isoInZone(Math.min(s.end, day.end), zone),
    })),
    appointments: appointments
      .filter((a) => a.stylistId === id)
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      .map((record) => {
        const a = toAppointment(record);
        const p = customers.get(record.customerId);
        return {
          appointmentId: a.appointmentId,
          serviceId: a.serviceId,
          serviceName: a.serviceName,
          start: a.start,
          end: a.end,
          status: a.status,
          ...(a.notes ? { notes: a.notes } : {}),
          customer: { customerId: record.customerId, ...(p ? { name: p.name, loyaltyTier: p.loyaltyTier, guest: p.guest } : {}) },
        };
      }),
  }));
  return { storeId, date, timeZone: zone, stylists };
}
