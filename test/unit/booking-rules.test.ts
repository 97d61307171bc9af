import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Booked,
  type Catalogue,
  checkCancel,
  checkOutcome,
  checkReschedule,
  checkStart,
  customerCells,
  freeStylists,
  mayChange,
  nearestAlternatives,
  noCells,
  planCells,
  type SlotRequest,
  searchRange,
  serviceFor,
  shapeOf,
  staysPut,
  stylistCells,
  stylistsFor,
  summaryOf,
  timesAt,
  toAppointment,
  within,
  writeRefusal,
} from '#shared/appointments/booking-rules.ts';
import { type Service, type Stylist, serviceBodySchema, stylistBodySchema } from '#shared/appointments/catalogue-schemas.ts';
import { type AppointmentRecord, defaultPolicy, policyBodySchema } from '#shared/appointments/schemas.ts';
import type { Slot } from '#shared/appointments/slots.ts';
import type { Actor } from '#shared/platform/actor.ts';
import { storeSchema, weekdays } from '#shared/stores/index.ts';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const everyDay = (open: string, close: string) => Object.fromEntries(weekdays.map((d) => [d, [{ open, close }]]));

const store = storeSchema.parse({
  storeId: 'mad',
  name: 'Madrid',
  timeZone: 'Europe/Madrid',
  openingHours: everyDay('10:00', '20:00'),
  address: { line1: 'x', city: 'Madrid', postalCode: '28013', country: 'ES' },
  location: { lat: 40.4, lon: -3.7 },
});

const stylist = (stylistId: string, over: Partial<Stylist> = {}): Stylist => ({
  ...stylistBodySchema.parse({ name: `Stylist ${stylistId}`, weeklyHours: everyDay('10:00', '20:00') }),
  stylistId,
  storeId: 'mad',
  updatedAt: '2026-11-01T00:00:00Z',
  ...over,
});

const service = (over: Partial<Service> = {}): Service => ({
  ...serviceBodySchema.parse({
    name: 'Cut',
    durationMinutes: 45,
    bufferAfterMinutes: 15,
    price: { amountMinor: 3500, currency: 'EUR' },
    stylistIds: [],
  }),
  serviceId: 'cut',
  storeId: 'mad',
  updatedAt: '2026-11-01T00:00:00Z',
  stylistIds: ['ana', 'bea', 'old'],
  ...over,
});

const catalogue = (over: Partial<Catalogue> = {}): Catalogue => ({
  store,
  policy: policyBodySchema.parse({ minNoticeMinutes: 60, maxHorizonDays: 30, slotIntervalMinutes: 15 }),
  services: new Map([
    ['cut', service()],
    ['perm', service({ serviceId: 'perm', name: 'Perm', active: false })],
  ]),
  stylists: new Map([
    ['ana', stylist('ana')],
    ['bea', stylist('bea')],
    ['old', stylist('old', { active: false })],
    ['dora', stylist('dora', { name: 'Dora' })],
  ]),
  ...over,
});

// Monday 23 November 2026, 09:00 in Madrid (UTC+1).
const now = at('2026-11-23T08:00:00Z');

const record = (over: Partial<AppointmentRecord> = {}): AppointmentRecord => ({
  appointmentId: 'A1',
  storeId: 'mad',
  serviceId: 'cut',
  serviceName: 'Cut',
  stylistId: 'ana',
  stylistName: 'Ana',
  customerId: 'c1',
  start: '2026-11-25T09:00:00.000Z',
  end: '2026-11-25T09:45:00.000Z',
  busyUntil: '2026-11-25T10:00:00.000Z',
  localDate: '2026-11-25',
  timeZone: 'Europe/Madrid',
  status: 'booked',
  price: { amountMinor: 3500, currency: 'EUR' },
  policy: { cancellationCutoffMinutes: 1440, rescheduleCutoffMinutes: 720 },
  bookedBy: 'customer',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  version: 1,
  ...over,
});

const customer = (customerId: string): Actor => ({ kind: 'customer', customerId });
const staff = (storeId: string, role: 'associate' | 'regional' | 'admin' = 'associate'): Actor => ({
  kind: 'staff',
  userId: 'u1',
  storeId,
  role,
});

describe('Rule: what a request means', () => {
  it('finds an active service, and names serviceId otherwise', () => {
    expect(serviceFor(catalogue(), 'cut').serviceId).toBe('cut');
    for (const id of ['perm', 'nails']) {
      expect(() => serviceFor(catalogue(), id)).toThrow(
        expect.objectContaining({ kind: 'invalid', fields: [expect.objectContaining({ path: 'serviceId' })] }),
      );
    }
  });

  it('takes every active stylist of the service for "any" (or none named), in the service order', () => {
    const ids = (list: Stylist[]) => list.map((s) => s.stylistId);
    expect(ids(stylistsFor(catalogue(), service(), 'any'))).toEqual(['ana', 'bea']);
    expect(ids(stylistsFor(catalogue(), service(), undefined))).toEqual(['ana', 'bea']);
  });

  it.each([
    ['unknown', 'zoe', 'No stylist zoe in store mad.'],
    ['inactive', 'old', 'No stylist old in store mad.'],
    ['not offering the service', 'dora', 'Dora does not offer Cut.'],
  ])('refuses a named stylist who is %s, naming stylistId', (_label, id, message) => {
    expect(() => stylistsFor(catalogue(), service(), id)).toThrow(
      expect.objectContaining({ kind: 'invalid', fields: [{ path: 'stylistId', message }] }),
    );
  });

  it('takes a named stylist who offers the service', () => {
    expect(stylistsFor(catalogue(), service(), 'bea').map((s) => s.stylistId)).toEqual(['bea']);
  });
});

describe('Rule: searchRange', () => {
  it('reads dates as whole store days and instants as they are', () => {
    expect(searchRange('2026-11-24', '2026-11-24', 'Europe/Madrid')).toEqual({
      start: at('2026-11-24T00:00:00+01:00'),
      end: at('2026-11-25T00:00:00+01:00'),
    });
    expect(searchRange('2026-11-24T10:00:00+01:00', '2026-11-24T12:00:00Z', 'Europe/Madrid')).toEqual({
      start: at('2026-11-24T09:00:00Z'),
      end: at('2026-11-24T12:00:00Z'),
    });
  });

  it('allows 90 calendar days across a DST change, and refuses more or an empty range (naming to)', () => {
    expect(searchRange('2026-09-01', '2026-11-29', 'Europe/Madrid')).toEqual({
      start: at('2026-09-01T00:00:00+02:00'),
      end: at('2026-11-30T00:00:00+01:00'), // 90 days and the hour gained in October
    });
    for (const [from, to] of [
      ['2026-09-01', '2026-11-30'],
      ['2026-11-24T12:00:00Z', '2026-11-24T12:00:00Z'],
    ]) {
      expect(() => searchRange(from!, to!, 'Europe/Madrid')).toThrow(
        expect.objectContaining({ fields: [expect.objectContaining({ path: 'to' })] }),
      );
    }
  });
});

describe('Rule: checkStart', () => {
  const refused = (startIso: string, walkIn: boolean) => {
    try {
      checkStart(catalogue(), startIso, now, walkIn);
      return undefined;
    } catch (error) {
      return (error as { fields: { path: string; message: string }[] }).fields[0];
    }
  };

  it.each([
    ['off the grid', '2026-11-24T11:05:00+01:00', false, /slot grid/],
    ['in the past', '2026-11-20T11:00:00+01:00', false, /past/],
    ['inside the minimum notice', '2026-11-23T09:45:00+01:00', false, /at least 60 minutes/],
    ['beyond the horizon', '2026-12-24T11:00:00+01:00', false, /30-day/],
    ['a walk-in before the running slot', '2026-11-23T08:30:00+01:00', true, /past/],
  ])('refuses a start %s, naming start', (_label, startIso, walkIn, message) => {
    expect(refused(startIso, walkIn)).toEqual({ path: 'start', message: expect.stringMatching(message) });
  });

  it('lets a walk-in take the running slot and the next one without notice', () => {
    expect(checkStart(catalogue(), '2026-11-23T08:45:00+01:00', now, true)).toBe(at('2026-11-23T07:45:00Z'));
    expect(checkStart(catalogue(), '2026-11-23T09:15:00+01:00', now, true)).toBe(at('2026-11-23T08:15:00Z'));
    expect(refused('2026-11-23T09:15:00+01:00', false)).toBeDefined();
  });

  it('accepts a customer start exactly at the notice and at the horizon', () => {
    expect(checkStart(catalogue(), '2026-11-23T10:00:00+01:00', now, false)).toBe(now + 60 * MIN);
    expect(checkStart(catalogue(), '2026-12-23T09:00:00+01:00', now, false)).toBe(now + 30 * 86_400_000);
  });
});

describe('Rule: mayChange', () => {
  it("answers not found for a missing appointment or someone else's (no existence leak)", () => {
    expect(() => mayChange(customer('c1'), undefined, 'A1')).toThrow(expect.objectContaining({ kind: 'not-found' }));
    expect(() => mayChange(customer('c2'), record(), 'A1')).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });

  it("lets the customer act on their own, and staff on their store's only", () => {
    expect(mayChange(customer('c1'), record(), 'A1').appointmentId).toBe('A1');
    expect(mayChange(staff('mad'), record(), 'A1').appointmentId).toBe('A1');
    expect(mayChange(staff('bcn', 'regional'), record(), 'A1').appointmentId).toBe('A1');
    expect(() => mayChange(staff('bcn'), record(), 'A1')).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    expect(() => mayChange({ kind: 'integration', clientId: 'pos', scopes: [] }, record(), 'A1')).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
  });

  it('keeps store-only changes (outcomes) from the customer', () => {
    expect(() => mayChange(customer('c1'), record(), 'A1', 'store')).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    expect(mayChange(staff('mad'), record(), 'A1', 'store').appointmentId).toBe('A1');
  });
});

describe('Rule: cancel and reschedule cut-offs', () => {
  // Starts 2026-11-25 10:00 Madrid; cancellation cut-off 24 h, reschedule cut-off 12 h.
  const start = at('2026-11-25T09:00:00Z');

  it('treats a cancelled appointment as done (a retry), and refuses other non-booked ones', () => {
    expect(checkCancel(record({ status: 'cancelled' }), true, now)).toBe(false);
    expect(() => checkCancel(record({ status: 'completed' }), false, now)).toThrow(expect.objectContaining({ code: 'not-cancellable' }));
    expect(() => checkReschedule(record({ status: 'cancelled' }), false, now)).toThrow(
      expect.objectContaining({ code: 'not-reschedulable' }),
    );
  });

  it('lets a customer cancel up to the cut-off exactly, the store until the start', () => {
    const cutoff = start - 1440 * MIN;
    expect(checkCancel(record(), true, cutoff)).toBe(true);
    expect(() => checkCancel(record(), true, cutoff + 1)).toThrow(expect.objectContaining({ code: 'cancellation-cutoff-passed' }));
    expect(checkCancel(record(), false, start - 1)).toBe(true);
    expect(() => checkCancel(record(), false, start)).toThrow(expect.objectContaining({ code: 'already-started' }));
  });

  it('applies the reschedule cut-off the booking was made with', () => {
    const cutoff = start - 720 * MIN;
    expect(() => checkReschedule(record(), true, cutoff)).not.toThrow();
    expect(() => checkReschedule(record(), true, cutoff + 1)).toThrow(expect.objectContaining({ code: 'reschedule-cutoff-passed' }));
    expect(() => checkReschedule(record(), false, start - 1)).not.toThrow();
    expect(() => checkReschedule(record(), false, start)).toThrow(expect.objectContaining({ code: 'already-started' }));
  });

  it('sees a move to the same start with the same (or any) stylist as already done', () => {
    expect(staysPut(record(), start, 'ana')).toBe(true);
    expect(staysPut(record(), start, 'any')).toBe(true);
    expect(staysPut(record(), start, 'bea')).toBe(false);
    expect(staysPut(record(), start + 15 * MIN, 'ana')).toBe(false);
  });
});

describe('Rule: checkOutcome', () => {
  const started = at('2026-11-25T09:00:00Z');

  it('marks a booked appointment once it has started; the same outcome again is done', () => {
    expect(checkOutcome(record(), 'completed', started)).toBe(true);
    expect(checkOutcome(record({ status: 'no_show' }), 'no_show', started)).toBe(false);
    expect(() => checkOutcome(record(), 'no_show', started - 1)).toThrow(expect.objectContaining({ code: 'not-started' }));
    expect(() => checkOutcome(record({ status: 'completed' }), 'no_show', started)).toThrow(
      expect.objectContaining({ code: 'not-booked' }),
    );
  });
});

describe('Rule: freeStylists', () => {
  const t = at('2026-11-25T11:00:00+01:00');
  const req = (over: Partial<SlotRequest> = {}): SlotRequest => ({
    catalogue: catalogue(),
    shape: { durationMinutes: 45, bufferAfterMinutes: 15 },
    candidates: [stylist('ana'), stylist('bea'), stylist('carla')],
    now,
    walkIn: false,
    ...over,
  });
  const booking = (appointmentId: string, stylistId: string, startIso: string, minutes = 60): Booked => ({
    appointmentId,
    stylistId,
    start: new Date(at(startIso)).toISOString(),
    busyUntil: new Date(at(startIso) + minutes * MIN).toISOString(),
  });
  const ids = (list: Stylist[]) => list.map((s) => s.stylistId);

  it('leaves out the stylists busy at that time, least busy that day first', () => {
    const day = [
      booking('b1', 'ana', '2026-11-25T10:30:00+01:00'), // overlaps 11:00
      booking('b2', 'bea', '2026-11-25T15:00:00+01:00'),
      booking('b3', 'bea', '2026-11-25T17:00:00+01:00'),
      booking('b4', 'carla', '2026-11-25T16:00:00+01:00'),
    ];
    expect(ids(freeStylists(req(), t, day, () => 0))).toEqual(['carla', 'bea']);
  });

  it('breaks ties with the tie-breaker it is given', () => {
    const order = [0.9, 0.1, 0.5];
    let i = 0;
    expect(ids(freeStylists(req(), t, [], () => order[i++]!))).toEqual(['bea', 'carla', 'ana']);
  });

  it("does not count a moving appointment's own time as busy", () => {
    const own = booking('A1', 'ana', '2026-11-25T10:30:00+01:00');
    expect(ids(freeStylists(req({ candidates: [stylist('ana')] }), t, [own], () => 0))).toEqual([]);
    expect(ids(freeStylists(req({ candidates: [stylist('ana')], moving: 'A1' }), t, [own], () => 0))).toEqual(['ana']);
  });

  it('finds nobody outside working hours or off the grid', () => {
    expect(freeStylists(req(), at('2026-11-25T19:30:00+01:00'), [], () => 0)).toEqual([]);
    expect(freeStylists(req(), t + 5 * MIN, [], () => 0)).toEqual([]);
  });
});

describe('Rule: a booking keeps its shape', () => {
  it('holds the appointment and the buffer after it, and a move keeps the duration it was booked with', () => {
    const shape = shapeOf(record());
    expect(shape).toEqual({ durationMinutes: 45, bufferAfterMinutes: 15 });
    expect(timesAt(at('2026-11-26T16:00:00Z'), shape)).toEqual({
      start: '2026-11-26T16:00:00.000Z',
      end: '2026-11-26T16:45:00.000Z',
      busyUntil: '2026-11-26T17:00:00.000Z',
    });
  });
});

describe('Rule: nearestAlternatives', () => {
  const t = at('2026-11-25T12:00:00Z');
  const slot = (offsetMinutes: number): Slot => ({ start: t + offsetMinutes * MIN, offsetMinutes: 60, stylistIds: ['ana'] });

  it('offers the five starts nearest to the refused one (not it), earlier first on a tie, in start order', () => {
    const slots = [-120, -90, -60, -30, 0, 30, 60, 90].map(slot);
    const starts = nearestAlternatives(slots, t).map((a) => a.start);
    expect(starts).toEqual([
      '2026-11-25T11:30:00+01:00',
      '2026-11-25T12:00:00+01:00',
      '2026-11-25T12:30:00+01:00',
      '2026-11-25T13:30:00+01:00',
      '2026-11-25T14:00:00+01:00',
    ]);
  });

  it('offers what there is when there are fewer', () => {
    expect(nearestAlternatives([slot(0), slot(15)], t)).toEqual([{ start: '2026-11-25T13:15:00+01:00', stylistIds: ['ana'] }]);
  });
});

describe('Rule: writeRefusal', () => {
  it.each([
    [['appointment', 'stylist'], 'conflict'],
    [['customer'], 'customer-overlap'],
    [['daily', 'stylist'], 'daily-limit'],
  ] as const)('answers %j with %s', (labels, code) => {
    expect(writeRefusal(new Set(labels), defaultPolicy, false)).toMatchObject({ code });
  });

  it('tries the next stylist when only the stylist was taken, and leaves anything else to the caller', () => {
    expect(writeRefusal(new Set(['stylist']), defaultPolicy, false)).toBe('next-stylist');
    expect(writeRefusal(new Set(['other']), defaultPolicy, false)).toBeUndefined();
  });

  it('says "another" appointment when moving one', () => {
    expect(writeRefusal(new Set(['customer']), defaultPolicy, true)).toMatchObject({ message: expect.stringContaining('another') });
  });
});

describe('Rule: planCells', () => {
  it('claims the new cells and releases the old ones, leaving the shared ones as they are', () => {
    const before = stylistCells(record());
    const after = stylistCells(record({ start: '2026-11-25T09:30:00.000Z', busyUntil: '2026-11-25T10:30:00.000Z' }));
    expect(planCells(before, after)).toEqual([
      {
        date: '2026-11-25',
        claim: ['c1000', 'c1005', 'c1010', 'c1015', 'c1020', 'c1025'],
        release: ['c0900', 'c0905', 'c0910', 'c0915', 'c0920', 'c0925'],
      },
    ]);
    expect(planCells(before, before)).toEqual([]);
    expect(planCells(noCells, customerCells(record()))[0]!.claim).toHaveLength(9);
  });

  it('turns any before into any after, one entry per touched UTC day in date order', () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 3 * 288 }), fc.integer({ min: 1, max: 96 }))
      .map(([cell, length]) => ({ start: new Date(at('2026-11-24T00:00:00Z') + cell * 5 * MIN).toISOString(), length }));
    fc.assert(
      fc.property(interval, interval, (a, b) => {
        const cells = (i: { start: string; length: number }) =>
          stylistCells({ start: i.start, busyUntil: new Date(at(i.start) + i.length * 5 * MIN).toISOString() });
        const before = cells(a);
        const after = cells(b);
        const plans = planCells(before, after);
        expect(plans.map((p) => p.date)).toEqual([...plans.map((p) => p.date)].sort());
        for (const date of new Set([...before.keys(), ...after.keys()])) {
          const plan = plans.find((p) => p.date === date) ?? { claim: [], release: [] };
          const held = new Set(before.get(date) ?? []);
          for (const c of plan.release) held.delete(c);
          for (const c of plan.claim) {
            expect(held.has(c)).toBe(false); // never claims a cell it already holds
            held.add(c);
          }
          expect([...held].sort()).toEqual([...(after.get(date) ?? [])].sort());
        }
      }),
    );
  });
});

describe('Rule: what clients and the timeline see', () => {
  it("shows times in the store's zone and leaves storage fields out", () => {
    const view = toAppointment(record({ notes: 'Fringe only' }));
    expect(view).toMatchObject({ start: '2026-11-25T10:00:00+01:00', end: '2026-11-25T10:45:00+01:00', notes: 'Fringe only' });
    expect(view).not.toHaveProperty('busyUntil');
    expect(view).not.toHaveProperty('version');
    expect(toAppointment(record())).not.toHaveProperty('notes');
  });

  it('summarises in local time', () => {
    expect(summaryOf(record(), 'booked')).toBe('Cut with Ana booked for 2026-11-25 10:00');
  });

  it('keeps the bookings that occupy a span, buffer included', () => {
    const booked = [record(), record({ appointmentId: 'A2', start: '2026-11-25T10:00:00.000Z', busyUntil: '2026-11-25T11:00:00.000Z' })];
    const span = { start: at('2026-11-25T09:50:00Z'), end: at('2026-11-25T10:00:00Z') };
    expect(within(booked, span).map((b) => b.appointmentId)).toEqual(['A1']);
  });
});
