// The contact center books, cancels and reschedules for a customer at any store, by the
// customer's rules, each once per Idempotency-Key and audited; two agents never get one slot.

import { beforeAll, describe, expect, it } from 'vitest';
import { auditCustomerRef } from '#shared/platform/audit.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { useTestApi } from '#test/support/api.ts';
import { seedCustomer, seedStores, storeFixture } from '#test/support/orders.ts';
import { accessAuditOf, scanTable } from '#test/support/table.ts';

const clock = fixedClock('2026-11-24T10:00:00Z'); // Tuesday 11:00 in Madrid
const api = useTestApi({ clock });
const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ open: '10:00', close: '20:00' }]]));
let agent: string;

const book = (customerId: string, body: Record<string, unknown>, headers?: Record<string, string>, token = agent) =>
  api.call('POST', `/customers/${customerId}/appointments`, { token, body, headers });
const slot = (start: string, stylistId = 'any', storeId = 'bcn-rambla') => ({ storeId, serviceId: 'cut', start, stylistId });
const timelineTypes = async (customerId: string) =>
  (await api.call('GET', `/customers/${customerId}/timeline?kind=appointment`, { token: agent })).body.items.map(
    (e: { type: string }) => e.type,
  );
const appointmentsOf = async (customerId: string) =>
  (await scanTable(api.deps)).filter((i) => i.entity === 'appointment' && i.customerId === customerId);

beforeAll(async () => {
  agent = await api.agent('agent-ana');
  const admin = await api.staff('bcn-rambla', 'admin');
  await seedStores(api.deps, [storeFixture({ storeId: 'bcn-rambla', name: 'Barcelona Rambla', services: ['stylist'] })]);
  for (const id of ['ana', 'bea']) {
    const res = await api.call('PUT', `/stores/bcn-rambla/stylists/${id}`, {
      token: admin,
      body: { name: `Stylist ${id}`, skills: ['cut'], weeklyHours: week },
    });
    expect(res.status).toBe(200);
  }
  const service = {
    name: 'Haircut',
    durationMinutes: 45,
    bufferAfterMinutes: 15,
    price: { amountMinor: 3500, currency: 'EUR' },
    stylistIds: ['ana', 'bea'],
  };
  expect((await api.call('PUT', '/stores/bcn-rambla/appointment-services/cut', { token: admin, body: service })).status).toBe(200);
  const policy = {
    minNoticeMinutes: 60,
    maxHorizonDays: 60,
    slotIntervalMinutes: 15,
    cancellationCutoffMinutes: 1440,
    rescheduleCutoffMinutes: 720,
    maxPerCustomerPerDay: 2,
  };
  expect((await api.call('PUT', '/stores/bcn-rambla/booking-policy', { token: admin, body: policy })).status).toBe(200);
  for (const id of ['cust-lucia', 'cust-marc', 'cust-pau', 'cust-late', 'cust-race-1', 'cust-race-2'])
    await seedCustomer(api.deps, id, {}, id);
});

describe('POST /customers/{customerId}/appointments', () => {
  it('books for the customer at any store (201): on her timeline, in her card, audited with the appointment', async () => {
    const res = await book('cust-lucia', slot('2026-11-26T10:00:00+01:00', 'ana'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      customerId: 'cust-lucia',
      storeId: 'bcn-rambla',
      stylistId: 'ana',
      start: '2026-11-26T10:00:00+01:00',
      status: 'booked',
      bookedBy: 'agent',
    });
    expect(await timelineTypes('cust-lucia')).toEqual(['appointment.booked']);
    const card = await api.call('GET', '/customers/cust-lucia', { token: agent });
    expect(card.body.appointments).toEqual([expect.objectContaining({ appointmentId: res.body.appointmentId, storeId: 'bcn-rambla' })]);
    expect(await accessAuditOf(api.deps, 'agent:agent-ana')).toContainEqual(
      expect.objectContaining({
        action: 'appointment.book',
        ref: res.body.appointmentId,
        result: 'done',
        customerRef: await auditCustomerRef(api.deps, 'cust-lucia'),
      }),
    );
  });

  it("applies the customer's rules: the minimum notice names start, an unknown store names storeId", async () => {
    const soon = await book('cust-marc', slot('2026-11-24T11:30:00+01:00'));
    expect(soon.status).toBe(400);
    expect(soon.body.errors.map((e: { path: string }) => e.path)).toContain('body.start');
    const nowhere = await book('cust-marc', slot('2026-11-26T10:00:00+01:00', 'any', 'no-such-store'));
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.errors.map((e: { path: string }) => e.path)).toContain('body.storeId');
    expect(await appointmentsOf('cust-marc')).toEqual([]);
  });

  it.each([
    [{ serviceId: 'cut', start: '2026-11-26T10:00:00+01:00', stylistId: 'any' }, 'body.storeId'],
    [{ ...slot('2026-11-26T10:00:00+01:00'), start: 'tomorrow' }, 'body.start'],
    [{ ...slot('2026-11-26T10:00:00+01:00'), customer: { email: 'x@example.com' } }, 'body.customer'],
  ])('refuses %j (400 naming %s), nothing written', async (body, field) => {
    const before = (await scanTable(api.deps)).length;
    const res = await book('cust-marc', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect((await scanTable(api.deps)).length).toBe(before);
  });

  it('is 404 for an unknown customer, nothing written', async () => {
    const before = (await scanTable(api.deps)).length;
    expect((await book('cust-nobody', slot('2026-11-26T12:00:00+01:00'))).status).toBe(404);
    expect((await scanTable(api.deps)).length).toBe(before);
  });

  it('the same booking sent 20 times at once with one key: one appointment, one answer', async () => {
    const headers = { 'idempotency-key': 'book-pau-1' };
    const results = await Promise.all(Array.from({ length: 20 }, () => book('cust-pau', slot('2026-11-27T12:00:00+01:00'), headers)));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(results.every((r) => r.status === 201 || r.body.type === 'urn:omnistore:problem:request-in-progress')).toBe(true);
    expect(new Set(created.map((r) => r.body.appointmentId)).size).toBe(1);
    expect(await appointmentsOf('cust-pau')).toHaveLength(1);
    const replay = await book('cust-pau', slot('2026-11-27T12:00:00+01:00'), headers);
    expect(replay.status).toBe(201);
    expect(replay.body.appointmentId).toBe(created[0]!.body.appointmentId);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('two agents booking the same stylist and slot: one 201, one 409 with alternatives', async () => {
    const other = await api.agent('agent-bob');
    const [a, b] = await Promise.all([
      book('cust-race-1', slot('2026-11-28T16:00:00+01:00', 'bea')),
      book('cust-race-2', slot('2026-11-28T16:00:00+01:00', 'bea'), undefined, other),
    ]);
    expect([a!.status, b!.status].sort()).toEqual([201, 409]);
    expect((a!.status === 409 ? a! : b!).body.alternatives.length).toBeGreaterThan(0);
  });
});

describe('agents cancel and reschedule for the customer', () => {
  it("reschedules and cancels by the customer's cut-offs, each audited", async () => {
    const booked = await book('cust-lucia', slot('2026-12-02T11:00:00+01:00', 'bea'));
    expect(booked.status).toBe(201);
    const id = booked.body.appointmentId;
    clock.advance(1000);
    const moved = await api.call('POST', `/appointments/${id}/reschedule`, { token: agent, body: { start: '2026-12-03T11:00:00+01:00' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ appointmentId: id, start: '2026-12-03T11:00:00+01:00', stylistId: 'bea' });
    clock.advance(1000);
    const cancelled = await api.call('POST', `/appointments/${id}/cancel`, { token: agent });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const audit = (await accessAuditOf(api.deps, 'agent:agent-ana')).filter((e) => e.ref === id);
    expect(audit.map((e) => e.action)).toEqual(['appointment.book', 'appointment.reschedule', 'appointment.cancel']);
  });

  it("refuses an agent's change after the customer's cut-off (409), as it refuses the customer; the store may still", async () => {
    // Tomorrow 10:00 Madrid, 23 h ahead: inside the 24 h cancellation cut-off, not the 12 h reschedule one.
    const booked = await book('cust-late', slot('2026-11-25T10:00:00+01:00', 'ana'));
    expect(booked.status).toBe(201);
    const id = booked.body.appointmentId;
    const late = await api.call('POST', `/appointments/${id}/cancel`, { token: agent });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('urn:omnistore:problem:cancellation-cutoff-passed');
    clock.advance(12 * 3600_000); // 11 h ahead: inside the reschedule cut-off too
    const move = await api.call('POST', `/appointments/${id}/reschedule`, { token: agent, body: { start: '2026-11-25T11:00:00+01:00' } });
    expect(move.status).toBe(409);
    expect(move.body.type).toBe('urn:omnistore:problem:reschedule-cutoff-passed');
    expect((await accessAuditOf(api.deps, 'agent:agent-ana')).filter((e) => e.ref === id).map((e) => e.action)).toEqual([
      'appointment.book',
    ]);
    const store = await api.staff('bcn-rambla');
    expect((await api.call('POST', `/appointments/${id}/cancel`, { token: store })).status).toBe(200);
  });

  it('gives agents no store outcomes: complete and no-show are 403', async () => {
    for (const action of ['complete', 'no-show']) {
      expect((await api.call('POST', `/appointments/01JD3S9ZQ4X8R5T6Y7V8W9X0YZ/${action}`, { token: agent })).status).toBe(403);
    }
  });

  it('is 404 for an appointment that does not exist', async () => {
    expect((await api.call('POST', '/appointments/01JD3S9ZQ4X8R5T6Y7V8W9X0YZ/cancel', { token: agent })).status).toBe(404);
  });
});
