import { beforeAll, describe, expect, it } from 'vitest';
import { eventsAbout } from '#shared/platform/outbox.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { attachMeter } from '#shared/runtime/dynamodb-meter.ts';
import { useTestApi } from '#test/support/api.ts';
import { beaconUuid, customerItems, ibeacon, putAppointment, seedStore } from '#test/support/proximity-fixtures.ts';

// Monday 23 Nov 2026, 11:00 in Madrid (UTC+1): both stores open.
const START = '2026-11-23T10:00:00.000Z';
const clock = fixedClock(START);
const api = useTestApi({ clock });

let admin: string;
const now = () => clock.now().toISOString();
const at = (minor: number, signal: { rssi?: number; proximity?: string } = { rssi: -60 }) => ({ ...ibeacon(minor, signal), seenAt: now() });

async function consentingCustomer(id: string, name = 'Test Customer') {
  const token = await api.customer(id);
  await api.call('PATCH', '/me', { token, body: { name } });
  await api.call('PUT', '/me/consents/proximity', { token, body: { granted: true } });
  return token;
}
const sight = (token: string, beacons: unknown[]) => api.call('POST', '/proximity/sightings', { token, body: { beacons } });
const visits = async (id: string) =>
  (await customerItems(api.deps, id)).filter((i) => String(i.SK).startsWith('TIMELINE#') && i.type === 'store.visited');

beforeAll(async () => {
  clock.set(START);
  await seedStore(api.deps, { storeId: 'mad-sol', name: 'Madrid Sol' });
  await seedStore(api.deps, { storeId: 'mad-castellana', name: 'Madrid Castellana' });
  await seedStore(api.deps, { storeId: 'mad-closed', name: 'Closed for works', status: 'closed' });
  admin = await api.integration('catalog/write');
  const register = (minor: number, storeId: string, zone: string, zoneName?: string) =>
    api.call('POST', '/beacons', { token: admin, body: { type: 'ibeacon', uuid: beaconUuid, major: 1, minor, storeId, zone, zoneName } });
  for (const [minor, storeId, zone, zoneName] of [
    [1, 'mad-sol', 'entrance', 'Entrance'],
    [2, 'mad-sol', 'denim', 'Denim'],
    [3, 'mad-castellana', 'entrance', undefined],
    [9, 'mad-closed', 'entrance', undefined],
  ] as const) {
    expect((await register(minor, storeId, zone, zoneName)).status).toBe(200);
  }
});

describe('POST /beacons and the registry', () => {
  it('registers iBeacon and Eddystone-UID beacons, lists them per store and removes them', async () => {
    const eddy = await api.call('POST', '/beacons', {
      token: admin,
      body: {
        type: 'eddystone',
        namespace: 'EDD1EBEAC04E5DEFA017',
        instance: '0BDB87539B67',
        storeId: 'mad-castellana',
        zone: 'fitting-rooms',
      },
    });
    expect(eddy.status).toBe(200);
    expect(eddy.body.beaconId).toBe('eddystone:edd1ebeac04e5defa017:0bdb87539b67');
    const list = await api.call('GET', '/stores/mad-castellana/beacons', { token: await api.staff('mad-castellana') });
    expect(list.status).toBe(200);
    expect(list.body.items.map((b: { zone: string }) => b.zone).sort()).toEqual(['entrance', 'fitting-rooms']);
    expect((await api.call('DELETE', `/beacons/${eddy.body.beaconId}`, { token: admin })).status).toBe(204);
    expect((await api.call('DELETE', `/beacons/${eddy.body.beaconId}`, { token: admin })).status).toBe(404);
  });

  it.each([
    ['a malformed UUID', { type: 'ibeacon', uuid: 'not-a-uuid', major: 1, minor: 1, storeId: 'mad-sol', zone: 'x' }, 'body.uuid'],
    ['a major out of range', { type: 'ibeacon', uuid: beaconUuid, major: 70000, minor: 1, storeId: 'mad-sol', zone: 'x' }, 'body.major'],
    [
      'a short Eddystone namespace',
      { type: 'eddystone', namespace: 'abc', instance: '0bdb87539b67', storeId: 'mad-sol', zone: 'x' },
      'body.namespace',
    ],
    ['an unknown store', { type: 'ibeacon', uuid: beaconUuid, major: 1, minor: 77, storeId: 'nowhere', zone: 'x' }, 'body.storeId'],
    ['an unknown beacon type', { type: 'bluetooth', storeId: 'mad-sol', zone: 'x' }, 'body.type'],
  ])('refuses %s naming the field', async (_what, body, path) => {
    const res = await api.call('POST', '/beacons', { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('is managed by catalog/write integrations and admins; staff of another store cannot list', async () => {
    const body = { type: 'ibeacon', uuid: beaconUuid, major: 1, minor: 50, storeId: 'mad-sol', zone: 'x' };
    expect((await api.call('POST', '/beacons', { token: await api.staff('mad-sol'), body })).status).toBe(403);
    expect((await api.call('POST', '/beacons', { token: await api.staff('mad-sol', 'regional'), body })).status).toBe(403);
    expect((await api.call('POST', '/beacons', { token: await api.staff('mad-sol', 'admin'), body })).status).toBe(200);
    expect((await api.call('POST', '/beacons', { token: await api.integration('inventory/write'), body })).status).toBe(403);
    expect((await api.call('GET', '/stores/mad-sol/beacons', { token: await api.staff('mad-castellana') })).status).toBe(403);
  });
});

describe('POST /proximity/sightings', () => {
  it('stores nothing and answers empty without proximity consent', async () => {
    clock.set(START);
    const token = await api.customer('c-noconsent');
    await api.call('PUT', '/me/consents/proximity', { token, body: { granted: false } });
    const before = await customerItems(api.deps, 'c-noconsent');
    const res = await sight(token, [at(1), at(404)]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ presence: null, offers: [], ignored: [] });
    expect(await customerItems(api.deps, 'c-noconsent')).toEqual(before);

    // A customer who never opened the app has no profile: nothing is created for them either.
    const stranger = await sight(await api.customer('c-stranger'), [at(1)]);
    expect(stranger.body).toEqual({ presence: null, offers: [], ignored: [] });
    expect(await customerItems(api.deps, 'c-stranger')).toEqual([]);
  });

  it("records presence in the nearest beacon's store and zone, with an expiry", async () => {
    clock.set(START);
    const token = await consentingCustomer('c-near');
    const res = await sight(token, [at(1, { rssi: -80 }), at(2, { rssi: -55 }), at(3, { proximity: 'far' })]);
    expect(res.status).toBe(200);
    expect(res.body.presence).toMatchObject({
      storeId: 'mad-sol',
      storeName: 'Madrid Sol',
      zone: 'denim',
      zoneName: 'Denim',
      since: START,
      lastSeenAt: START,
      newVisit: true,
      repeat: false,
    });
    const presence = (await customerItems(api.deps, 'c-near')).find((i) => i.SK === 'PRESENCE')!;
    expect(presence.expiresAt).toBe(Date.parse(START) / 1000 + 15 * 60);
  });

  it('compares coarse proximity levels when there is no RSSI', async () => {
    clock.set(START);
    const token = await consentingCustomer('c-levels');
    const res = await sight(token, [at(1, { proximity: 'far' }), at(3, { proximity: 'immediate' })]);
    expect(res.body.presence).toMatchObject({ storeId: 'mad-castellana', zone: 'entrance' });
  });

  it('adds one visit to the timeline per store entry and makes a repeat inside the cooldown cost one write', async () => {
    clock.set(START);
    const token = await consentingCustomer('c-repeat');
    const first = await sight(token, [at(1)]);
    expect(first.body.presence).toMatchObject({ newVisit: true, repeat: false });

    const meter = attachMeter(api.deps.db);
    try {
      for (let i = 0; i < 5; i++) {
        clock.advance(10_000);
        meter.reset();
        const again = await sight(token, [at(1)]);
        expect(again.body.presence).toMatchObject({ repeat: true, newVisit: false, since: START, lastSeenAt: now() });
        const writes = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'].reduce(
          (sum, c) => sum + (meter.byCommand[c] ?? 0),
          0,
        );
        expect(writes).toBe(1);
        expect(meter.byCommand.UpdateItem).toBe(1);
      }
    } finally {
      meter.detach();
    }
    expect(await visits('c-repeat')).toHaveLength(1);
    expect((await eventsAbout(api.deps, 'store#mad-sol')).filter((e) => e.detail.customerId === 'c-repeat')).toHaveLength(1);

    // After the cooldown: evaluated again (same visit, no new timeline entry).
    clock.advance(61_000);
    const later = await sight(token, [at(1)]);
    expect(later.body.presence).toMatchObject({ repeat: false, newVisit: false, since: START });
    expect(await visits('c-repeat')).toHaveLength(1);

    // After the presence lapses, the next sighting is a new visit.
    clock.advance(16 * 60_000);
    const back = await sight(token, [at(1)]);
    expect(back.body.presence).toMatchObject({ newVisit: true, since: now() });
    expect(await visits('c-repeat')).toHaveLength(2);

    // Another store is another visit, even while the first presence is live.
    clock.advance(5_000);
    expect((await sight(token, [at(3)])).body.presence).toMatchObject({ storeId: 'mad-castellana', newVisit: true });
    expect(await visits('c-repeat')).toHaveLength(3);
  });

  it('treats a zone change inside the cooldown as news, not a repeat', async () => {
    clock.set(START);
    const token = await consentingCustomer('c-zones');
    await sight(token, [at(1)]);
    clock.advance(5_000);
    const moved = await sight(token, [at(2)]);
    expect(moved.body.presence).toMatchObject({ zone: 'denim', repeat: false, newVisit: false, since: START, zoneSince: now() });
    expect(await visits('c-zones')).toHaveLength(1);
  });

  it('counts one visit when the first sightings of a customer race', async () => {
    clock.set(START);
    const token = await consentingCustomer('c-race');
    const results = await Promise.all(Array.from({ length: 8 }, () => sight(token, [at(1)])));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.presence.newVisit)).toHaveLength(1);
    expect(await visits('c-race')).toHaveLength(1);
  });

  it('ignores unknown beacons, closed stores and readings too old or in the future, keeping the rest', async () => {
    clock.set(START);
    const token = await consentingCustomer('c-ignore');
    const old = new Date(Date.parse(START) - 30 * 60_000).toISOString();
    const future = new Date(Date.parse(START) + 10 * 60_000).toISOString();
    const res = await sight(token, [
      at(404, { rssi: -40 }),
      at(9, { rssi: -30 }),
      { ...at(2, { rssi: -20 }), seenAt: old },
      { ...at(2, { rssi: -20 }), seenAt: future },
      at(1, { rssi: -90 }),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.ignored).toEqual([
      { index: 0, beaconId: `ibeacon:${beaconUuid}:1:404`, reason: 'unknown-beacon' },
      { index: 1, beaconId: `ibeacon:${beaconUuid}:1:9`, reason: 'store-closed' },
      { index: 2, beaconId: `ibeacon:${beaconUuid}:1:2`, reason: 'too-old' },
      { index: 3, beaconId: `ibeacon:${beaconUuid}:1:2`, reason: 'in-the-future' },
    ]);
    expect(res.body.presence).toMatchObject({ storeId: 'mad-sol', zone: 'entrance' });

    const none = await sight(token, [at(404)]);
    expect(none.body).toMatchObject({ presence: null, offers: [], ignored: [{ reason: 'unknown-beacon' }] });
  });

  it.each([
    ['an empty list', { beacons: [] }, 'body.beacons'],
    ['an oversized list', { beacons: Array.from({ length: 21 }, (_, i) => ({ ...ibeacon(i), seenAt: START })) }, 'body.beacons'],
    ['a malformed UUID', { beacons: [{ ...ibeacon(1), uuid: 'f7826da6-4fa2-4e98-8024', seenAt: START }] }, 'body.beacons[0].uuid'],
    ['an RSSI out of range', { beacons: [{ ...ibeacon(1, { rssi: 12 }), seenAt: START }] }, 'body.beacons[0].rssi'],
    ['no signal at all', { beacons: [{ ...ibeacon(1, {}), seenAt: START }] }, 'body.beacons[0].rssi'],
    ['an unknown proximity', { beacons: [{ ...ibeacon(1, { proximity: 'close' }), seenAt: START }] }, 'body.beacons[0].proximity'],
    ['a time without offset', { beacons: [{ ...ibeacon(1), seenAt: '2026-11-23T10:00:00' }] }, 'body.beacons[0].seenAt'],
    ['no beacons field', {}, 'body.beacons'],
  ])('refuses %s with 400 naming the field, writing nothing', async (_what, body, path) => {
    clock.set(START);
    const token = await consentingCustomer('c-badinput');
    const before = await customerItems(api.deps, 'c-badinput');
    const res = await api.call('POST', '/proximity/sightings', { token, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await customerItems(api.deps, 'c-badinput')).toEqual(before);
  });

  it('is for customers only', async () => {
    expect((await sight(await api.staff('mad-sol'), [at(1)])).status).toBe(403);
    expect((await api.call('POST', '/proximity/sightings', { body: { beacons: [at(1)] } })).status).toBe(401);
  });
});

describe('GET /stores/{storeId}/presence', () => {
  it('shows staff of the store the consented customers present now, with their flags', async () => {
    clock.set('2026-11-24T10:00:00.000Z');
    const lucia = await consentingCustomer('c-lucia', 'Lucía');
    const marc = await consentingCustomer('c-marc', 'Marc');
    await putAppointment(api.deps, { customerId: 'c-lucia', storeId: 'mad-sol', start: '2026-11-24T16:00:00.000Z' });
    await putAppointment(api.deps, { customerId: 'c-marc', storeId: 'mad-sol', start: '2026-11-25T16:00:00.000Z' });
    await putAppointment(api.deps, { customerId: 'c-marc', storeId: 'mad-sol', start: '2026-11-24T12:00:00.000Z', status: 'cancelled' });
    await sight(lucia, [at(2)]);
    clock.advance(1000);
    await sight(marc, [at(1)]);

    const staff = await api.staff('mad-sol');
    const res = await api.call('GET', '/stores/mad-sol/presence', { token: staff });
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((p: { customerId: string }) => ['c-lucia', 'c-marc'].includes(p.customerId));
    expect(mine).toEqual([
      {
        customerId: 'c-marc',
        name: 'Marc',
        loyaltyTier: 'none',
        zone: 'entrance',
        zoneName: 'Entrance',
        since: now(),
        zoneSince: now(),
        lastSeenAt: now(),
        appointmentToday: false,
      },
      {
        customerId: 'c-lucia',
        name: 'Lucía',
        loyaltyTier: 'none',
        zone: 'denim',
        zoneName: 'Denim',
        since: '2026-11-24T10:00:00.000Z',
        zoneSince: '2026-11-24T10:00:00.000Z',
        lastSeenAt: '2026-11-24T10:00:00.000Z',
        appointmentToday: true,
      },
    ]);

    // Consent withdrawn: gone from the list at once, though the presence has not lapsed.
    await api.call('PUT', '/me/consents/proximity', { token: marc, body: { granted: false } });
    const after = await api.call('GET', '/stores/mad-sol/presence', { token: staff });
    expect(after.body.items.map((p: { customerId: string }) => p.customerId)).not.toContain('c-marc');

    // Lapsed presence is filtered by time even before TTL deletes it.
    clock.advance(16 * 60_000);
    const later = await api.call('GET', '/stores/mad-sol/presence', { token: staff });
    expect(later.body.items).toEqual([]);
  });

  it('pages with a cursor that only fits this store', async () => {
    clock.set('2026-11-26T10:00:00.000Z');
    for (let i = 0; i < 3; i++) {
      await sight(await consentingCustomer(`c-page-${i}`), [at(3)]);
      clock.advance(1000);
    }
    const staff = await api.staff('mad-castellana');
    const first = await api.call('GET', '/stores/mad-castellana/presence?limit=2', { token: staff });
    expect(first.body.items).toHaveLength(2);
    const second = await api.call('GET', `/stores/mad-castellana/presence?limit=2&cursor=${first.body.nextCursor}`, { token: staff });
    expect([...first.body.items, ...second.body.items].map((p: { customerId: string }) => p.customerId)).toEqual([
      'c-page-2',
      'c-page-1',
      'c-page-0',
    ]);
    const regional = await api.issuer.sign({ staff: 'regional-1', role: 'regional' });
    const foreign = await api.call('GET', `/stores/mad-sol/presence?cursor=${first.body.nextCursor}`, { token: regional });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].path).toBe('query.cursor');
    expect((await api.call('GET', '/stores/mad-castellana/presence?limit=51', { token: staff })).status).toBe(400);
  });

  it('forgets a customer who erases their profile, presence included', async () => {
    clock.set('2026-11-27T10:00:00.000Z');
    const token = await consentingCustomer('c-erase', 'Erase Me');
    await sight(token, [at(3)]);
    const staff = await api.staff('mad-castellana');
    const before = await api.call('GET', '/stores/mad-castellana/presence', { token: staff });
    expect(before.body.items.map((p: { customerId: string }) => p.customerId)).toContain('c-erase');
    expect((await api.call('DELETE', '/me', { token })).status).toBe(204);
    expect(await customerItems(api.deps, 'c-erase')).toEqual([]);
    const after = await api.call('GET', '/stores/mad-castellana/presence', { token: staff });
    expect(after.body.items.map((p: { customerId: string }) => p.customerId)).not.toContain('c-erase');
  });

  it('refuses staff of another store, customers and integrations; 404 for an unknown store', async () => {
    expect((await api.call('GET', '/stores/mad-sol/presence', { token: await api.staff('mad-castellana') })).status).toBe(403);
    expect((await api.call('GET', '/stores/mad-sol/presence', { token: await api.customer('c-nosy') })).status).toBe(403);
    expect((await api.call('GET', '/stores/mad-sol/presence', { token: admin })).status).toBe(403);
    const regional = await api.issuer.sign({ staff: 'regional-1', role: 'regional' });
    expect((await api.call('GET', '/stores/nowhere/presence', { token: regional })).status).toBe(404);
  });
});
