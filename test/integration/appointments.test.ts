import { beforeAll, describe, expect, it } from 'vitest';
import * as appointments from '#shared/appointments/index.ts';
import { hasAppointmentBetween, serviceBodySchema, stylistBodySchema, upcomingAppointments } from '#shared/appointments/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { putStore } from '#shared/stores/repository.ts';
import { storeSchema } from '#shared/stores/schemas.ts';
import { cancelled } from '#test/support/faults.ts';
import { useTestTable } from '#test/support/table.ts';

const clock = fixedClock('2026-11-23T08:00:00Z');
const t = useTestTable({ clock });
const week = (open: string, close: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ open, close }]]));

/** DynamoDB Local never raises TransactionConflict: inject it at the client for the next `times` transactions. */
function injectConflicts(times: number) {
  let left = times;
  return t.deps.db.intercept(`conflict-${Math.random()}`, (call, next) => {
    if (call.operation === 'TransactWriteItems' && left > 0) {
      left--;
      throw cancelled(['TransactionConflict', 'None']);
    }
    return next();
  });
}

beforeAll(async () => {
  await putStore(
    t.deps,
    storeSchema.parse({
      storeId: 'mad-int',
      name: 'Int',
      timeZone: 'Europe/Madrid',
      openingHours: week('09:00', '21:00'),
      address: { line1: 'x', city: 'Madrid', postalCode: '28001', country: 'ES' },
      location: { lat: 40.4, lon: -3.7 },
    }),
  );
  await appointments.putStylist(t.deps, 'mad-int', 'eva', stylistBodySchema.parse({ name: 'Eva', weeklyHours: week('09:00', '21:00') }));
  await appointments.putService(
    t.deps,
    'mad-int',
    'colour',
    serviceBodySchema.parse({
      name: 'Full colour',
      durationMinutes: 360,
      bufferAfterMinutes: 120,
      price: { amountMinor: 12000, currency: 'EUR' },
      stylistIds: ['eva'],
    }),
  );
  await appointments.putService(
    t.deps,
    'mad-int',
    'trim',
    serviceBodySchema.parse({
      name: 'Trim',
      durationMinutes: 30,
      price: { amountMinor: 1500, currency: 'EUR' },
      stylistIds: ['eva'],
    }),
  );
});

describe('Method: book', () => {
  it('retries a transaction conflict and books once', async () => {
    const restore = injectConflicts(2);
    try {
      const booked = await appointments.book(t.deps, {
        storeId: 'mad-int',
        serviceId: 'trim',
        start: '2026-11-25T09:00:00+01:00',
        stylistId: 'eva',
        customerId: 'c-conflict',
        bookedBy: 'customer',
      });
      expect(booked.status).toBe('booked');
    } finally {
      restore();
    }
  });

  it('answers 409 "busy" (not 500) when conflicts persist, and writes nothing', async () => {
    const restore = injectConflicts(10);
    try {
      await expect(
        appointments.book(t.deps, {
          storeId: 'mad-int',
          serviceId: 'trim',
          start: '2026-11-25T10:00:00+01:00',
          stylistId: 'eva',
          customerId: 'c-busy',
          bookedBy: 'customer',
        }),
      ).rejects.toMatchObject({ kind: 'busy' });
    } finally {
      restore();
    }
    const mine = await appointments.listCustomerAppointments(t.deps, 'c-busy', { when: 'upcoming', limit: 10 });
    expect(mine.items).toHaveLength(0);
  });

  it('locks the longest appointment (6 h + 2 h buffer = 96 cells) in one item and moves it in one transaction', async () => {
    const booked = await appointments.book(t.deps, {
      storeId: 'mad-int',
      serviceId: 'colour',
      start: '2026-11-26T09:00:00+01:00',
      stylistId: 'eva',
      customerId: 'c-long',
      bookedBy: 'customer',
    });
    const moved = await appointments.reschedule(
      t.deps,
      booked.appointmentId,
      { start: '2026-11-27T09:00:00+01:00' },
      { kind: 'customer', customerId: 'c-long' },
    );
    expect(moved.start).toBe('2026-11-27T09:00:00+01:00');
    // The old day is free again: a trim fits at 14:00 on the 26th, not on the 27th.
    const trim = (start: string, customerId: string) =>
      appointments.book(t.deps, {
        storeId: 'mad-int',
        serviceId: 'trim',
        start,
        stylistId: 'eva',
        customerId,
        bookedBy: 'customer',
      });
    await expect(trim('2026-11-26T14:00:00+01:00', 'c-t1')).resolves.toMatchObject({ status: 'booked' });
    await expect(trim('2026-11-27T16:30:00+01:00', 'c-t2')).rejects.toMatchObject({ kind: 'conflict' });
    await expect(trim('2026-11-27T17:00:00+01:00', 'c-t3')).resolves.toMatchObject({ status: 'booked' });
  });
});

describe('Contract: the customer index proximity reads', () => {
  it('shows a booked appointment on its store day, and not once cancelled', async () => {
    const booked = await appointments.book(t.deps, {
      storeId: 'mad-int',
      serviceId: 'trim',
      start: '2026-11-28T12:00:00+01:00',
      stylistId: 'eva',
      customerId: 'c-prox',
      bookedBy: 'customer',
    });
    const day = [new Date('2026-11-27T23:00:00Z'), new Date('2026-11-28T23:00:00Z')] as const;
    expect(await hasAppointmentBetween(t.deps, 'c-prox', 'mad-int', ...day)).toBe(true);
    expect(await hasAppointmentBetween(t.deps, 'c-prox', 'mad-other', ...day)).toBe(false);
    await appointments.cancel(t.deps, booked.appointmentId, { kind: 'customer', customerId: 'c-prox' });
    expect(await hasAppointmentBetween(t.deps, 'c-prox', 'mad-int', ...day)).toBe(false);
  });
});

describe('Contract: the customer card reads upcoming appointments', () => {
  const bookTrim = (start: string) =>
    appointments.book(t.deps, {
      storeId: 'mad-int',
      serviceId: 'trim',
      start,
      stylistId: 'eva',
      customerId: 'c-card',
      bookedBy: 'customer',
      notes: 'never on the card',
    });

  it('lists them from an instant on in start order, without cancelled ones, reading at most `limit` entries', async () => {
    const early = await bookTrim('2026-12-01T10:00:00+01:00');
    const cancelled = await bookTrim('2026-12-02T10:00:00+01:00');
    const later = await bookTrim('2026-12-03T10:00:00+01:00');
    const last = await bookTrim('2026-12-04T10:00:00+01:00');
    await appointments.cancel(t.deps, cancelled.appointmentId, { kind: 'customer', customerId: 'c-card' });

    const card = await upcomingAppointments(t.deps, 'c-card', { from: new Date('2026-12-01T09:00:00Z'), limit: 10 });
    expect(card).toEqual([
      {
        appointmentId: early.appointmentId,
        storeId: 'mad-int',
        start: '2026-12-01T09:00:00.000Z',
        end: '2026-12-01T09:30:00.000Z',
        status: 'booked',
        serviceName: 'Trim',
        stylistName: 'Eva',
      },
      expect.objectContaining({ appointmentId: later.appointmentId, start: '2026-12-03T09:00:00.000Z' }),
      expect.objectContaining({ appointmentId: last.appointmentId }),
    ]);
    // From the second on; the cancelled one counts towards what is read.
    const from = new Date('2026-12-01T09:00:01Z');
    expect((await upcomingAppointments(t.deps, 'c-card', { from, limit: 2 })).map((a) => a.appointmentId)).toEqual([later.appointmentId]);
    expect(await upcomingAppointments(t.deps, 'c-nobody', { from, limit: 10 })).toEqual([]);
  });
});
