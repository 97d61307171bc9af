import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFirstProbe,
  FIRST_PROBE_ENTRIES,
  firstProbeEntries,
  firstRead,
  nextRing,
  offersPickup,
  pickupReadyAt,
  RANGES_PER_RING,
  ringRanges,
  roundKm,
  storeToSave,
  takesReturns,
} from '#shared/stores/rules.ts';
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

describe('A store record', () => {
  it('takes an IANA time zone the runtime knows, and refuses anything else naming the field', () => {
    expect(store({ timeZone: 'Atlantic/Canary' }).timeZone).toBe('Atlantic/Canary');
    expect(store({ timeZone: 'UTC' }).timeZone).toBe('UTC');
    for (const timeZone of ['Mars/Olympus', '', 'GMT+25']) {
      const parsed = storeSchema.safeParse({ ...store(), timeZone });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['timeZone']);
    }
  });
});

describe('Rule: the probe of a nearby search', () => {
  it('caps its first Query at a few entries, or a third of `limit` if more', () => {
    expect(firstProbeEntries(10)).toBe(FIRST_PROBE_ENTRIES);
    expect(firstProbeEntries(20)).toBe(FIRST_PROBE_ENTRIES);
    expect(firstProbeEntries(30)).toBe(FIRST_PROBE_ENTRIES);
    expect(firstProbeEntries(50)).toBe(17);
    expect(firstProbeEntries(51)).toBe(17);
    expect(firstProbeEntries(52)).toBe(18);
  });

  it('reads the rest of the radius where the first Query found it sparse, and goes to the rings where dense', () => {
    const probe = { capped: true, radiusKm: 5, limit: 20 };
    // 12 stores in 0.05 km² (240 per km²): ~19,000 expected within 5 km.
    expect(afterFirstProbe({ ...probe, found: 12, readKm2: 0.05 })).toBe('rings');
    // 12 stores in 400 km² (0.03 per km²): ~2 within 5 km.
    expect(afterFirstProbe({ ...probe, found: 12, readKm2: 400 })).toBe('probe');
    // The boundary: more than 3 × limit expected is dense.
    const km2 = (n: number) => (12 * Math.PI * 25) / n;
    expect(afterFirstProbe({ ...probe, found: 12, readKm2: km2(60) })).toBe('probe');
    expect(afterFirstProbe({ ...probe, found: 12, readKm2: km2(61) })).toBe('rings');
    // Stopped at its first hash (nothing read for certain): many stores share one hash, dense.
    expect(afterFirstProbe({ ...probe, found: 12, readKm2: 0 })).toBe('rings');
    // Not capped: it read its whole span, so the rest of the probe is cheap; whatever it found.
    expect(afterFirstProbe({ ...probe, capped: false, found: 11, readKm2: 0.01 })).toBe('probe');
  });

  it('is never dense from a Query that read its whole span', () => {
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (found, readKm2, limit) => afterFirstProbe({ capped: false, found, readKm2, radiusKm: 5, limit }) === 'probe',
      ),
    );
  });

  it('with the density known beforehand, reads the whole radius at once where sparse and skips the probe where dense, as the first Query would decide', () => {
    // The boundary: more than 3 × limit expected in the radius is dense.
    const perKm2 = (n: number) => n / (Math.PI * 25);
    expect(firstRead({ density: perKm2(60), radiusKm: 5, limit: 20 })).toBe('probe');
    expect(firstRead({ density: perKm2(61), radiusKm: 5, limit: 20 })).toBe('rings');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        (found, readKm2, radiusKm, limit) =>
          afterFirstProbe({ capped: true, found, readKm2, radiusKm, limit }) === firstRead({ density: found / readKm2, radiusKm, limit }),
      ),
    );
  });
});

describe('Rule: the next ring of a nearby search', () => {
  // Nothing read yet but one store in 4 km² (none read counts as one).
  const state = { coveredKm: 1, radiusKm: 5, limit: 3, distances: [] as number[], density: 1 / 4, rings: 1 };

  it('is done once `limit` stores lie nearer than the covered distance, or the radius is covered', () => {
    expect(nextRing({ ...state, distances: [0.2, 0.5, 0.99] })).toBe('done');
    expect(nextRing({ ...state, distances: [0.2, 0.5, 1.2] })).not.toBe('done');
    // A store at exactly the covered distance: an unread one as far could come first by id.
    expect(nextRing({ ...state, distances: [0.2, 0.5, 1] })).not.toBe('done');
    expect(nextRing({ ...state, coveredKm: 5 })).toBe('done');
    expect(nextRing({ ...state, coveredKm: 5, radiusKm: 4, distances: [4.5, 4.6, 4.7] })).toBe('done');
  });

  it('never reaches past the limit-th store already found (but for a millimetre, so it counts)', () => {
    // 4 stores read in 4 km².
    expect(nextRing({ ...state, distances: [0.2, 0.5, 1.1, 4], density: 1 })).toBeCloseTo(1.100001, 9);
    expect(nextRing({ ...state, distances: [0.2, 0.5, 1.3, 4], density: 1 })).toBe(1.25);
  });

  it('sizes the ring from the density read, growing by at least a quarter, three times at most from a few stores', () => {
    // 100 stores/km² read, 3 wanted: a tiny estimate, so the minimum growth.
    expect(nextRing({ ...state, distances: [1.5], density: 100 })).toBe(1.25);
    // One store in 4 km²: 3 of them need ~12 km² (r ≈ 1.95 km, no margin).
    expect(nextRing({ ...state, limit: 3 })).toBeCloseTo(Math.sqrt(12 / Math.PI), 6);
    expect(nextRing({ ...state, limit: 50, distances: [1.2, 1.3] })).toBe(3);
    expect(nextRing({ ...state, limit: 50, radiusKm: 2, distances: [1.2, 1.3] })).toBe(2);
  });

  it('takes the density read from as many stores as the first probe Query reads as it is (only fewer are a few)', () => {
    // 30 wanted, FIRST_PROBE_ENTRIES stores read at 4 per km²: 30 need 7.5 km², r ≈ 1.55 km, not held to 3 × covered.
    const probed = { ...state, coveredKm: 0.2, limit: 30 };
    const read = (n: number) => ({ distances: Array.from({ length: n }, (_, i) => 0.1 * (i + 1)), density: 4 });
    expect(nextRing({ ...probed, ...read(FIRST_PROBE_ENTRIES) })).toBeCloseTo(Math.sqrt(7.5 / Math.PI), 6);
    // One fewer is a few: at most three times the covered distance.
    expect(nextRing({ ...probed, ...read(FIRST_PROBE_ENTRIES - 1) })).toBeCloseTo(0.6, 9);
  });

  it('reaches 5 % farther on a density only remembered for the area (nothing read yet)', () => {
    const fresh = { ...state, coveredKm: 0, limit: 20, density: 3 };
    const measured = nextRing(fresh) as number;
    expect(measured).toBeCloseTo(Math.sqrt(20 / 3 / Math.PI), 9);
    expect(nextRing({ ...fresh, remembered: true })).toBeCloseTo(measured * 1.05, 9);
  });

  it('reaches the radius on the fifth ring whatever was found', () => {
    expect(nextRing({ ...state, rings: 4, density: 100, distances: [1.5] })).toBe(5);
  });

  it('gives a ring few coarse ranges where stores are sparse, more and finer where dense', () => {
    // One store in 8 km², a 2 km ring: ~1.6 expected, one range.
    expect(ringRanges({ density: 1 / 8, ringKm: 2 })).toBe(1);
    // 4 stores in 72 km², an 8 km ring: ~11 expected, a few ranges.
    const sparse = ringRanges({ density: 4 / 72, ringKm: 8 });
    expect(sparse).toBeGreaterThan(1);
    expect(sparse).toBeLessThan(RANGES_PER_RING);
    // 20 stores in 6 km² (a dense city), a 1.5 km ring: ~24 expected, finer.
    expect(ringRanges({ density: 20 / 6, ringKm: 1.5 })).toBeGreaterThan(sparse);
    expect(ringRanges({ density: 500, ringKm: 5 })).toBe(RANGES_PER_RING);
  });

  it('spends more ranges the more stores a ring is expected to read (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 500, noNaN: true }), fc.double({ min: 0.1, max: 50, noNaN: true }), (density, ringKm) => {
        const n = ringRanges({ density, ringKm });
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(RANGES_PER_RING);
        expect(ringRanges({ density: density * 1.5, ringKm })).toBeGreaterThanOrEqual(n);
        expect(ringRanges({ density, ringKm: ringKm * 2 })).toBeGreaterThanOrEqual(n);
      }),
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
