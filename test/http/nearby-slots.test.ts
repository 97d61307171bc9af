// "The store nearest my office with a free stylist": GET /appointment-slots over real HTTP.

import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '#shared/runtime/clock.ts';
import { attachMeter } from '#shared/runtime/dynamodb-meter.ts';
import { useTestApi } from '#test/support/api.ts';
import { seedStores, storeFixture } from '#test/support/inventory.ts';

const clock = fixedClock('2026-11-23T08:00:00Z'); // Monday
const api = useTestApi({ clock });
const OFFICE = { lat: 40.4169, lon: -3.7035 };
const week = (open: string, close: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ open, close }]]));
const search = (query: string) => api.call('GET', `/appointment-slots?${query}`);
const near = `lat=${OFFICE.lat}&lon=${OFFICE.lon}&radiusKm=10`;

async function offerCuts(storeId: string, serviceId = 'cut') {
  const admin = await api.staff(storeId, 'admin');
  const stylist = { name: `Stylist of ${storeId}`, skills: [serviceId], weeklyHours: week('10:00', '20:00') };
  expect((await api.call('PUT', `/stores/${storeId}/stylists/s1`, { token: admin, body: stylist })).status).toBe(200);
  const service = {
    name: 'Haircut',
    durationMinutes: 45,
    bufferAfterMinutes: 15,
    price: { amountMinor: 3500, currency: 'EUR' },
    stylistIds: ['s1'],
  };
  expect((await api.call('PUT', `/stores/${storeId}/appointment-services/${serviceId}`, { token: admin, body: service })).status).toBe(200);
}

beforeAll(async () => {
  const stylist = (storeId: string, km: number, overrides = {}) =>
    storeFixture({ storeId, location: { lat: OFFICE.lat + km / 111.2, lon: OFFICE.lon }, services: ['stylist', 'pickup'], ...overrides });
  await seedStores(api.deps, [
    stylist('slot-far', 6),
    stylist('slot-near', 1),
    stylist('slot-lisbon-clock', 3, { timeZone: 'Europe/Lisbon', openingHours: week('09:00', '21:00') }),
    stylist('slot-colour-only', 0.5),
    stylist('slot-outside', 30),
    storeFixture({ storeId: 'slot-no-stylists', location: OFFICE, services: ['pickup'] }),
  ]);
  for (const id of ['slot-far', 'slot-near', 'slot-lisbon-clock', 'slot-outside']) await offerCuts(id);
  await offerCuts('slot-colour-only', 'colour');
});

describe('GET /appointment-slots', () => {
  it('answers the nearby stores offering the service, nearest first, each with its earliest free starts in its own time zone', async () => {
    const meter = attachMeter(api.deps.db);
    const res = await search(`${near}&service=cut&from=2026-11-24&to=2026-11-24`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { storeId: string }) => s.storeId)).toEqual(['slot-near', 'slot-lisbon-clock', 'slot-far']);
    const [first, lisbon] = res.body.items;
    expect(first).toMatchObject({ timeZone: 'Europe/Madrid', durationMinutes: 45 });
    expect(first.distanceKm).toBeCloseTo(1, 1);
    expect(first.slots).toHaveLength(5);
    expect(first.slots[0]).toEqual({ start: '2026-11-24T10:00:00+01:00', stylistIds: ['s1'] });
    expect(lisbon.slots[0].start).toBe('2026-11-24T10:00:00+00:00');
    // Bounded: the geo cells, then one catalogue and one bookings Query per store around.
    expect(meter.calls).toBeLessThanOrEqual(9 + 2 * 10);
  });

  it('answers an empty list where no store around offers the service', async () => {
    const res = await search(`${near}&service=massage&from=2026-11-24&to=2026-11-24`);
    expect(res.body).toEqual({ service: 'massage', items: [] });
  });

  it.each([
    ['lat 91', 'lat=91&lon=0&service=cut&from=2026-11-24&to=2026-11-24', 'query.lat'],
    ['no service', `${near}&from=2026-11-24&to=2026-11-24`, 'query.service'],
    ['a service outside the id alphabet', `${near}&service=a%20b&from=2026-11-24&to=2026-11-24`, 'query.service'],
    ['a from that is no date', `${near}&service=cut&from=tomorrow&to=2026-11-24`, 'query.from'],
    ['a radius too large', `lat=40&lon=-3&radiusKm=51&service=cut&from=2026-11-24&to=2026-11-24`, 'query.radiusKm'],
    ['to before from', `${near}&service=cut&from=2026-11-25&to=2026-11-24`, 'query.to'],
    ['more than 90 days', `${near}&service=cut&from=2026-11-24&to=2027-06-01`, 'query.to'],
  ])('answers %s with 400 naming the field', async (_what, query, field) => {
    const res = await search(query);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});
