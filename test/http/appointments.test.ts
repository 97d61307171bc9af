import { beforeAll, describe, expect, it } from 'vitest';
import { eventsAbout } from '#shared/platform/outbox.ts';
import * as profiles from '#shared/profiles/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { QueryCommand, ScanCommand } from '#shared/runtime/dynamodb.ts';
import { putStore } from '#shared/stores/repository.ts';
import { type Store, storeSchema } from '#shared/stores/schemas.ts';
import { keys } from '#shared/table/keys.ts';
import { retryingUnavailable, useTestApi } from '#test/support/api.ts';

// Monday 23 November 2026, 09:00 in Madrid.
const clock = fixedClock('2026-11-23T08:00:00Z');
const api = useTestApi({ clock });

const week = (open: string, close: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ open, close }]]));

const madridStore = (storeId: string): Store =>
  storeSchema.parse({
    storeId,
    name: `Store ${storeId}`,
    timeZone: 'Europe/Madrid',
    services: ['stylist'],
    address: { line1: 'Gran Vía 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
    location: { lat: 40.42, lon: -3.7 },
    openingHours: week('10:00', '21:00'),
  });

let admin: string;
const stylistBody = (name: string) => ({
  name,
  skills: ['cut'],
  weeklyHours: week('10:00', '20:00'),
  breaks: { wed: [{ open: '14:00', close: '15:00' }] },
});
const serviceBody = (stylistIds: string[], durationMinutes = 45, bufferAfterMinutes = 15) => ({
  name: 'Haircut',
  durationMinutes,
  bufferAfterMinutes,
  price: { amountMinor: 3500, currency: 'EUR' },
  stylistIds,
});

/** A store with stylists and one service; returns nothing, ids are derived from `storeId`. */
async function setUpStore(storeId: string, stylists: string[], policy: Record<string, unknown> = {}) {
  await putStore(api.deps, madridStore(storeId));
  for (const id of stylists) {
    const res = await api.call('PUT', `/stores/${storeId}/stylists/${id}`, { token: admin, body: stylistBody(`Stylist ${id}`) });
    expect(res.status).toBe(200);
  }
  expect((await api.call('PUT', `/stores/${storeId}/appointment-services/cut`, { token: admin, body: serviceBody(stylists) })).status).toBe(
    200,
  );
  expect(
    (
      await api.call('PUT', `/stores/${storeId}/booking-policy`, {
        token: admin,
        body: {
          minNoticeMinutes: 60,
          maxHorizonDays: 60,
          slotIntervalMinutes: 15,
          cancellationCutoffMinutes: 1440,
          rescheduleCutoffMinutes: 720,
          maxPerCustomerPerDay: 2,
          ...policy,
        },
      })
    ).status,
  ).toBe(200);
}

const bookingBy = async (customerId: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  api.call('POST', '/appointments', { token: await api.customer(customerId), body, headers });

async function appointmentItems(customerId: string) {
  const res = await api.deps.db.send(
    new QueryCommand({
      TableName: api.deps.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.customerPartition(customerId), ':p': keys.customerAppointmentPrefix },
    }),
  );
  return res.Items ?? [];
}

async function itemsOfCustomer(customerId: string) {
  const res = await api.deps.db.send(
    new QueryCommand({
      TableName: api.deps.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.customerPartition(customerId) },
    }),
  );
  return res.Items ?? [];
}

beforeAll(async () => {
  admin = await api.integration('catalog/write');
  await setUpStore('mad-a', ['ana', 'bea', 'carla']);
});

describe('booking catalogue', () => {
  it('is managed with catalog/write or by a store admin, never by associates or customers', async () => {
    const body = stylistBody('Dora');
    expect((await api.call('PUT', '/stores/mad-a/stylists/dora', { body })).status).toBe(401);
    expect((await api.call('PUT', '/stores/mad-a/stylists/dora', { token: await api.customer('c1'), body })).status).toBe(403);
    expect((await api.call('PUT', '/stores/mad-a/stylists/dora', { token: await api.staff('mad-a'), body })).status).toBe(403);
    expect((await api.call('PUT', '/stores/mad-a/stylists/dora', { token: await api.integration('inventory/write'), body })).status).toBe(
      403,
    );
    expect((await api.call('PUT', '/stores/mad-a/stylists/dora', { token: await api.staff('mad-a', 'admin'), body })).status).toBe(200);
  });

  it('refuses bad schedules, unknown stylists and unknown stores with 4xx problem+json', async () => {
    const bad = await api.call('PUT', '/stores/mad-a/stylists/x', {
      token: admin,
      body: { ...stylistBody('X'), weeklyHours: { mon: [{ open: '18:00', close: '09:00' }] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const badService = await api.call('PUT', '/stores/mad-a/appointment-services/cut', {
      token: admin,
      body: serviceBody(['ana', 'nobody']),
    });
    expect(badService.status).toBe(400);
    expect(badService.body.errors[0].path).toBe('body.stylistIds[1]');
    const odd = await api.call('PUT', '/stores/mad-a/appointment-services/cut', { token: admin, body: serviceBody(['ana'], 42) });
    expect(odd.status).toBe(400);
    expect(odd.body.errors[0].path).toBe('body.durationMinutes');
    expect((await api.call('PUT', '/stores/nowhere/stylists/x', { token: admin, body: stylistBody('X') })).status).toBe(404);
    expect((await api.call('PUT', '/stores/nowhere/booking-policy', { token: admin, body: {} })).status).toBe(404);
  });

  it('is public to read', async () => {
    const res = await api.call('GET', '/stores/mad-a/appointment-services');
    expect(res.status).toBe(200);
    expect(res.body.services[0]).toMatchObject({
      serviceId: 'cut',
      durationMinutes: 45,
      stylists: [{ stylistId: 'ana' }, { stylistId: 'bea' }, { stylistId: 'carla' }],
    });
    expect(res.body.policy.slotIntervalMinutes).toBe(15);
    expect((await api.call('GET', '/stores/nowhere/appointment-services')).status).toBe(404);
  });
});

describe('GET /stores/{storeId}/appointment-slots', () => {
  it('lists free starts with the stylists free at each, in the store time zone', async () => {
    const res = await api.call('GET', '/stores/mad-a/appointment-slots?serviceId=cut&from=2026-11-25&to=2026-11-25');
    expect(res.status).toBe(200);
    expect(res.body.slots[0]).toEqual({ start: '2026-11-25T10:00:00+01:00', stylistIds: expect.arrayContaining(['ana', 'bea', 'carla']) });
    // Wednesday break 14:00–15:00: a 45-minute cut cannot start 13:30 or 14:00.
    const starts = res.body.slots.map((s: { start: string }) => s.start.slice(11, 16));
    expect(starts).toContain('13:15');
    expect(starts).not.toContain('13:30');
    expect(starts).not.toContain('14:30');
    expect(starts.at(-1)).toBe('19:15');
  });

  it('answers 90 days in one call and refuses more', async () => {
    const ok = await api.call('GET', '/stores/mad-a/appointment-slots?serviceId=cut&from=2026-11-23&to=2027-02-20');
    expect(ok.status).toBe(200);
    // Horizon 60 days: nothing after 22 January.
    expect(ok.body.slots.at(-1).start < '2027-01-23').toBe(true);
    const tooLong = await api.call('GET', '/stores/mad-a/appointment-slots?serviceId=cut&from=2026-11-23&to=2027-02-22');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].path).toBe('query.to');
  });

  it('refuses unknown services, stylists, stores and malformed ranges', async () => {
    const q = '/stores/mad-a/appointment-slots?from=2026-11-25&to=2026-11-26';
    expect((await api.call('GET', `${q}&serviceId=perm`)).body.errors[0].path).toBe('query.serviceId');
    expect((await api.call('GET', `${q}&serviceId=cut&stylistId=zoe`)).body.errors[0].path).toBe('query.stylistId');
    expect((await api.call('GET', `${q}&serviceId=cut&stylistId=dora`)).status).toBe(400); // dora does not offer cuts
    expect((await api.call('GET', '/stores/nowhere/appointment-slots?serviceId=cut&from=2026-11-25&to=2026-11-26')).status).toBe(404);
    expect((await api.call('GET', '/stores/mad-a/appointment-slots?serviceId=cut&from=2026-11-26&to=2026-11-25T00:00:00Z')).status).toBe(
      400,
    );
    expect((await api.call('GET', '/stores/mad-a/appointment-slots?serviceId=cut&from=tomorrow&to=2026-11-25')).status).toBe(400);
  });
});

describe('POST /appointments', () => {
  it('books, lists, records the timeline and the event, and takes the slot away', async () => {
    const res = await bookingBy('c-book', { storeId: 'mad-a', serviceId: 'cut', start: '2026-11-26T11:00:00+01:00', stylistId: 'ana' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      storeId: 'mad-a',
      serviceId: 'cut',
      stylistId: 'ana',
      customerId: 'c-book',
      status: 'booked',
      start: '2026-11-26T11:00:00+01:00',
      end: '2026-11-26T11:45:00+01:00',
      bookedBy: 'customer',
      policy: { cancellationCutoffMinutes: 1440, rescheduleCutoffMinutes: 720 },
    });
    const mine = await api.call('GET', '/me/appointments', { token: await api.customer('c-book') });
    expect(mine.body.items.map((a: { appointmentId: string }) => a.appointmentId)).toEqual([res.body.appointmentId]);
    const timeline = await api.call('GET', '/me/timeline', { token: await api.customer('c-book') });
    expect(timeline.body.items[0]).toMatchObject({ type: 'appointment.booked', ref: { appointmentId: res.body.appointmentId } });
    const events = await eventsAbout(api.deps, `appointment#${res.body.appointmentId}`);
    expect(events.map((e) => e.type)).toEqual(['appointment.booked']);
    // The GSI1 layout other contexts read.
    const [item] = await appointmentItems('c-book');
    expect(item!.GSI1SK).toBe(`APPT#2026-11-26T10:00:00.000Z#${res.body.appointmentId}`);

    const slots = await api.call('GET', '/stores/mad-a/appointment-slots?serviceId=cut&from=2026-11-26&to=2026-11-26&stylistId=ana');
    const starts = slots.body.slots.map((s: { start: string }) => s.start.slice(11, 16));
    // 11:00–11:45 plus a 15-minute buffer: ana is busy 10:15 (ends 11:00 + buffer) … 11:45.
    expect(starts).toContain('10:00');
    expect(starts).not.toContain('10:15');
    expect(starts).not.toContain('11:45');
    expect(starts).toContain('12:00');
  });

  it('answers the same booking for the same Idempotency-Key, and 409 for the key with another body', async () => {
    const body = { storeId: 'mad-a', serviceId: 'cut', start: '2026-11-27T12:00:00+01:00' };
    const headers = { 'idempotency-key': 'key-1' };
    const [a, b] = await Promise.all([bookingBy('c-idem', body, headers), bookingBy('c-idem', body, headers)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.appointmentId).toBe(a.body.appointmentId);
    const again = await bookingBy('c-idem', body, headers);
    expect(again.body.appointmentId).toBe(a.body.appointmentId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await appointmentItems('c-idem')).toHaveLength(1);
    const other = await bookingBy('c-idem', { ...body, start: '2026-11-27T16:00:00+01:00' }, headers);
    expect(other.status).toBe(409);
  });

  it.each([
    ['off the slot grid', { start: '2026-11-26T11:05:00+01:00' }, 'body.start'],
    ['in the past', { start: '2026-11-20T11:00:00+01:00' }, 'body.start'],
    ['inside the minimum notice', { start: '2026-11-23T09:30:00+01:00' }, 'body.start'],
    ['beyond the horizon', { start: '2027-03-01T11:00:00+01:00' }, 'body.start'],
    ['for an unknown service', { serviceId: 'perm' }, 'body.serviceId'],
    ['for an unknown stylist', { stylistId: 'zoe' }, 'body.stylistId'],
    ['with a stylist who does not offer the service', { stylistId: 'dora' }, 'body.stylistId'],
    ['for an unknown store', { storeId: 'nowhere' }, 'body.storeId'],
    ['with a start without offset', { start: '2026-11-26T11:00:00' }, 'body.start'],
  ])('refuses a booking %s with 400 naming the field, writing nothing', async (_label, change, field) => {
    const res = await bookingBy('c-bad', { storeId: 'mad-a', serviceId: 'cut', start: '2026-11-26T11:00:00+01:00', ...change });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors[0].path).toBe(field);
    expect(await appointmentItems('c-bad')).toHaveLength(0);
    expect(await itemsOfCustomer('c-bad')).toHaveLength(0);
  });

  it('refuses staff and integrations, and anonymous callers', async () => {
    const body = { storeId: 'mad-a', serviceId: 'cut', start: '2026-11-26T15:00:00+01:00' };
    expect((await api.call('POST', '/appointments', { body })).status).toBe(401);
    expect((await api.call('POST', '/appointments', { token: await api.staff('mad-a'), body })).status).toBe(403);
  });

  it('answers 409 with the nearest alternatives when the stylist is taken', async () => {
    const start = '2026-11-26T16:00:00+01:00';
    expect((await bookingBy('c-first', { storeId: 'mad-a', serviceId: 'cut', start, stylistId: 'bea' })).status).toBe(201);
    const res = await bookingBy('c-second', { storeId: 'mad-a', serviceId: 'cut', start, stylistId: 'bea' });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:omnistore:problem:slot-unavailable');
    expect(res.body.alternatives).toHaveLength(5);
    expect(res.body.alternatives.every((a: { stylistIds: string[] }) => a.stylistIds.includes('bea'))).toBe(true);
    expect(res.body.alternatives.map((a: { start: string }) => a.start)).toContain('2026-11-26T17:00:00+01:00');
    expect(await appointmentItems('c-second')).toHaveLength(0);
  });

  it('never lets a customer hold two overlapping appointments, and caps them per day', async () => {
    const first = await bookingBy('c-overlap', {
      storeId: 'mad-a',
      serviceId: 'cut',
      start: '2026-11-30T10:00:00+01:00',
      stylistId: 'ana',
    });
    expect(first.status).toBe(201);
    const overlap = await bookingBy('c-overlap', {
      storeId: 'mad-a',
      serviceId: 'cut',
      start: '2026-11-30T10:30:00+01:00',
      stylistId: 'bea',
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.type).toBe('urn:omnistore:problem:customer-overlap');
    // Right after (the stylist's buffer is not the customer's): fine.
    expect(
      (await bookingBy('c-overlap', { storeId: 'mad-a', serviceId: 'cut', start: '2026-11-30T10:45:00+01:00', stylistId: 'bea' })).status,
    ).toBe(201);
    const third = await bookingBy('c-overlap', { storeId: 'mad-a', serviceId: 'cut', start: '2026-11-30T17:00:00+01:00' });
    expect(third.status).toBe(409);
    expect(third.body.type).toBe('urn:omnistore:problem:daily-limit');
  });
});

describe('concurrency', () => {
  it('100 parallel bookings of the same stylist and start: exactly one 201, the rest 409', async () => {
    await setUpStore('mad-race', ['solo', 'other']);
    const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => api.customer(`c-race-${i}`)));
    const body = { storeId: 'mad-race', serviceId: 'cut', start: '2026-12-01T12:00:00+01:00', stylistId: 'solo' };
    const results = await Promise.all(tokens.map((token) => retryingUnavailable(() => api.call('POST', '/appointments', { token, body }))));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    const agenda = await api.call('GET', '/stores/mad-race/agenda?date=2026-12-01', { token: await api.staff('mad-race') });
    const solo = agenda.body.stylists.find((s: { stylistId: string }) => s.stylistId === 'solo');
    expect(solo.appointments).toHaveLength(1);
  }, 90_000);

  it('100 parallel bookings with "any stylist" and 3 stylists: exactly three', async () => {
    await setUpStore('mad-any', ['x1', 'x2', 'x3']);
    const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => api.customer(`c-any-${i}`)));
    const body = { storeId: 'mad-any', serviceId: 'cut', start: '2026-12-01T12:00:00+01:00', stylistId: 'any' };
    const results = await Promise.all(tokens.map((token) => retryingUnavailable(() => api.call('POST', '/appointments', { token, body }))));
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(3);
    expect(new Set(won.map((r) => r.body.stylistId))).toEqual(new Set(['x1', 'x2', 'x3']));
    expect(Object.fromEntries(Object.entries(Object.groupBy(results, (r) => String(r.status))).map(([k, v]) => [k, v!.length]))).toEqual({
      201: 3,
      409: 97,
    });
  }, 90_000);

  it('overlapping (not identical) starts race safely too', async () => {
    await setUpStore('mad-overlap', ['solo']);
    const starts = ['12:00', '12:15', '12:30', '12:45', '13:00', '11:30', '11:45'];
    const results = await Promise.all(
      starts.map(async (hhmm, i) =>
        bookingBy(`c-ov-${i}`, { storeId: 'mad-overlap', serviceId: 'cut', start: `2026-12-02T${hhmm}:00+01:00`, stylistId: 'solo' }),
      ),
    );
    const won = results
      .filter((r) => r.status === 201)
      .map((r) => [Date.parse(r.body.start), Date.parse(r.body.end) + 15 * 60_000] as const);
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const [a, b] of won) for (const [c, d] of won) if (a !== c) expect(a < d && c < b).toBe(false);
  });
});

describe('cancel', () => {
  it('cancels, frees the slot, and records timeline and event', async () => {
    const token = await api.customer('c-cancel');
    const booked = await api.call('POST', '/appointments', {
      token,
      body: { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-03T10:00:00+01:00', stylistId: 'carla' },
    });
    const id = booked.body.appointmentId;
    clock.advance(1000); // timeline entries and events sort by time
    const res = await api.call('POST', `/appointments/${id}/cancel`, { token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect((await api.call('POST', `/appointments/${id}/cancel`, { token })).status).toBe(200); // a retry is fine
    expect((await eventsAbout(api.deps, `appointment#${id}`)).map((e) => e.type)).toEqual(['appointment.booked', 'appointment.cancelled']);
    const timeline = await api.call('GET', '/me/timeline', { token });
    expect(timeline.body.items[0].type).toBe('appointment.cancelled');
    // Someone else can now take it.
    const again = await bookingBy('c-cancel-2', {
      storeId: 'mad-a',
      serviceId: 'cut',
      start: '2026-12-03T10:00:00+01:00',
      stylistId: 'carla',
    });
    expect(again.status).toBe(201);
    // And the canceller can book again that day (the daily count went back down).
    const mine = await api.call('GET', '/me/appointments', { token });
    expect(mine.body.items[0].status).toBe('cancelled');
  });

  it("refuses after the cut-off, someone else's appointment and staff of another store", async () => {
    const token = await api.customer('c-late');
    const booked = await api.call('POST', '/appointments', {
      token,
      body: { storeId: 'mad-a', serviceId: 'cut', start: '2026-11-23T16:00:00+01:00' },
    });
    expect(booked.status).toBe(201);
    const id = booked.body.appointmentId;
    const late = await api.call('POST', `/appointments/${id}/cancel`, { token });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('urn:omnistore:problem:cancellation-cutoff-passed');
    expect((await api.call('POST', `/appointments/${id}/cancel`, { token: await api.customer('c-other') })).status).toBe(404);
    expect((await api.call('POST', `/appointments/${id}/cancel`, { token: await api.staff('mad-b') })).status).toBe(403);
    expect((await api.call('POST', '/appointments/not-an-id/cancel', { token })).status).toBe(400);
    expect((await api.call('GET', '/me/appointments', { token })).body.items[0].status).toBe('booked');
    // The store itself may still cancel before it starts.
    expect((await api.call('POST', `/appointments/${id}/cancel`, { token: await api.staff('mad-a') })).status).toBe(200);
  });
});

describe('reschedule', () => {
  it('moves atomically: the new slot is taken, the old one freed', async () => {
    const token = await api.customer('c-move');
    const booked = await api.call('POST', '/appointments', {
      token,
      body: { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-04T10:00:00+01:00', stylistId: 'ana' },
    });
    const id = booked.body.appointmentId;
    clock.advance(1000); // events sort by time
    const moved = await api.call('POST', `/appointments/${id}/reschedule`, {
      token,
      body: { start: '2026-12-05T11:00:00+01:00', stylistId: 'bea' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ appointmentId: id, start: '2026-12-05T11:00:00+01:00', stylistId: 'bea', status: 'booked' });
    expect(
      (await bookingBy('c-move-2', { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-04T10:00:00+01:00', stylistId: 'ana' })).status,
    ).toBe(201);
    expect(
      (await bookingBy('c-move-3', { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-05T11:00:00+01:00', stylistId: 'bea' })).status,
    ).toBe(409);
    expect((await eventsAbout(api.deps, `appointment#${id}`)).map((e) => e.type)).toEqual([
      'appointment.booked',
      'appointment.rescheduled',
    ]);
    const [item] = await appointmentItems('c-move');
    expect(item!.GSI1SK).toBe(`APPT#2026-12-05T10:00:00.000Z#${id}`);
    // Overlapping its own old time by 15 minutes, same stylist: allowed (the cells are its own).
    const nudge = await api.call('POST', `/appointments/${id}/reschedule`, { token, body: { start: '2026-12-05T11:15:00+01:00' } });
    expect(nudge.status).toBe(200);
    expect(nudge.body.stylistId).toBe('bea');
  });

  it('changes nothing when the new slot is taken', async () => {
    const token = await api.customer('c-stuck');
    const booked = await api.call('POST', '/appointments', {
      token,
      body: { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-07T10:00:00+01:00', stylistId: 'ana' },
    });
    await bookingBy('c-blocker', { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-07T12:00:00+01:00', stylistId: 'ana' });
    const res = await api.call('POST', `/appointments/${booked.body.appointmentId}/reschedule`, {
      token,
      body: { start: '2026-12-07T12:00:00+01:00' },
    });
    expect(res.status).toBe(409);
    expect(res.body.alternatives.length).toBeGreaterThan(0);
    const mine = await api.call('GET', '/me/appointments', { token });
    expect(mine.body.items[0]).toMatchObject({ start: '2026-12-07T10:00:00+01:00', stylistId: 'ana' });
    // Its old slot is still held.
    expect(
      (await bookingBy('c-stuck-2', { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-07T10:00:00+01:00', stylistId: 'ana' })).status,
    ).toBe(409);
  });

  it('lets exactly one of two parallel reschedules into the same slot win', async () => {
    const [t1, t2] = await Promise.all([api.customer('c-r1'), api.customer('c-r2')]);
    const a = await api.call('POST', '/appointments', {
      token: t1,
      body: { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-08T10:00:00+01:00', stylistId: 'ana' },
    });
    const b = await api.call('POST', '/appointments', {
      token: t2,
      body: { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-08T11:00:00+01:00', stylistId: 'ana' },
    });
    const target = { start: '2026-12-08T15:00:00+01:00', stylistId: 'ana' };
    const results = await Promise.all([
      api.call('POST', `/appointments/${a.body.appointmentId}/reschedule`, { token: t1, body: target }),
      api.call('POST', `/appointments/${b.body.appointmentId}/reschedule`, { token: t2, body: target }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('refuses after the reschedule cut-off and bad starts', async () => {
    const token = await api.customer('c-late-move');
    const booked = await api.call('POST', '/appointments', {
      token,
      body: { storeId: 'mad-a', serviceId: 'cut', start: '2026-11-23T17:00:00+01:00' },
    });
    expect(booked.status).toBe(201);
    const id = booked.body.appointmentId;
    const late = await api.call('POST', `/appointments/${id}/reschedule`, { token, body: { start: '2026-12-09T10:00:00+01:00' } });
    expect(late.body.type).toBe('urn:omnistore:problem:reschedule-cutoff-passed');
    const token2 = await api.customer('c-bad-move');
    const other = await api.call('POST', '/appointments', {
      token: token2,
      body: { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-09T10:00:00+01:00' },
    });
    const off = await api.call('POST', `/appointments/${other.body.appointmentId}/reschedule`, {
      token: token2,
      body: { start: '2026-12-09T10:10:00+01:00' },
    });
    expect(off.status).toBe(400);
    expect(off.body.errors[0].path).toBe('body.start');
    expect(
      (
        await api.call('POST', `/appointments/${other.body.appointmentId}/reschedule`, {
          token,
          body: { start: '2026-12-09T11:00:00+01:00' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('store staff', () => {
  it('sees the agenda of its own store only, with a customer summary', async () => {
    await profiles.updateProfile(api.deps, 'c-agenda', { name: 'Lucía' });
    await bookingBy('c-agenda', { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-10T10:00:00+01:00', stylistId: 'carla' });
    const res = await api.call('GET', '/stores/mad-a/agenda?date=2026-12-10', { token: await api.staff('mad-a') });
    expect(res.status).toBe(200);
    const carla = res.body.stylists.find((s: { stylistId: string }) => s.stylistId === 'carla');
    expect(carla.working).toEqual([{ start: '2026-12-10T10:00:00+01:00', end: '2026-12-10T20:00:00+01:00' }]);
    expect(carla.appointments[0]).toMatchObject({
      start: '2026-12-10T10:00:00+01:00',
      customer: { customerId: 'c-agenda', name: 'Lucía' },
    });
    expect((await api.call('GET', '/stores/mad-a/agenda?date=2026-12-10', { token: await api.staff('mad-b') })).status).toBe(403);
    expect((await api.call('GET', '/stores/mad-a/agenda?date=2026-12-10', { token: await api.customer('c-agenda') })).status).toBe(403);
    expect((await api.call('GET', '/stores/mad-a/agenda?date=10-12-2026', { token: await api.staff('mad-a') })).status).toBe(400);
    expect((await api.call('GET', '/stores/mad-a/agenda?date=2026-12-10', { token: await api.staff('mad-b', 'regional') })).status).toBe(
      200,
    );
  });

  it('books a walk-in found by e-mail, starting now, and refuses unknown customers', async () => {
    await profiles.setIdentity(api.deps, 'c-walkin', 'email', 'walk.in@example.com');
    const staff = await api.staff('mad-a');
    clock.set('2026-11-23T10:05:00Z'); // 11:05 in Madrid: the 11:00 slot is running
    try {
      const res = await api.call('POST', '/stores/mad-a/appointments', {
        token: staff,
        body: { customer: { email: 'Walk.In@example.com' }, serviceId: 'cut', start: '2026-11-23T11:00:00+01:00' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ customerId: 'c-walkin', bookedBy: 'staff' });
      const unknown = await api.call('POST', '/stores/mad-a/appointments', {
        token: staff,
        body: { customer: { email: 'nobody@example.com' }, serviceId: 'cut', start: '2026-11-23T12:00:00+01:00' },
      });
      expect(unknown.status).toBe(404);
      const invalid = await api.call('POST', '/stores/mad-a/appointments', {
        token: staff,
        body: { customer: { email: 'not-an-email' }, serviceId: 'cut', start: '2026-11-23T12:00:00+01:00' },
      });
      expect(invalid.body.errors[0].path).toBe('body.customer.email');
      expect(
        (
          await api.call('POST', '/stores/mad-a/appointments', {
            token: await api.staff('mad-b'),
            body: { customer: { email: 'walk.in@example.com' }, serviceId: 'cut', start: '2026-11-23T12:00:00+01:00' },
          })
        ).status,
      ).toBe(403);

      // Completed / no-show: only once started, only by the store.
      const id = res.body.appointmentId;
      expect((await api.call('POST', `/appointments/${id}/complete`, { token: await api.customer('c-walkin') })).status).toBe(403);
      expect((await api.call('POST', `/appointments/${id}/complete`, { token: await api.staff('mad-b') })).status).toBe(403);
      const done = await api.call('POST', `/appointments/${id}/complete`, { token: staff });
      expect(done.body.status).toBe('completed');
      expect((await api.call('POST', `/appointments/${id}/no-show`, { token: staff })).status).toBe(409);
      const future = await bookingBy('c-future', { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-11T10:00:00+01:00' });
      expect((await api.call('POST', `/appointments/${future.body.appointmentId}/no-show`, { token: staff })).status).toBe(409);

      // Once it has ended it is listed as past, not upcoming.
      clock.set('2026-11-23T11:00:00Z');
      const walker = await api.customer('c-walkin');
      const past = await api.call('GET', '/me/appointments?when=past', { token: walker });
      expect(past.body.items.map((a: { appointmentId: string }) => a.appointmentId)).toEqual([id]);
      expect((await api.call('GET', '/me/appointments', { token: walker })).body.items).toEqual([]);
      expect((await api.call('GET', '/me/appointments?when=soon', { token: walker })).status).toBe(400);
    } finally {
      clock.set('2026-11-23T08:00:00Z');
    }
  });

  it('answers 404 for a walk-in at an unknown store (the store is in the path), and 400 names the body fields', async () => {
    await profiles.setIdentity(api.deps, 'c-walkin-2', 'email', 'walk.in.two@example.com');
    const regional = await api.staff('mad-b', 'regional');
    const body = { customer: { email: 'walk.in.two@example.com' }, serviceId: 'cut', start: '2026-11-23T12:00:00+01:00' };
    const nowhere = await api.call('POST', '/stores/nowhere/appointments', { token: regional, body });
    expect(nowhere.status).toBe(404);
    const unknownService = await api.call('POST', '/stores/mad-a/appointments', { token: regional, body: { ...body, serviceId: 'perm' } });
    expect(unknownService.status).toBe(400);
    expect(unknownService.body.errors[0].path).toBe('body.serviceId');
    const offGrid = await api.call('POST', '/stores/mad-a/appointments', {
      token: regional,
      body: { ...body, start: '2026-11-23T12:05:00+01:00' },
    });
    expect(offGrid.body.errors[0].path).toBe('body.start');
    expect(await appointmentItems('c-walkin-2')).toHaveLength(0);
  });
});

describe('erasure', () => {
  it('releases the stylist time of an erased customer', async () => {
    const token = await api.customer('c-erase');
    const booked = await api.call('POST', '/appointments', {
      token,
      body: { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-14T10:00:00+01:00', stylistId: 'ana' },
    });
    expect(booked.status).toBe(201);
    clock.advance(1000); // events sort by time
    expect((await api.call('DELETE', '/me', { token })).status).toBe(204);
    expect(await appointmentItems('c-erase')).toHaveLength(0);
    const events = await eventsAbout(api.deps, `appointment#${booked.body.appointmentId}`);
    expect(events.at(-1)).toMatchObject({ type: 'appointment.cancelled', detail: { cancelledBy: 'erasure' } });
    expect(events.at(-1)!.detail.customerId).toBeUndefined();
    expect(
      (await bookingBy('c-after-erase', { storeId: 'mad-a', serviceId: 'cut', start: '2026-12-14T10:00:00+01:00', stylistId: 'ana' }))
        .status,
    ).toBe(201);
  });
});

describe('storage', () => {
  it('leaves no lock cells behind after cancels and reschedules', async () => {
    const res = await api.deps.db.send(
      new ScanCommand({
        TableName: api.deps.tableName,
        FilterExpression: 'begins_with(PK, :p)',
        ExpressionAttributeValues: { ':p': 'STYLIST#mad-a#carla' },
      }),
    );
    const cells = (res.Items ?? []).flatMap((i) =>
      Object.keys(i)
        .filter((k) => /^c\d{4}$/.test(k))
        .map((k) => i[k]),
    );
    const live = await api.call('GET', '/stores/mad-a/agenda?date=2026-12-03', { token: await api.staff('mad-a') });
    const carla = live.body.stylists.find((s: { stylistId: string }) => s.stylistId === 'carla');
    expect(new Set(cells).size).toBeGreaterThan(0);
    // Every held cell belongs to a live appointment.
    const ids = new Set(cells);
    expect(ids.has(carla.appointments[0].appointmentId)).toBe(true);
  });
});
