import { beforeAll, describe, expect, it } from 'vitest';
import { eventsAbout } from '#shared/platform/outbox.ts';
import { setLoyaltyTier } from '#shared/profiles/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { GetCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { cancelled, injectFault } from '#test/support/faults.ts';
import {
  beaconUuid,
  customerItems,
  ibeacon,
  putAppointment,
  putPurchases,
  putStockLine,
  seedStore,
} from '#test/support/proximity-fixtures.ts';

// Monday 23 Nov 2026, 11:00 in Madrid (UTC+1).
const START = '2026-11-23T10:00:00.000Z';
const clock = fixedClock(START);
const api = useTestApi({ clock });
let admin: string;

const now = () => clock.now().toISOString();
/** Each test works in its own store so offers of one test do not compete in another. */
let nextMinor = 100;
async function storeWithBeacons(storeId: string, zones: string[] = ['entrance']) {
  await seedStore(api.deps, { storeId, name: storeId });
  const minors: Record<string, number> = {};
  for (const zone of zones) {
    const minor = nextMinor++;
    minors[zone] = minor;
    await api.call('POST', '/beacons', { token: admin, body: { type: 'ibeacon', uuid: beaconUuid, major: 1, minor, storeId, zone } });
  }
  return minors;
}
async function consenting(id: string) {
  const token = await api.customer(id);
  await api.call('PUT', '/me/consents/proximity', { token, body: { granted: true } });
  return token;
}
const sight = (token: string, minor: number) =>
  api.call('POST', '/proximity/sightings', { token, body: { beacons: [{ ...ibeacon(minor), seenAt: now() }] } });
const offered = async (token: string, minor: number) => (await sight(token, minor)).body.offers.map((o: { title: string }) => o.title);

const validity = { validFrom: '2026-11-01T00:00:00+01:00', validUntil: '2026-12-31T23:59:59+01:00' };
async function createOffer(body: Record<string, unknown>) {
  const res = await api.call('POST', '/offers', { token: admin, body: { ...validity, openingHoursOnly: false, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  admin = await api.integration('catalog/write');
});

describe('POST /offers', () => {
  it('creates an offer with defaults, reads it back and replaces it keeping the counter', async () => {
    clock.set(START);
    await storeWithBeacons('o-create');
    const created = await api.call('POST', '/offers', {
      token: admin,
      headers: { 'idempotency-key': 'offer-create-1' },
      body: { title: '10% denim', target: { storeId: 'o-create', zones: ['denim'] }, ...validity },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/offers/${created.body.offerId}`);
    expect(created.body).toMatchObject({
      priority: 100,
      openingHoursOnly: true,
      frequencyCap: { times: 1, per: 'day' },
      redemptions: 0,
      validFrom: '2026-10-31T23:00:00.000Z',
    });
    const replay = await api.call('POST', '/offers', {
      token: admin,
      headers: { 'idempotency-key': 'offer-create-1' },
      body: { title: '10% denim', target: { storeId: 'o-create', zones: ['denim'] }, ...validity },
    });
    expect(replay.body.offerId).toBe(created.body.offerId);
    const replaced = await api.call('PUT', `/offers/${created.body.offerId}`, {
      token: admin,
      body: { title: '15% denim', target: { storeId: 'o-create' }, ...validity },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      title: '15% denim',
      target: { storeId: 'o-create' },
      redemptions: 0,
      createdAt: created.body.createdAt,
    });
    expect(replaced.body.target.zones).toBeUndefined();
    expect((await api.call('GET', `/offers/${created.body.offerId}`, { token: admin })).body.title).toBe('15% denim');
    expect((await api.call('GET', '/offers/01JZZZZZZZZZZZZZZZZZZZZZZZ', { token: admin })).status).toBe(404);
  });

  it.each([
    ['an unknown rule type', { audience: { type: 'astrology', sign: 'leo' } }, 'body.audience.type'],
    [
      'an unknown tier inside a tree',
      { audience: { type: 'all', rules: [{ type: 'loyaltyTier', in: ['diamond'] }] } },
      'body.audience.rules[0].in[0]',
    ],
    ['a rule with a missing field', { audience: { type: 'any', rules: [{ type: 'bought' }] } }, 'body.audience.rules[0].category'],
    ['an empty any', { audience: { type: 'any', rules: [] } }, 'body.audience.rules'],
    [
      'a rule tree too deep',
      { audience: { type: 'not', rule: { type: 'not', rule: { type: 'not', rule: { type: 'not', rule: { type: 'firstVisit' } } } } } },
      'body.audience',
    ],
    ['a window that ends before it starts', { validFrom: '2026-12-01T00:00:00Z', validUntil: '2026-11-01T00:00:00Z' }, 'body.validUntil'],
    ['a cap per hours without hours', { frequencyCap: { per: 'hours' } }, 'body.frequencyCap.hours'],
    ['an unknown target store', { target: { storeId: 'nowhere' } }, 'body.target.storeId'],
    ['an unknown field', { colour: 'red' }, 'body.colour'],
  ])('refuses %s with 400 naming the field', async (_what, patch, path) => {
    const res = await api.call('POST', '/offers', { token: admin, body: { title: 'Bad', ...validity, ...patch } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('is for catalog/write integrations only', async () => {
    const body = { title: 'x', ...validity };
    expect((await api.call('POST', '/offers', { token: await api.staff('mad-sol'), body })).status).toBe(403);
    expect((await api.call('POST', '/offers', { token: await api.customer('c-x'), body })).status).toBe(403);
  });
});

describe('offers on a sighting', () => {
  it('answers at most N offers per store, best first, targeted by store, zone or chain', async () => {
    clock.set(START);
    const { entrance, denim } = await storeWithBeacons('o-rank', ['entrance', 'denim']);
    await api.call('PUT', '/stores/o-rank/proximity-settings', { token: admin, body: { maxOffersPerSighting: 2, cooldownSeconds: 30 } });
    await createOffer({ title: 'store low', target: { storeId: 'o-rank' }, priority: 10 });
    await createOffer({ title: 'store high', target: { storeId: 'o-rank' }, priority: 90 });
    await createOffer({ title: 'denim zone', target: { storeId: 'o-rank', zones: ['denim'] }, priority: 50 });
    await createOffer({ title: 'other store', target: { storeId: 'o-create' }, priority: 999 });
    await createOffer({
      title: 'expired',
      target: { storeId: 'o-rank' },
      priority: 999,
      validFrom: '2026-10-01T00:00:00Z',
      validUntil: '2026-11-01T00:00:00Z',
    });
    await createOffer({
      title: 'not yet',
      target: { storeId: 'o-rank' },
      priority: 999,
      validFrom: '2026-12-01T00:00:00Z',
      validUntil: '2026-12-24T00:00:00Z',
    });

    const token = await consenting('c-rank');
    expect(await offered(token, entrance!)).toEqual(['store high', 'store low']);
    clock.advance(31_000);
    // Caps: the two shown are not shown again today; the denim zone offer now fits.
    expect(await offered(token, denim!)).toEqual(['denim zone']);
  });

  it('reaches every store with a chain-wide offer', async () => {
    clock.set(START);
    const a = await storeWithBeacons('o-chain-a');
    const b = await storeWithBeacons('o-chain-b');
    // Platinum only, so it does not show up in the other tests of this file.
    await createOffer({
      title: 'chain platinum',
      audience: { type: 'loyaltyTier', in: ['platinum'] },
      frequencyCap: { times: 5, per: 'day' },
    });
    const token = await consenting('c-plat');
    await setLoyaltyTier(api.deps, 'c-plat', 'platinum');
    expect(await offered(token, a.entrance!)).toEqual(['chain platinum']);
    expect(await offered(token, b.entrance!)).toEqual(['chain platinum']);
    expect(await offered(await consenting('c-notplat'), a.entrance!)).toEqual([]);
  });

  it("does not return an offer again inside its frequency cap, counted in the store's time zone", async () => {
    clock.set(START);
    const { entrance } = await storeWithBeacons('o-cap');
    await createOffer({ title: 'daily', target: { storeId: 'o-cap' } });
    await createOffer({
      title: 'every 2h, twice',
      target: { storeId: 'o-cap' },
      priority: 50,
      frequencyCap: { times: 2, per: 'hours', hours: 2 },
    });
    const token = await consenting('c-cap');
    expect(await offered(token, entrance!)).toEqual(['daily', 'every 2h, twice']);
    clock.advance(61_000); // past the cooldown
    expect(await offered(token, entrance!)).toEqual(['every 2h, twice']);
    clock.advance(61_000);
    expect(await offered(token, entrance!)).toEqual([]);
    clock.set('2026-11-23T12:01:00.000Z'); // the 2-hour window from 10:00 has ended
    expect(await offered(token, entrance!)).toEqual(['every 2h, twice']);
    clock.set('2026-11-23T22:55:00.000Z'); // 23:55 in Madrid: still the same local day
    expect(await offered(token, entrance!)).not.toContain('daily');
    clock.set('2026-11-23T23:05:00.000Z'); // 00:05 in Madrid: a new day there (not yet in UTC)
    expect(await offered(token, entrance!)).toContain('daily');

    const cap = await api.deps.db.send(
      new GetCommand({ TableName: api.deps.tableName, Key: keys.offerCap('c-cap', (await capOfferId('daily'))!) }),
    );
    expect(cap.Item).toMatchObject({ count: 1, expiresAt: Date.parse('2026-11-24T23:00:00Z') / 1000 });
  });

  it('keeps offers limited to opening hours out of sightings outside them, while presence is recorded', async () => {
    clock.set('2026-11-23T21:30:00.000Z'); // 22:30 in Madrid, closed since 21:00
    const { entrance } = await storeWithBeacons('o-hours');
    await createOffer({ title: 'in hours', target: { storeId: 'o-hours' }, openingHoursOnly: true });
    await createOffer({ title: 'any time', target: { storeId: 'o-hours' }, priority: 10 });
    const token = await consenting('c-hours');
    const res = await sight(token, entrance!);
    expect(res.body.presence).toMatchObject({ storeId: 'o-hours', newVisit: true });
    expect(res.body.offers.map((o: { title: string }) => o.title)).toEqual(['any time']);
  });

  it('shows a stock-bound offer only while the SKU is available at this store', async () => {
    clock.set(START);
    const { entrance } = await storeWithBeacons('o-stock');
    await createOffer({ title: 'while stocks last', target: { storeId: 'o-stock' }, requiresStock: { sku: 'SKU-JEANS-32' } });
    await putStockLine(api.deps, 'o-stock', 'SKU-JEANS-32', { onHand: 5, reserved: 3, safetyStock: 2 });
    const token = await consenting('c-stock');
    expect(await offered(token, entrance!)).toEqual([]);
    await putStockLine(api.deps, 'o-stock', 'SKU-JEANS-32', { onHand: 6, reserved: 3, safetyStock: 2 });
    clock.advance(61_000);
    expect(await offered(token, entrance!)).toEqual(['while stocks last']);
  });

  it('matches audience rules over the profile, purchases, visits and appointments', async () => {
    clock.set(START);
    const { entrance } = await storeWithBeacons('o-aud');
    await api.call('PUT', '/stores/o-aud/proximity-settings', { token: admin, body: { maxOffersPerSighting: 5, cooldownSeconds: 10 } });
    await createOffer({
      title: 'gold or platinum',
      target: { storeId: 'o-aud' },
      audience: { type: 'loyaltyTier', in: ['gold', 'platinum'] },
    });
    await createOffer({ title: 'knitwear fans', target: { storeId: 'o-aud' }, audience: { type: 'favouriteCategory', in: ['Knitwear'] } });
    await createOffer({
      title: 'denim buyers without boots',
      target: { storeId: 'o-aud' },
      audience: {
        type: 'all',
        rules: [
          { type: 'bought', category: 'denim', withinDays: 90 },
          { type: 'notBought', category: 'boots' },
        ],
      },
    });
    await createOffer({
      title: 'welcome',
      target: { storeId: 'o-aud' },
      audience: { type: 'firstVisit' },
      frequencyCap: { times: 20, per: 'hours', hours: 1 },
    });
    await createOffer({ title: 'see you at your appointment', target: { storeId: 'o-aud' }, audience: { type: 'appointmentToday' } });

    const ana = await consenting('c-ana'); // no tier, no favourites, no purchases, no appointment
    expect(await offered(ana, entrance!)).toEqual(['welcome']);

    const lucia = await consenting('c-lucia');
    await setLoyaltyTier(api.deps, 'c-lucia', 'gold');
    await api.call('PATCH', '/me', { token: lucia, body: { favouriteCategories: ['knitwear'] } });
    await putPurchases(api.deps, 'c-lucia', { denim: '2026-10-01T12:00:00.000Z' });
    await putAppointment(api.deps, { customerId: 'c-lucia', storeId: 'o-aud', start: '2026-11-23T17:00:00.000Z' });
    expect((await offered(lucia, entrance!)).sort()).toEqual([
      'denim buyers without boots',
      'gold or platinum',
      'knitwear fans',
      'see you at your appointment',
      'welcome',
    ]);

    // Boots bought since; and this is no longer the first visit once the presence lapses.
    const marc = await consenting('c-marc');
    await putPurchases(api.deps, 'c-marc', { denim: '2026-11-01T12:00:00.000Z', boots: '2026-11-02T12:00:00.000Z' });
    await putAppointment(api.deps, { customerId: 'c-marc', storeId: 'o-create', start: '2026-11-23T17:00:00.000Z' }); // another store
    expect(await offered(marc, entrance!)).toEqual(['welcome']);
    clock.advance(11_000); // past the cooldown, same visit: still the first one
    expect(await offered(marc, entrance!)).toEqual(['welcome']);
    clock.advance(20 * 60_000); // the presence lapsed: this is a second visit
    expect(await offered(marc, entrance!)).toEqual([]);
  });

  it('does not offer what the customer already redeemed, nor an offer at its limit', async () => {
    clock.set(START);
    const { entrance } = await storeWithBeacons('o-red');
    const once = await createOffer({
      title: 'redeemed',
      target: { storeId: 'o-red' },
      frequencyCap: { times: 20, per: 'hours', hours: 1 },
    });
    const token = await consenting('c-red');
    expect(await offered(token, entrance!)).toEqual(['redeemed']);
    const staff = await api.staff('o-red');
    expect(
      (await api.call('POST', `/offers/${once.offerId}/redemptions`, { token: staff, body: { customerId: 'c-red', storeId: 'o-red' } }))
        .status,
    ).toBe(201);
    clock.advance(61_000);
    expect(await offered(token, entrance!)).toEqual([]);
  });
});

const offerIds = new Map<string, string>();
async function capOfferId(title: string) {
  if (!offerIds.has(title)) {
    const items = await customerItems(api.deps, 'c-cap');
    for (const i of items.filter((x) => String(x.SK).startsWith('OFFERCAP#'))) {
      const id = String(i.SK).slice('OFFERCAP#'.length);
      const offer = await api.call('GET', `/offers/${id}`, { token: admin });
      offerIds.set(offer.body.title, id);
    }
  }
  return offerIds.get(title);
}

describe('POST /offers/{offerId}/redemptions', () => {
  it('never exceeds the total limit under 100 parallel redemptions', async () => {
    clock.set(START);
    await seedStore(api.deps, { storeId: 'o-limit', name: 'Limit' });
    const offer = await createOffer({ title: 'first ten', target: { storeId: 'o-limit' }, totalRedemptionLimit: 10 });
    const customers = Array.from({ length: 100 }, (_, i) => `c-limit-${i}`);
    await Promise.all(customers.map(async (id) => api.call('GET', '/me', { token: await api.customer(id) })));
    const staff = await api.staff('o-limit');
    const results = await Promise.all(
      customers.map((customerId) =>
        api.call('POST', `/offers/${offer.offerId}/redemptions`, { token: staff, body: { customerId, storeId: 'o-limit' } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(90);
    expect(refused.every((r) => r.body.type === 'urn:omnistore:problem:redemption-limit-reached')).toBe(true);
    expect((await api.call('GET', `/offers/${offer.offerId}`, { token: admin })).body.redemptions).toBe(10);
    expect(await eventsAbout(api.deps, `offer#${offer.offerId}`)).toHaveLength(10);
  });

  it('redeems exactly once per customer and offer, even when the same checkout retries in parallel', async () => {
    clock.set(START);
    await seedStore(api.deps, { storeId: 'o-once', name: 'Once' });
    const offer = await createOffer({ title: 'once', target: { storeId: 'o-once' } });
    const token = await api.customer('c-once');
    await api.call('GET', '/me', { token });
    const staff = await api.staff('o-once');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.call('POST', `/offers/${offer.offerId}/redemptions`, { token: staff, body: { customerId: 'c-once', storeId: 'o-once' } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.type === 'urn:omnistore:problem:already-redeemed')).toHaveLength(9);
    const timeline = await api.call('GET', '/me/timeline', { token });
    expect(timeline.body.items.filter((e: { type: string }) => e.type === 'offer.redeemed')).toHaveLength(1);
    expect((await api.call('GET', `/offers/${offer.offerId}`, { token: admin })).body.redemptions).toBe(1);
  });

  it('retries a transaction conflict on the hot offer item instead of failing the checkout', async () => {
    clock.set(START);
    await seedStore(api.deps, { storeId: 'o-conflict', name: 'Conflict' });
    const offer = await createOffer({ title: 'contended', target: { storeId: 'o-conflict' }, totalRedemptionLimit: 5 });
    await api.call('GET', '/me', { token: await api.customer('c-conflict') });
    // DynamoDB Local never raises TransactionConflict: inject two at the SDK client.
    let injected = 0;
    const stop = injectFault(api.deps.db, 'TransactWriteItems', 2, () => {
      injected++;
      return cancelled(['None', 'TransactionConflict', 'None', 'None']);
    });
    try {
      const res = await api.call('POST', `/offers/${offer.offerId}/redemptions`, {
        token: await api.staff('o-conflict'),
        body: { customerId: 'c-conflict', storeId: 'o-conflict' },
      });
      expect(res.status).toBe(201);
      expect(injected).toBe(2);
    } finally {
      stop();
    }
    expect((await api.call('GET', `/offers/${offer.offerId}`, { token: admin })).body.redemptions).toBe(1);
  });

  it('refuses staff of another store, customers, and a store the offer does not target', async () => {
    clock.set(START);
    await seedStore(api.deps, { storeId: 'o-who', name: 'Who' });
    const offer = await createOffer({ title: 'who', target: { storeId: 'o-who' } });
    await api.call('GET', '/me', { token: await api.customer('c-who') });
    const body = { customerId: 'c-who', storeId: 'o-who' };
    const path = `/offers/${offer.offerId}/redemptions`;
    expect((await api.call('POST', path, { token: await api.staff('o-other'), body })).status).toBe(403);
    expect((await api.call('POST', path, { token: await api.customer('c-who'), body })).status).toBe(403);
    const elsewhere = await api.call('POST', path, { token: await api.staff('o-other'), body: { ...body, storeId: 'o-other' } });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.type).toBe('urn:omnistore:problem:offer-not-valid-here');
    expect((await api.call('POST', path, { token: await api.integration('orders/write'), body })).status).toBe(201);
    expect(await customerItems(api.deps, 'c-who')).toEqual(
      expect.arrayContaining([expect.objectContaining({ SK: `REDEEMED#${offer.offerId}` })]),
    );
  });

  it('answers 404 for an unknown offer or customer, 409 outside the validity window, 400 for bad input', async () => {
    clock.set(START);
    await seedStore(api.deps, { storeId: 'o-bad', name: 'Bad' });
    const staff = await api.staff('o-bad');
    const offer = await createOffer({
      title: 'later',
      target: { storeId: 'o-bad' },
      validFrom: '2026-12-01T00:00:00Z',
      validUntil: '2026-12-02T00:00:00Z',
    });
    await api.call('GET', '/me', { token: await api.customer('c-bad') });
    const body = { customerId: 'c-bad', storeId: 'o-bad' };
    expect((await api.call('POST', '/offers/01JZZZZZZZZZZZZZZZZZZZZZZZ/redemptions', { token: staff, body })).status).toBe(404);
    expect(
      (await api.call('POST', `/offers/${offer.offerId}/redemptions`, { token: staff, body: { ...body, customerId: 'c-ghost' } })).status,
    ).toBe(404);
    const early = await api.call('POST', `/offers/${offer.offerId}/redemptions`, { token: staff, body });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe('urn:omnistore:problem:offer-not-valid');
    const bad = await api.call('POST', '/offers/not-an-id/redemptions', { token: staff, body });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('path.offerId');
    const noStore = await api.call('POST', `/offers/${offer.offerId}/redemptions`, { token: staff, body: { customerId: 'c-bad' } });
    expect(noStore.body.errors[0].path).toBe('body.storeId');
  });
});
