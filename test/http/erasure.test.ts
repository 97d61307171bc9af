// Erasure and export from the outside: a customer does everything the demo journey does —
// profile, identities, consents, a reservation, a pickup order collected and partly
// returned, a booking, a store visit seen by beacons, an offer redeemed, a tablet lookup —
// then exports their data and erases themselves; a scan of the whole table (fine in a
// test) must find nothing that names them.

import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '#shared/runtime/clock.ts';
import { useTestApi } from '#test/support/api.ts';
import { seedStock, seedStores, storeFixture } from '#test/support/inventory.ts';
import { seedCustomer } from '#test/support/orders.ts';
import { beaconUuid, ibeacon } from '#test/support/proximity-fixtures.ts';
import { scanTable } from '#test/support/table.ts';

// Monday 23 November 2026, 11:00 in Madrid: the store is open.
const clock = fixedClock('2026-11-23T10:00:00Z');
const api = useTestApi({ clock });
const storeId = 'erase-store';
const customerId = 'cust-erase-7f3q';
const person = { email: 'Erase.Me@Example.com', phone: '+34 611 222 999', loyalty: 'LOYERASE77' };
/** What must not be found anywhere once they are erased: the id, and every identity as stored or typed. */
const traces = [customerId, 'erase.me@example.com', 'Erase.Me@Example.com', '+34611222999', '611222999', 'LOYERASE77'];

let me: string;
let staff: string;
let orders: string;
let admin: string;

const scan = () => scanTable(api.deps);

const ok = (res: { status: number; body: unknown }, status = 200) => expect(res.status, JSON.stringify(res.body)).toBe(status);

beforeAll(async () => {
  me = await api.customer(customerId);
  staff = await api.staff(storeId);
  orders = await api.integration('orders/write');
  admin = await api.integration('catalog/write');
  await seedStores(api.deps, [storeFixture({ storeId, services: ['pickup', 'returns', 'stylist'] })]);
  await seedStock(api.deps, [
    { storeId, sku: 'ER-1', onHand: 5 },
    { storeId, sku: 'ER-2', onHand: 5 },
  ]);

  // The customer: a profile, three identities, consents.
  ok(await api.call('GET', '/me', { token: me }));
  ok(await api.call('PATCH', '/me', { token: me, body: { name: 'Erin Erase' } }));
  await seedCustomer(api.deps, customerId, person, 'Erin Erase');
  ok(await api.call('PUT', '/me/consents/proximity', { token: me, body: { granted: true } }));

  // A reservation with a key.
  ok(
    await api.call('POST', '/reservations', {
      token: me,
      headers: { 'idempotency-key': 'erase-res' },
      body: { storeId, lines: [{ sku: 'ER-1', quantity: 1 }] },
    }),
    201,
  );

  // A web order found by the e-mail, collected with its code, one unit returned with a key.
  const order = await api.call('POST', '/orders', {
    token: orders,
    body: {
      channel: 'web',
      channelOrderId: 'W-ERASE-1',
      customer: { email: person.email },
      currency: 'EUR',
      lines: [{ sku: 'ER-2', quantity: 2, price: 1000, fulfilment: 'pickup', storeId, category: 'Denim' }],
    },
  });
  ok(order, 201);
  expect(order.body.customerId).toBe(customerId);
  ok(await api.call('POST', `/orders/${order.body.orderId}/status`, { token: orders, body: { status: 'ready_for_pickup' } }));
  ok(
    await api.call('POST', `/stores/${storeId}/pickups/${order.body.orderId}/handover`, {
      token: staff,
      body: { code: order.body.pickupCode },
    }),
  );
  ok(
    await api.call('POST', `/orders/${order.body.orderId}/returns`, {
      token: staff,
      headers: { 'idempotency-key': 'erase-ret' },
      body: { storeId, lines: [{ sku: 'ER-2', quantity: 1 }] },
    }),
  );

  // A booking with a key.
  ok(
    await api.call('PUT', `/stores/${storeId}/stylists/eva`, {
      token: admin,
      body: { name: 'Eva', skills: ['cut'], weeklyHours: { tue: [{ open: '10:00', close: '20:00' }] } },
    }),
  );
  ok(
    await api.call('PUT', `/stores/${storeId}/appointment-services/cut`, {
      token: admin,
      body: { name: 'Haircut', durationMinutes: 45, price: { amountMinor: 3500, currency: 'EUR' }, stylistIds: ['eva'] },
    }),
  );
  ok(
    await api.call('POST', '/appointments', {
      token: me,
      headers: { 'idempotency-key': 'erase-appt' },
      body: { storeId, serviceId: 'cut', start: '2026-11-24T11:00:00+01:00' },
    }),
    201,
  );

  // A store visit seen by a beacon, and an offer redeemed at checkout with a key.
  ok(
    await api.call('POST', '/beacons', {
      token: admin,
      body: { type: 'ibeacon', uuid: beaconUuid, major: 1, minor: 901, storeId, zone: 'entrance' },
    }),
  );
  const offer = await api.call('POST', '/offers', {
    token: admin,
    body: {
      title: 'Welcome',
      target: { storeId },
      validFrom: '2026-11-01T00:00:00+01:00',
      validUntil: '2026-12-31T23:59:59+01:00',
      openingHoursOnly: false,
    },
  });
  ok(offer, 201);
  const seen = await api.call('POST', '/proximity/sightings', {
    token: me,
    body: { beacons: [{ ...ibeacon(901), seenAt: clock.now().toISOString() }] },
  });
  ok(seen);
  expect(seen.body.offers.map((o: { title: string }) => o.title)).toContain('Welcome');
  ok(
    await api.call('POST', `/offers/${offer.body.offerId}/redemptions`, {
      token: staff,
      headers: { 'idempotency-key': 'erase-red' },
      body: { customerId, storeId },
    }),
    201,
  );

  // The associate looks them up on the tablet (audited).
  const lookup = await api.call('GET', `/stores/${storeId}/customers?q=${encodeURIComponent(person.phone)}`, { token: staff });
  ok(lookup);
});

describe('GET /me/export', () => {
  it('gives everything held about the customer as one JSON document', async () => {
    const res = await api.call('GET', '/me/export', { token: me });
    ok(res);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="omnistore-export-/);
    const doc = res.body;
    expect(doc).toMatchObject({ customerId, exportedAt: clock.now().toISOString() });
    expect(doc.profiles.profile).toMatchObject({ customerId, name: 'Erin Erase' });
    expect(doc.profiles.profile.identities).toMatchObject({ email: 'erase.me@example.com' });
    expect(doc.profiles.timeline.items.length).toBeGreaterThan(3);
    expect(doc.orders.orders.items).toHaveLength(1);
    expect(doc.orders.orders.items[0].returns).toHaveLength(1);
    expect(doc.inventory.reservations.items).toHaveLength(1);
    expect(doc.appointments.appointments.items).toHaveLength(1);
    expect(doc.proximity.redemptions).toHaveLength(1);
    expect(doc.proximity.visits).toEqual([expect.objectContaining({ storeId })]);
    for (const section of [doc.profiles.timeline, doc.orders.orders, doc.inventory.reservations, doc.appointments.appointments]) {
      expect(section.complete).toBe(true);
    }
  });

  it('is for the signed-in customer only', async () => {
    expect((await api.call('GET', '/me/export')).status).toBe(401);
    expect((await api.call('GET', '/me/export', { token: staff })).status).toBe(403);
    expect((await api.call('GET', '/me/export', { token: orders })).status).toBe(403);
  });
});

describe('DELETE /me', () => {
  it('leaves no item in the table that names the customer', async () => {
    const before = await scan();
    expect(before.some((i) => JSON.stringify(i).includes(customerId))).toBe(true); // the journey left traces

    expect((await api.call('DELETE', '/me', { token: me })).status).toBe(204);

    const after = await scan();
    const found = after.filter((item) => traces.some((t) => JSON.stringify(item).includes(t)));
    expect(found.map((i) => `${i.entity} ${i.PK} ${i.SK}`)).toEqual([]);
    // What stays, pseudonymised (README: Erasure and export): the tablet lookup audit.
    const audit = after.filter((i) => i.entity === 'lookupAudit' && i.storeId === storeId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ result: 'found', matchedBy: 'phone', customerRef: expect.any(String) });
    // The store's own data stays: stock, stylists, the offer with its count.
    expect(after.some((i) => i.entity === 'stockLine' || String(i.SK).startsWith('STOCK#'))).toBe(true);
  });

  it('can be run again, and the export of an erased customer is empty', async () => {
    expect((await api.call('DELETE', '/me', { token: me })).status).toBe(204);
    const res = await api.call('GET', '/me/export', { token: me });
    ok(res);
    expect(res.body.orders.orders.items).toEqual([]);
    expect(res.body.profiles.profile).toBeNull();
  });
});
