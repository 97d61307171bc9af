import { describe, expect, it } from 'vitest';
import {
  appointmentsFrom,
  appointmentsFromToday,
  CARD_APPOINTMENTS,
  identityPrecedence,
  localDate,
  orderOwner,
  presenceLine,
  readAgainInStoreCountry,
  searchCandidates,
  textsToRead,
} from '#shared/clienteling/rules.ts';

const NOW = new Date('2026-11-24T10:00:00Z'); // Tuesday, 11:00 in Madrid

describe('Function: searchCandidates', () => {
  it.each([
    ['ana@example.com', { identities: ['email'] }],
    ['+34 612 345 678', { identities: ['phone', 'loyalty'], orderNumber: undefined }],
    ['612345678', { identities: ['phone', 'loyalty'], orderNumber: '612345678' }],
    ['w-1001', { identities: ['loyalty'], orderNumber: 'W-1001' }],
    ['01jd3s9zq4x8r5t6y7u8i9o0pa', { identities: ['loyalty'], orderNumber: '01JD3S9ZQ4X8R5T6Y7U8I9O0PA' }],
    [
      '01JD3S9ZQ4X8R5T6Y7V8W9X0YZ',
      { identities: ['loyalty'], orderNumber: '01JD3S9ZQ4X8R5T6Y7V8W9X0YZ', orderId: '01JD3S9ZQ4X8R5T6Y7V8W9X0YZ' },
    ],
  ])('reads %s', (q, expected) => {
    const got = searchCandidates(q);
    expect(got.identities).toEqual(expected.identities);
    expect(got.orderNumber).toBe((expected as { orderNumber?: string }).orderNumber);
    expect(got.orderId).toBe((expected as { orderId?: string }).orderId);
  });
});

describe('Function: textsToRead', () => {
  it.each<[string, 'email' | 'phone' | 'loyalty', string[]]>([
    [' 34 612 345 678', 'phone', [' 34 612 345 678', '+34 612 345 678']],
    ['+34 612 345 678', 'phone', ['+34 612 345 678']],
    ['0034 612 34 56 78', 'phone', ['0034 612 34 56 78', '+34 612 34 56 78']],
    [' 0044 20 7946 0958', 'phone', [' 0044 20 7946 0958', '+44 20 7946 0958']],
    ['612345678', 'loyalty', ['612345678']],
    ['ana@example.com', 'email', ['ana@example.com']],
  ])('reads %j as %s from %j', (q, kind, texts) => {
    expect(textsToRead(kind, q)).toEqual(texts);
  });
});

describe('Function: identityPrecedence, readAgainInStoreCountry, orderOwner', () => {
  it('prefers e-mail, then phone, then loyalty', () => {
    expect(identityPrecedence).toEqual(['email', 'phone', 'loyalty']);
  });

  it.each([
    [false, 'PT', 'ES', true],
    [false, 'es', 'ES', false],
    [true, 'PT', 'ES', false],
  ])('found=%s in a store of %s (default %s): read again is %s', (found, store, fallback, expected) => {
    expect(readAgainInStoreCountry(found, store, fallback)).toBe(expected);
  });

  it('names the one owner of an order number, nobody for none, and refuses owners that disagree', () => {
    expect(orderOwner(['c-1', 'c-1'])).toBe('c-1');
    expect(orderOwner([])).toBeUndefined();
    expect(() => orderOwner(['c-1', 'c-2'])).toThrow(expect.objectContaining({ kind: 'conflict', code: 'ambiguous-order-number' }));
  });
});

describe('Function: appointmentsFromToday', () => {
  const appt = (appointmentId: string, start: string, status = 'booked') => ({ appointmentId, start, status });

  it("keeps booked ones from the start of the store's today on, earlier today included", () => {
    const kept = appointmentsFromToday(
      [
        appt('yesterday', '2026-11-23T09:00:00.000Z'),
        appt('today-early', '2026-11-23T23:30:00.000Z'), // 00:30 Madrid today
        appt('cancelled', '2026-11-25T09:00:00.000Z', 'cancelled'),
        appt('next-week', '2026-12-01T09:00:00.000Z'),
      ],
      NOW,
      'Europe/Madrid',
    );
    expect(kept.map((a) => a.appointmentId)).toEqual(['today-early', 'next-week']);
  });

  it('shows at most CARD_APPOINTMENTS', () => {
    const many = Array.from({ length: CARD_APPOINTMENTS + 5 }, (_, i) => appt(`a${i}`, `2026-12-0${1 + (i % 9)}T09:00:00.000Z`));
    expect(appointmentsFromToday(many, NOW, 'Europe/Madrid')).toHaveLength(CARD_APPOINTMENTS);
  });

  it("reads far enough back to cover the store's today on a DST day", () => {
    // 29 Mar 2026 in Madrid: 23 h long; 25 Oct: 25 h long. The read starts before local midnight either way.
    for (const now of [new Date('2026-03-29T21:59:00Z'), new Date('2026-10-25T22:59:00Z')]) {
      expect(localDate(appointmentsFrom(now), 'Europe/Madrid') < localDate(now, 'Europe/Madrid')).toBe(true);
    }
  });
});

describe('Function: presenceLine', () => {
  const live = { storeId: 'store-a', since: '2026-11-24T09:55:00.000Z', expiresAt: NOW.getTime() / 1000 + 60 };

  it('says here, elsewhere or absent; a lapsed presence is absent', () => {
    expect(presenceLine(live, 'store-a', NOW)).toEqual({ inThisStore: true, storeId: 'store-a', since: live.since });
    expect(presenceLine(live, 'store-b', NOW)).toEqual({ inThisStore: false, storeId: 'store-a', since: live.since });
    expect(presenceLine(undefined, 'store-a', NOW)).toEqual({ inThisStore: false });
    expect(presenceLine({ ...live, expiresAt: NOW.getTime() / 1000 }, 'store-a', NOW)).toEqual({ inThisStore: false });
  });
});
