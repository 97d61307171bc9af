// The rules of changing a pickup for the customer: how far a deadline may be extended (from
// the original deadline, on the store's calendar) and where a pickup may move.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alreadyAt,
  extendedDeadline,
  extensionErrors,
  latestExtension,
  linesAfterMove,
  moveErrors,
  pickupUnits,
  refuseExtension,
  refuseMove,
} from '#shared/orders/pickup-change-rules.ts';
import type { OrderLine } from '#shared/orders/schemas.ts';
import type { Store } from '#shared/stores/index.ts';

const terms = (maxExtensionDays: number) => ({ holdDays: 7, reminderHoursBefore: 24, maxExtensionDays });
const ready = (deadline: string, maxExtensionDays = 7, original?: string) => ({
  status: 'ready_for_pickup' as const,
  pickupDeadline: deadline,
  pickupTerms: terms(maxExtensionDays),
  ...(original ? { originalPickupDeadline: original } : {}),
});
const now = new Date('2026-11-24T10:00:00Z');
const MADRID = 'Europe/Madrid';

describe('Function: refuseExtension', () => {
  it.each([
    [{ status: 'ready_for_pickup', pickupStoreId: 's', pickupDeadline: '2026-12-01T11:00:00+01:00' }, undefined],
    [{ status: 'placed', pickupStoreId: 's' }, /not ready yet/],
    [{ status: 'picked_up', pickupStoreId: 's', pickupDeadline: '2026-12-01T11:00:00+01:00' }, /picked up; its pickup is over/],
    [{ status: 'expired', pickupStoreId: 's' }, /expired/],
    [{ status: 'cancelled', pickupStoreId: 's' }, /cancelled/],
    [{ status: 'delivered' }, /nothing to pick up/],
  ] as const)('%j → %s', (order, expected) => {
    const refusal = refuseExtension(order);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toMatch(expected);
  });
});

describe('Function: latestExtension', () => {
  it('counts maxExtensionDays from the original deadline, not the current one', () => {
    expect(latestExtension(ready('2026-12-01T11:00:00+01:00', 3), MADRID)).toBe('2026-12-04T11:00:00+01:00');
    expect(latestExtension(ready('2026-12-03T11:00:00+01:00', 3, '2026-12-01T11:00:00+01:00'), MADRID)).toBe('2026-12-04T11:00:00+01:00');
  });

  it('keeps the local time across a DST change (days on the store calendar)', () => {
    // Madrid leaves summer time on 2026-10-25: 7 days after 20:00 CEST is 20:00 CET.
    expect(latestExtension(ready('2026-10-22T20:00:00+02:00', 7), MADRID)).toBe('2026-10-29T20:00:00+01:00');
  });

  it('has no room with maxExtensionDays 0', () => {
    const order = ready('2026-12-01T11:00:00+01:00', 0);
    expect(extensionErrors(order, '2026-12-01T11:01:00+01:00', MADRID, now).map((e) => e.path)).toEqual(['until']);
  });
});

describe('Function: extensionErrors', () => {
  const order = ready('2026-12-01T11:00:00+01:00', 2);
  it.each([
    ['2026-12-01T11:00:00+01:00', /later than the current deadline/],
    ['2026-11-30T11:00:00+01:00', /later than the current deadline/],
    ['2026-12-03T11:00:01+01:00', /at most 2 days after its original deadline/],
    ['2026-12-03T11:00:00+01:00', undefined],
    ['2026-12-03T10:00:00Z', undefined],
    ['2026-12-02T09:00:00-05:00', undefined],
  ])('until %s → %s', (until, expected) => {
    const errors = extensionErrors(order, until, MADRID, now);
    if (expected === undefined) expect(errors).toEqual([]);
    else expect(errors).toEqual([{ path: 'until', message: expect.stringMatching(expected) }]);
  });

  it('refuses an until in the past even when the deadline passed unnoticed', () => {
    const late = ready('2026-11-20T11:00:00+01:00', 7);
    expect(extensionErrors(late, '2026-11-22T11:00:00+01:00', MADRID, now)[0]?.message).toMatch(/future/);
  });

  it('property: a chain of accepted extensions never passes the original deadline + maxExtensionDays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.integer({ min: -2 * 24, max: 40 * 24 }), { minLength: 1, maxLength: 10 }),
        (days, hours) => {
          const original = '2026-12-01T11:00:00+01:00';
          let order = ready(original, days);
          for (const h of hours) {
            const until = new Date(Date.parse(order.pickupDeadline) + h * 3600_000).toISOString();
            if (extensionErrors(order, until, MADRID, now).length) continue;
            expect(Date.parse(until)).toBeGreaterThan(Date.parse(order.pickupDeadline));
            order = ready(extendedDeadline(until, MADRID), days, original);
          }
          expect(Date.parse(order.pickupDeadline)).toBeLessThanOrEqual(Date.parse(original) + days * 24 * 3600_000);
        },
      ),
    );
  });
});

describe('Function: extendedDeadline', () => {
  it("writes the instant on the store's clock", () => {
    expect(extendedDeadline('2026-12-03T10:00:00Z', MADRID)).toBe('2026-12-03T11:00:00+01:00');
  });
});

describe('Functions: refuseMove, moveErrors, linesAfterMove', () => {
  const store = (over: Partial<Store> = {}) => ({ storeId: 'goya', status: 'open', services: ['pickup', 'returns'], ...over }) as Store;
  it('moves only a pickup still waiting', () => {
    expect(refuseMove({ status: 'placed', pickupStoreId: 'sol' })).toBeUndefined();
    expect(refuseMove({ status: 'ready_for_pickup', pickupStoreId: 'sol' })).toBeUndefined();
    expect(refuseMove({ status: 'picked_up', pickupStoreId: 'sol' })).toMatch(/over/);
    expect(refuseMove({ status: 'delivered' })).toMatch(/nothing to pick up/);
  });

  it('names storeId for an unknown store and one without pickup; the same store is a state, not a field', () => {
    expect(moveErrors('goya', undefined)[0]?.message).toMatch(/no store goya/);
    expect(moveErrors('goya', store({ services: ['returns'] }))[0]).toMatchObject({ path: 'storeId' });
    expect(moveErrors('goya', store())).toEqual([]);
    expect(alreadyAt({ pickupStoreId: 'goya' }, 'goya')).toBe(true);
    expect(alreadyAt({ pickupStoreId: 'sol' }, 'goya')).toBe(false);
  });

  it('moves the pickup lines only, onto the new reservation', () => {
    const lines: OrderLine[] = [
      { sku: 'A', quantity: 2, price: 1, fulfilment: 'pickup', storeId: 'sol', reservationId: 'R1', returnedQuantity: 0 },
      { sku: 'B', quantity: 1, price: 1, fulfilment: 'ship', returnedQuantity: 0 },
    ];
    expect(pickupUnits({ lines })).toEqual([{ sku: 'A', quantity: 2 }]);
    expect(linesAfterMove({ lines }, 'goya', 'R2')).toEqual([{ ...lines[0], storeId: 'goya', reservationId: 'R2' }, lines[1]]);
  });
});
