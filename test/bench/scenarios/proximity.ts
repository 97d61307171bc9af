// Bench scenarios: the proximity context — sightings (first vs repeat inside the cooldown,
// sustained throughput with concurrency), the associate's presence list, redemptions.

import type { Actor } from '#shared/platform/actor.ts';
import { setConsent, setLoyaltyTier, updateProfile } from '#shared/profiles/index.ts';
import { createOffer, offerInputSchema, registerBeacon, setProximitySettings } from '#shared/proximity/index.ts';
import { putStore, storeSchema } from '#shared/stores/index.ts';
import { atScale, type BenchContext, type BenchScenario } from '#test/bench/scenario.ts';

const UUID = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
const STORE = 'bench-store';
const allDay = [{ open: '00:00', close: '24:00' }];
/** The bench's catalogue is written as a catalog integration would write it. */
const catalog: Actor = { kind: 'integration', clientId: 'bench', scopes: ['catalog/write'] };

/** A store open around the clock (the bench runs on the real clock), 3 beacons, 5 offers. */
async function seedStoreWithOffers(ctx: BenchContext, cooldownSeconds = 3600) {
  const { deps } = ctx;
  await putStore(
    deps,
    storeSchema.parse({
      storeId: STORE,
      name: 'Bench store',
      timeZone: 'Europe/Madrid',
      address: { line1: 'Calle 1', city: 'Madrid', postalCode: '28001', country: 'ES' },
      location: { lat: 40.4, lon: -3.7 },
      openingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    }),
  );
  for (const [minor, zone] of [
    [1, 'entrance'],
    [2, 'denim'],
    [3, 'fitting-rooms'],
  ] as const) {
    await registerBeacon(deps, catalog, { type: 'ibeacon', uuid: UUID, major: 1, minor, storeId: STORE, zone });
  }
  await setProximitySettings(deps, catalog, { storeId: STORE, settings: { maxOffersPerSighting: 2, cooldownSeconds } });
  const now = deps.clock.now();
  const validity = {
    validFrom: new Date(now.getTime() - 86_400_000).toISOString(),
    validUntil: new Date(now.getTime() + 86_400_000).toISOString(),
  };
  const offers = [
    { title: 'zone', target: { storeId: STORE, zones: ['denim'] }, audience: { type: 'favouriteCategory', in: ['denim'] }, priority: 200 },
    { title: 'store', target: { storeId: STORE }, priority: 100 },
    { title: 'tier', audience: { type: 'loyaltyTier', in: ['gold'] }, priority: 150 },
    { title: 'first', target: { storeId: STORE }, audience: { type: 'firstVisit' }, priority: 120 },
    { title: 'appointment', target: { storeId: STORE }, audience: { type: 'appointmentToday' }, priority: 300 },
  ];
  for (const o of offers) await createOffer(deps, catalog, { input: offerInputSchema.parse({ ...validity, ...o }) });
}

async function consentingCustomers(ctx: BenchContext, prefix: string, count: number) {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    await updateProfile(ctx.deps, id, { name: `Bench ${i}`, favouriteCategories: ['denim'] });
    await setConsent(ctx.deps, id, 'proximity', true);
    if (i % 3 === 0) await setLoyaltyTier(ctx.deps, id, 'gold');
    tokens.push(await ctx.customer(id));
  }
  return tokens;
}

const sighting = (token: string, minor = 2) => ({
  method: 'POST',
  path: '/proximity/sightings',
  token,
  body: {
    beacons: [
      { type: 'ibeacon', uuid: UUID, major: 1, minor, rssi: -55, seenAt: new Date().toISOString() },
      { type: 'ibeacon', uuid: UUID, major: 1, minor: minor === 1 ? 3 : 1, rssi: -75, seenAt: new Date().toISOString() },
      { type: 'ibeacon', uuid: UUID, major: 9, minor: 9, rssi: -90, seenAt: new Date().toISOString() },
    ],
  },
});

let firstTokens: string[] = [];
let repeatToken = '';
let mixTokens: string[] = [];
let noConsentToken = '';
let staffToken = '';
let redeemOfferId = '';
let redeemCustomers: string[] = [];

export const scenarios: BenchScenario[] = [
  {
    name: 'POST /proximity/sightings (first sighting: new visit, 5 offers evaluated, 2 shown)',
    setup: async (ctx) => {
      await seedStoreWithOffers(ctx);
      firstTokens = await consentingCustomers(ctx, 'bench-first', atScale(ctx, 220));
    },
    request: (_ctx, i) => sighting(firstTokens[i]!),
    // BatchGet(profile+beacons), BatchGet(stores+settings+presence), Query offers (store+chain
    // could be one index partition), BatchGet(visit+purchases+caps+stock), TransactWrite.
    floorCalls: 5,
  },
  {
    name: 'POST /proximity/sightings (repeat inside the cooldown)',
    setup: async (ctx) => {
      await seedStoreWithOffers(ctx);
      repeatToken = (await consentingCustomers(ctx, 'bench-repeat', 1))[0]!;
      const res = await fetch(`${ctx.url}/proximity/sightings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${repeatToken}` },
        body: JSON.stringify(sighting(repeatToken).body),
      });
      if (res.status !== 200) throw new Error(`first sighting answered ${res.status}`);
    },
    request: () => sighting(repeatToken),
    // BatchGet(profile+beacons), BatchGet(stores+presence), the one conditional UpdateItem.
    floorCalls: 3,
  },
  {
    name: 'POST /proximity/sightings (sustained: 50 customers walking between zones, 8 in flight)',
    setup: async (ctx) => {
      await seedStoreWithOffers(ctx, 10);
      mixTokens = await consentingCustomers(ctx, 'bench-mix', atScale(ctx, 50));
    },
    // Each customer reports every 50 requests; every 250 requests they all move to another
    // zone (a full evaluation each), the rest are repeats inside the cooldown.
    request: (_ctx, i) => sighting(mixTokens[i % mixTokens.length]!, Math.floor(i / 250) % 2 === 0 ? 2 : 1),
    iterations: 1000,
    warmup: 50,
    concurrency: 8,
    floorCalls: 3,
  },
  {
    name: 'POST /proximity/sightings (no proximity consent: nothing stored)',
    setup: async (ctx) => {
      await seedStoreWithOffers(ctx);
      await updateProfile(ctx.deps, 'bench-noconsent', { name: 'No consent' });
      noConsentToken = await ctx.customer('bench-noconsent');
    },
    request: () => sighting(noConsentToken),
    floorCalls: 1,
  },
  {
    name: 'GET /stores/{storeId}/presence (25 customers present)',
    setup: async (ctx) => {
      await seedStoreWithOffers(ctx);
      const tokens = await consentingCustomers(ctx, 'bench-present', atScale(ctx, 25));
      for (const token of tokens) {
        await fetch(`${ctx.url}/proximity/sightings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(sighting(token).body),
        });
      }
      staffToken = await ctx.staff(STORE);
    },
    request: () => ({ method: 'GET', path: `/stores/${STORE}/presence`, token: staffToken }),
    // Query presence + BatchGet profiles (the store read only tells 404 from an empty store).
    floorCalls: 2,
  },
  {
    name: 'POST /offers/{offerId}/redemptions',
    setup: async (ctx) => {
      await seedStoreWithOffers(ctx);
      const now = ctx.deps.clock.now();
      const offer = await createOffer(ctx.deps, catalog, {
        input: offerInputSchema.parse({
          title: 'bench redemption',
          target: { storeId: STORE },
          totalRedemptionLimit: 100_000,
          validFrom: new Date(now.getTime() - 60_000).toISOString(),
          validUntil: new Date(now.getTime() + 86_400_000).toISOString(),
        }),
      });
      redeemOfferId = offer.offerId;
      redeemCustomers = [];
      for (let i = 0; i < atScale(ctx, 220); i++) {
        await updateProfile(ctx.deps, `bench-redeem-${i}`, { name: `R ${i}` });
        redeemCustomers.push(`bench-redeem-${i}`);
      }
      staffToken = await ctx.staff(STORE);
    },
    request: (_ctx, i) => ({
      method: 'POST',
      path: `/offers/${redeemOfferId}/redemptions`,
      token: staffToken,
      body: { customerId: redeemCustomers[i]!, storeId: STORE },
      expect: 201,
    }),
    // The transaction alone carries both invariants; the reads give 404/409 before it.
    floorCalls: 1,
  },
];
