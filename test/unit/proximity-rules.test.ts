import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseOffers, type OfferState, refuseRedemption } from '#shared/proximity/offer-rules.ts';
import { hasProximityConsent } from '#shared/proximity/presence-rules.ts';
import type { Offer } from '#shared/proximity/schemas.ts';
import { createMockOffer } from '#test/support/proximity-fixtures.ts';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const nowSeconds = NOW.getTime() / 1000;
const at = { now: NOW, timeZone: 'Europe/Madrid', max: 2 };
const midnightMadrid = Date.parse('2026-11-23T23:00:00Z') / 1000;

const state = (overrides: Partial<OfferState> = {}): OfferState => ({
  caps: new Map(),
  redeemed: new Set(),
  available: new Map(),
  ...overrides,
});

describe('Function: chooseOffers', () => {
  it('shows the best ones first, at most max, each starting a cap window that ends at local midnight', () => {
    const shown = chooseOffers(
      [
        createMockOffer({ offerId: 'low', priority: 1 }),
        createMockOffer({ offerId: 'high', priority: 9 }),
        createMockOffer({ offerId: 'mid', priority: 5 }),
      ],
      state(),
      at,
    );
    expect(shown.map((s) => [s.offer.offerId, s.newWindow, s.windowEnd])).toEqual([
      ['high', true, midnightMadrid],
      ['mid', true, midnightMadrid],
    ]);
  });

  it('leaves out offers the customer redeemed, whose SKU is not available here, or whose cap is used up', () => {
    const offers = [
      createMockOffer({ offerId: 'redeemed' }),
      createMockOffer({ offerId: 'no-stock', requiresStock: { sku: 'SKU-0' } }),
      createMockOffer({ offerId: 'in-stock', requiresStock: { sku: 'SKU-1' } }),
      createMockOffer({ offerId: 'capped' }),
      createMockOffer({ offerId: 'room', frequencyCap: { times: 3, per: 'day' } }),
    ];
    const shown = chooseOffers(
      offers,
      state({
        redeemed: new Set(['redeemed']),
        available: new Map([
          ['SKU-0', 0],
          ['SKU-1', 2],
        ]),
        caps: new Map([
          ['capped', { count: 1, windowEnd: nowSeconds + 60 }],
          ['room', { count: 1, windowEnd: nowSeconds + 60 }],
        ]),
      }),
      { ...at, max: 5 },
    );
    expect(shown.map((s) => s.offer.offerId).sort()).toEqual(['in-stock', 'room']);
    // A showing inside a live window counts in that window.
    expect(shown.find((s) => s.offer.offerId === 'room')).toMatchObject({ newWindow: false, windowEnd: nowSeconds + 60 });
  });

  it('shows nothing when the store allows no offers', () => {
    expect(chooseOffers([createMockOffer()], state(), { ...at, max: 0 })).toEqual([]);
  });

  it('never shows more than max, nor an offer twice, nor one the customer redeemed', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ id: fc.stringMatching(/^[a-z]{1,6}$/), priority: fc.integer({ min: 0, max: 5 }), redeemed: fc.boolean() }),
          {
            selector: (o) => o.id,
            maxLength: 8,
          },
        ),
        fc.integer({ min: 0, max: 5 }),
        (specs, max) => {
          const offers = specs.map((s) => createMockOffer({ offerId: s.id, priority: s.priority }));
          const redeemed = new Set(specs.filter((s) => s.redeemed).map((s) => s.id));
          const shown = chooseOffers(offers, state({ redeemed }), { ...at, max }).map((s) => s.offer.offerId);
          expect(shown.length).toBeLessThanOrEqual(max);
          expect(new Set(shown).size).toBe(shown.length);
          expect(shown.filter((id) => redeemed.has(id))).toEqual([]);
        },
      ),
    );
  });
});

describe('Function: refuseRedemption', () => {
  it.each<[string, Partial<Offer>, string, string | undefined]>([
    ['a valid chain-wide offer', {}, 'mad-sol', undefined],
    ['an offer of this store', { target: { storeId: 'mad-sol' } }, 'mad-sol', undefined],
    ['an offer of another store', { target: { storeId: 'bcn-1' } }, 'mad-sol', 'offer-not-valid-here'],
    ['an offer not started', { validFrom: '2026-11-24T00:00:00.000Z' }, 'mad-sol', 'offer-not-valid'],
    ['an offer that ended now', { validUntil: NOW.toISOString() }, 'mad-sol', 'offer-not-valid'],
  ])('%s: %s', (_what, overrides, storeId, code) => {
    expect(refuseRedemption(createMockOffer(overrides), storeId, NOW)?.code).toBe(code);
  });
});

describe('Function: hasProximityConsent', () => {
  it.each([
    [undefined, false],
    [{ consents: {} }, false],
    [{ consents: { proximity: { granted: false } } }, false],
    [{ consents: { proximity: { granted: true } } }, true],
  ])('%j → %s', (profile, expected) => {
    expect(hasProximityConsent(profile)).toBe(expected);
  });
});
