import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineKm } from '#shared/stores/geo.ts';
import { nearestWithin, offersPickup, pickupReadyAt, roundKm, storeToSave, takesReturns } from '#shared/stores/rules.ts';
import { type Store, storeSchema } from '#shared/stores/schemas.ts';

const sol = { lat: 40.4169, lon: -3.7035 };
const store = (overrides: Partial<Store> = {}): Store =>
  storeSchema.parse({
    storeId: 's-1',
    name: 'Sol',
    address: { line1: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
    location: sol,
    timeZone: 'Europe/Madrid',
    openingHours: { mon: [{ open: '10:00', close: '21:00' }], tue: [{ open: '10:00', close: '21:00' }] },
    services: ['pickup', 'returns'],
    pickupLeadMinutes: 60,
    ...overrides,
  });

describe('Rule: what a store offers', () => {
  it('takes pickups only while open and offering the service', () => {
    expect(offersPickup(store())).toBe(true);
    expect(offersPickup(store({ status: 'closed' }))).toBe(false);
    expect(offersPickup(store({ services: ['returns'] }))).toBe(false);
  });

  it('takes returns where it offers the service', () => {
    expect(takesReturns(store())).toBe(true);
    expect(takesReturns(store({ services: ['pickup'] }))).toBe(false);
  });

  it('counts the pickup lead time in opening hours, and has none without pickup', () => {
    // Monday 20:30 in Madrid: 30 minutes today, the other 30 when it opens on Tuesday.
    const late = new Date('2026-11-23T19:30:00Z');
    expect(pickupReadyAt(store(), late)?.toISOString()).toBe('2026-11-24T09:30:00.000Z');
    expect(pickupReadyAt(store({ status: 'closed' }), late)).toBeUndefined();
  });
});

describe('Rule: the stores a nearby search answers', () => {
  it('keeps those within the radius, nearest first, ties by id, each once, at most the limit', () => {
    const near = store({ storeId: 'b', location: { lat: 40.42, lon: -3.7 } });
    const twin = store({ storeId: 'a', location: { lat: 40.42, lon: -3.7 } });
    const far = store({ storeId: 'far', location: { lat: 41.3874, lon: 2.1686 } });
    const here = store({ storeId: 'z', location: sol });
    const found = nearestWithin(sol, 10, 3, [near, far, twin, here, near]);
    expect(found.map((f) => f.store.storeId)).toEqual(['z', 'a', 'b']);
    expect(found[0]!.distanceKm).toBe(0);
    expect(nearestWithin(sol, 10, 1, [near, here]).map((f) => f.store.storeId)).toEqual(['z']);
  });

  it('matches a brute-force filter and sort (property)', () => {
    const point = fc.record({ lat: fc.double({ min: 40, max: 41, noNaN: true }), lon: fc.double({ min: -4, max: -3, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), fc.double({ min: 0.1, max: 50, noNaN: true }), (points, radiusKm) => {
        const stores = points.map((location, i) => store({ storeId: `s${String(i).padStart(2, '0')}`, location }));
        const expected = stores
          .map((s) => ({ id: s.storeId, d: haversineKm(sol, s.location) }))
          .filter((s) => s.d <= radiusKm)
          .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
          .slice(0, 10)
          .map((s) => s.id);
        expect(nearestWithin(sol, radiusKm, 10, stores).map((f) => f.store.storeId)).toEqual(expected);
      }),
      { seed: 11 },
    );
  });

  it('answers distances to the metre', () => {
    expect(roundKm(1.23456)).toBe(1.235);
    expect(roundKm(0.0004)).toBe(0);
  });
});

describe('Rule: what a directory write stores', () => {
  const { storeId: _id, ...body } = store();

  it('takes the id from the path, whether or not the body repeats it', () => {
    expect(storeToSave('s-9', body).storeId).toBe('s-9');
    expect(storeToSave('s-9', { ...body, storeId: 's-9' })).toEqual({ ...body, storeId: 's-9' });
  });

  it('refuses a body that names another store, naming the field', () => {
    expect(() => storeToSave('s-9', { ...body, storeId: 's-1' })).toThrow(
      expect.objectContaining({ kind: 'invalid', fields: [expect.objectContaining({ path: 'storeId' })] }),
    );
  });
});
