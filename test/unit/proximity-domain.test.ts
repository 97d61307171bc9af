import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AudienceFacts,
  capAllows,
  capWindowEnd,
  matchesAudience,
  offerApplies,
  rankOffers,
  storeDay,
} from '#shared/proximity/offer-rules.ts';
import { beaconIdOf, nearestBeacon, nextPresence, screenReadings, signalStrength, startsVisit } from '#shared/proximity/presence-rules.ts';
import { type AudienceRule, audienceRuleSchema, type Beacon, type Offer, offerInputSchema } from '#shared/proximity/schemas.ts';
import { createMockOffer, createMockStore } from '#test/support/proximity-fixtures.ts';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const uuid = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
const store = createMockStore();

const facts = (overrides: Partial<AudienceFacts> = {}): AudienceFacts => ({
  loyaltyTier: 'none',
  favouriteCategories: [],
  purchases: {},
  firstVisit: false,
  appointmentToday: false,
  now: NOW,
  ...overrides,
});

describe('Function: screenReadings', () => {
  it('drops readings too old or too far ahead and keeps the strongest of each beacon', () => {
    const r = (minor: number, rssi: number, seenAt: string) => ({ type: 'ibeacon' as const, uuid, major: 1, minor, rssi, seenAt });
    const out = screenReadings(
      [
        r(1, -80, '2026-11-23T09:59:00Z'),
        r(1, -60, '2026-11-23T09:59:30Z'),
        r(2, -50, '2026-11-23T09:50:00Z'),
        r(3, -50, '2026-11-23T10:05:00Z'),
      ],
      NOW,
    );
    expect(out.fresh).toEqual([{ index: 1, beaconId: `ibeacon:${uuid}:1:1`, strength: -60, seenAt: new Date('2026-11-23T09:59:30Z') }]);
    expect(out.ignored.map((i) => i.reason)).toEqual(['too-old', 'in-the-future']);
  });

  it('ranks coarse proximity levels like RSSI values', () => {
    expect(signalStrength({ proximity: 'immediate' })).toBeGreaterThan(signalStrength({ proximity: 'near' }));
    expect(signalStrength({ proximity: 'far' })).toBeGreaterThan(signalStrength({}));
    expect(signalStrength({ rssi: -99, proximity: 'immediate' })).toBe(-99);
  });
});

describe('Function: nearestBeacon', () => {
  const beacon = (minor: number, storeId: string): Beacon => ({
    beaconId: beaconIdOf({ type: 'ibeacon', uuid, major: 1, minor }),
    type: 'ibeacon',
    storeId,
    zone: `z${minor}`,
    updatedAt: NOW.toISOString(),
  });
  const reading = (minor: number, strength: number, index: number) => ({
    index,
    beaconId: beacon(minor, '').beaconId,
    strength,
    seenAt: NOW,
  });

  it('picks the strongest known beacon of a store that is not closed', () => {
    const beacons = new Map([beacon(1, 'open'), beacon(2, 'closed'), beacon(3, 'open')].map((b) => [b.beaconId, b]));
    const stores = new Map([
      ['open', createMockStore({ storeId: 'open' })],
      ['closed', createMockStore({ storeId: 'closed', status: 'closed' })],
    ]);
    const out = nearestBeacon([reading(1, -70, 0), reading(2, -40, 1), reading(3, -65, 2), reading(4, -30, 3)], beacons, stores);
    expect(out.chosen?.beacon.zone).toBe('z3');
    expect(out.ignored.map((i) => [i.index, i.reason])).toEqual([
      [1, 'store-closed'],
      [3, 'unknown-beacon'],
    ]);
  });

  it('identifies Eddystone beacons by namespace and instance', () => {
    expect(beaconIdOf({ type: 'eddystone', namespace: 'a'.repeat(20), instance: 'b'.repeat(12) })).toBe(
      `eddystone:${'a'.repeat(20)}:${'b'.repeat(12)}`,
    );
  });
});

describe('Function: nextPresence', () => {
  const base = { customerId: 'c', storeId: 's1', zone: 'a', now: NOW, cooldownSeconds: 60, appointmentToday: false };
  it('starts a visit, keeps its start while in the store and restarts it in another store or after it lapsed', () => {
    const first = nextPresence(undefined, base);
    expect(first).toMatchObject({
      since: NOW.toISOString(),
      cooldownUntil: '2026-11-23T10:01:00.000Z',
      expiresAt: NOW.getTime() / 1000 + 900,
    });
    const later = new Date(NOW.getTime() + 120_000);
    const moved = nextPresence(first, { ...base, zone: 'b', now: later });
    expect(moved).toMatchObject({ since: NOW.toISOString(), zoneSince: later.toISOString(), zone: 'b' });
    expect(startsVisit(first, 's1', later)).toBe(false);
    expect(startsVisit(first, 's2', later)).toBe(true);
    expect(startsVisit(first, 's1', new Date(NOW.getTime() + 901_000))).toBe(true);
  });
});

describe('Function: matchesAudience', () => {
  it.each<[string, AudienceRule, Partial<AudienceFacts>, boolean]>([
    ['tier in list', { type: 'loyaltyTier', in: ['gold'] }, { loyaltyTier: 'gold' }, true],
    ['tier not in list', { type: 'loyaltyTier', in: ['gold'] }, { loyaltyTier: 'silver' }, false],
    ['favourite, any case', { type: 'favouriteCategory', in: ['denim'] }, { favouriteCategories: ['Denim'] }, true],
    ['bought ever', { type: 'bought', category: 'denim' }, { purchases: { denim: '2020-01-01T00:00:00Z' } }, true],
    [
      'bought, but not within 30 days',
      { type: 'bought', category: 'denim', withinDays: 30 },
      { purchases: { denim: '2026-10-01T00:00:00Z' } },
      false,
    ],
    ['not bought', { type: 'notBought', category: 'boots' }, { purchases: { denim: '2026-10-01T00:00:00Z' } }, true],
    ['first visit', { type: 'firstVisit' }, { firstVisit: true }, true],
    ['appointment today', { type: 'appointmentToday' }, {}, false],
    [
      'all',
      { type: 'all', rules: [{ type: 'firstVisit' }, { type: 'loyaltyTier', in: ['gold'] }] },
      { firstVisit: true, loyaltyTier: 'gold' },
      true,
    ],
    ['any', { type: 'any', rules: [{ type: 'firstVisit' }, { type: 'appointmentToday' }] }, { appointmentToday: true }, true],
    ['not', { type: 'not', rule: { type: 'firstVisit' } }, { firstVisit: true }, false],
  ])('%s', (_name, rule, f, expected) => {
    expect(matchesAudience(rule, facts(f))).toBe(expected);
  });

  it('parses any rule tree it can print back, and never throws on junk', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (junk) => {
        const parsed = audienceRuleSchema.safeParse(junk);
        if (parsed.success) expect(typeof matchesAudience(parsed.data, facts())).toBe('boolean');
      }),
    );
  });

  it('bounds the size of a rule tree', () => {
    const wide: AudienceRule = {
      type: 'all',
      rules: Array.from({ length: 10 }, () => ({ type: 'any', rules: [{ type: 'firstVisit' }, { type: 'firstVisit' }] })),
    };
    const res = offerInputSchema.safeParse({
      title: 't',
      validFrom: '2026-11-01T00:00:00Z',
      validUntil: '2026-11-02T00:00:00Z',
      audience: wide,
    });
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]?.path).toEqual(['audience']);
  });
});

describe('Function: offerApplies', () => {
  const place = { store, zone: 'denim', now: NOW };
  it.each<[string, Partial<Offer>, boolean]>([
    ['chain-wide', {}, true],
    ['this store', { target: { storeId: 'mad-sol' } }, true],
    ['another store', { target: { storeId: 'bcn-1' } }, false],
    ['this zone', { target: { storeId: 'mad-sol', zones: ['denim'] } }, true],
    ['another zone', { target: { zones: ['shoes'] } }, false],
    ['not started', { validFrom: '2026-11-24T00:00:00.000Z' }, false],
    ['ended', { validUntil: NOW.toISOString() }, false],
    ['at its limit', { totalRedemptionLimit: 5, redemptions: 5 }, false],
  ])('%s', (_name, overrides, expected) => {
    expect(offerApplies(createMockOffer(overrides), place)).toBe(expected);
  });

  it('respects opening hours only when asked', () => {
    const night = { ...place, now: new Date('2026-11-23T22:00:00Z') };
    expect(offerApplies(createMockOffer(), night)).toBe(false);
    expect(offerApplies(createMockOffer({ openingHoursOnly: false }), night)).toBe(true);
  });
});

describe('Function: capWindowEnd and capAllows', () => {
  it("ends a daily window at the store's local midnight, across DST", () => {
    expect(capWindowEnd({ times: 1, per: 'day' }, NOW, 'Europe/Madrid')).toBe(Date.parse('2026-11-23T23:00:00Z') / 1000);
    expect(capWindowEnd({ times: 1, per: 'day' }, NOW, 'America/New_York')).toBe(Date.parse('2026-11-24T05:00:00Z') / 1000);
    // 28 Mar 2026 in Madrid: the next midnight is already summer time (UTC+2).
    expect(capWindowEnd({ times: 1, per: 'day' }, new Date('2026-03-28T12:00:00Z'), 'Europe/Madrid')).toBe(
      Date.parse('2026-03-28T23:00:00Z') / 1000,
    );
    expect(capWindowEnd({ times: 1, per: 'day' }, new Date('2026-03-29T12:00:00Z'), 'Europe/Madrid')).toBe(
      Date.parse('2026-03-29T22:00:00Z') / 1000,
    );
    expect(capWindowEnd({ times: 1, per: 'week' }, NOW, 'Europe/Madrid')).toBe(Date.parse('2026-11-29T23:00:00Z') / 1000);
    expect(capWindowEnd({ times: 1, per: 'hours', hours: 3 }, NOW, 'Europe/Madrid')).toBe(NOW.getTime() / 1000 + 3 * 3600);
  });

  it('allows a showing while the window has room, and a new window after it ends', () => {
    const cap = { times: 2, per: 'day' as const };
    const end = NOW.getTime() / 1000 + 60;
    expect(capAllows(cap, undefined, NOW)).toEqual({ allowed: true, newWindow: true });
    expect(capAllows(cap, { count: 1, windowEnd: end }, NOW)).toEqual({ allowed: true, newWindow: false });
    expect(capAllows(cap, { count: 2, windowEnd: end }, NOW)).toEqual({ allowed: false, newWindow: false });
    expect(capAllows(cap, { count: 2, windowEnd: end }, new Date(end * 1000))).toEqual({ allowed: true, newWindow: true });
  });
});

describe('Function: rankOffers, storeDay', () => {
  it('orders by priority, then specificity, then soonest end', () => {
    const ranked = rankOffers([
      createMockOffer({ offerId: 'chain', priority: 50 }),
      createMockOffer({ offerId: 'store', priority: 50, target: { storeId: 'mad-sol' } }),
      createMockOffer({ offerId: 'zone', priority: 50, target: { storeId: 'mad-sol', zones: ['denim'] } }),
      createMockOffer({ offerId: 'top', priority: 60 }),
      createMockOffer({ offerId: 'store-soon', priority: 50, target: { storeId: 'mad-sol' }, validUntil: '2026-11-25T00:00:00.000Z' }),
    ]);
    expect(ranked.map((o) => o.offerId)).toEqual(['top', 'zone', 'store-soon', 'store', 'chain']);
  });

  it("gives the store's calendar day as instants", () => {
    expect(storeDay(new Date('2026-11-23T23:30:00Z'), 'Europe/Madrid')).toEqual({
      start: new Date('2026-11-23T23:00:00Z'),
      end: new Date('2026-11-24T23:00:00Z'),
    });
  });
});
