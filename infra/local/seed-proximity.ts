// Local runtime: proximity demo data — beacons, per-store settings and offers for the
// Madrid stores, written through the proximity use cases as a catalog integration would.
// Store ids `mad-sol` and `mad-castellana` must match the inventory seed (which owns the
// store directory); if it has not written them, minimal demo stores are written here so
// sightings work on their own.

import type { Actor } from '#shared/platform/actor.ts';
import {
  type BeaconRegistration,
  createOffer,
  type OfferInput,
  offerInputSchema,
  registerBeacon,
  setProximitySettings,
} from '#shared/proximity/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { getStore, putStore, storeSchema } from '#shared/stores/index.ts';

/** Who writes the demo catalogue: an integration with the catalog/write scope. */
const seeder: Actor = { kind: 'integration', clientId: 'local-seed', scopes: ['catalog/write'] };

/** The iBeacon UUID the demo store app listens for. */
export const DEMO_BEACON_UUID = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';

const hours = { open: '10:00', close: '22:00' };
const fallbackStores = [
  { storeId: 'mad-sol', name: 'Omnistore Madrid Sol', line1: 'Calle de Preciados 9', postalCode: '28013', lat: 40.4183, lon: -3.7053 },
  {
    storeId: 'mad-castellana',
    name: 'Omnistore Madrid Castellana',
    line1: 'Paseo de la Castellana 95',
    postalCode: '28046',
    lat: 40.4495,
    lon: -3.6916,
  },
];

export const demoBeacons: BeaconRegistration[] = [
  { type: 'ibeacon', uuid: DEMO_BEACON_UUID, major: 1, minor: 1, storeId: 'mad-sol', zone: 'entrance', zoneName: 'Entrance' },
  { type: 'ibeacon', uuid: DEMO_BEACON_UUID, major: 1, minor: 2, storeId: 'mad-sol', zone: 'denim', zoneName: 'Denim' },
  { type: 'ibeacon', uuid: DEMO_BEACON_UUID, major: 1, minor: 3, storeId: 'mad-sol', zone: 'fitting-rooms', zoneName: 'Fitting rooms' },
  { type: 'ibeacon', uuid: DEMO_BEACON_UUID, major: 2, minor: 1, storeId: 'mad-castellana', zone: 'entrance', zoneName: 'Entrance' },
  { type: 'ibeacon', uuid: DEMO_BEACON_UUID, major: 2, minor: 2, storeId: 'mad-castellana', zone: 'knitwear', zoneName: 'Knitwear' },
  {
    type: 'eddystone',
    namespace: 'edd1ebeac04e5defa017',
    instance: '0000000000c1',
    storeId: 'mad-castellana',
    zone: 'fitting-rooms',
    zoneName: 'Fitting rooms',
  },
];

function demoOffers(now: Date): OfferInput[] {
  const validity = { validFrom: now.toISOString(), validUntil: new Date(now.getTime() + 90 * 86_400_000).toISOString() };
  const raw = [
    {
      title: 'Denim week: 20% off jeans',
      description: 'Show this at the till.',
      target: { storeId: 'mad-sol', zones: ['denim'] },
      audience: { type: 'favouriteCategory', in: ['denim'] },
      priority: 200,
    },
    { title: 'Gold members: free alterations today', audience: { type: 'loyaltyTier', in: ['gold', 'platinum'] }, priority: 150 },
    {
      title: 'Welcome to Castellana: coffee on us',
      target: { storeId: 'mad-castellana' },
      audience: { type: 'firstVisit' },
      priority: 120,
      totalRedemptionLimit: 500,
    },
    { title: 'Your stylist is expecting you', target: { storeId: 'mad-sol' }, audience: { type: 'appointmentToday' }, priority: 300 },
    {
      title: 'Knitwear you have not tried yet',
      target: { storeId: 'mad-castellana', zones: ['knitwear'] },
      audience: {
        type: 'all',
        rules: [
          { type: 'favouriteCategory', in: ['knitwear'] },
          { type: 'notBought', category: 'knitwear', withinDays: 180 },
        ],
      },
      frequencyCap: { times: 1, per: 'week' },
    },
  ];
  return raw.map((o) => offerInputSchema.parse({ ...validity, ...o }));
}

export async function seedProximity(deps: Deps): Promise<void> {
  for (const s of fallbackStores) {
    if (await getStore(deps, s.storeId)) continue;
    await putStore(
      deps,
      storeSchema.parse({
        storeId: s.storeId,
        name: s.name,
        timeZone: 'Europe/Madrid',
        address: { line1: s.line1, city: 'Madrid', postalCode: s.postalCode, country: 'ES' },
        location: { lat: s.lat, lon: s.lon },
        openingHours: {
          mon: [hours],
          tue: [hours],
          wed: [hours],
          thu: [hours],
          fri: [hours],
          sat: [hours],
          sun: [{ open: '11:00', close: '21:00' }],
        },
        services: ['pickup', 'stylist', 'returns'],
      }),
    );
  }
  for (const beacon of demoBeacons) await registerBeacon(deps, seeder, beacon);
  await setProximitySettings(deps, seeder, { storeId: 'mad-sol', settings: { maxOffersPerSighting: 2, cooldownSeconds: 60 } });
  await setProximitySettings(deps, seeder, { storeId: 'mad-castellana', settings: { maxOffersPerSighting: 3, cooldownSeconds: 60 } });
  for (const input of demoOffers(deps.clock.now())) await createOffer(deps, seeder, { input });
}
