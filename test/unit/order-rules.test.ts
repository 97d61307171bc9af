// The order rules beyond the status flow: who may see or move an order, the handover and
// its lock, which reservations a status change moves.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertHandover,
  assertOrderAccess,
  assertStatusChangeAccess,
  isPickupLocked,
  MAX_PICKUP_CODE_FAILURES,
  movesWithOrder,
  orderChanged,
  refuseReissue,
  reservationAction,
  reservationsOf,
  storesOf,
  wrongCodeError,
} from '#shared/orders/rules.ts';
import type { OrderLine, OrderStatus } from '#shared/orders/schemas.ts';
import type { Actor, StaffRole } from '#shared/platform/actor.ts';

const line = (over: Partial<OrderLine> = {}): OrderLine => ({
  sku: 'A',
  quantity: 1,
  price: 100,
  fulfilment: 'pickup',
  storeId: 's1',
  returnedQuantity: 0,
  ...over,
});
const customer = (customerId: string): Actor => ({ kind: 'customer', customerId });
const staff = (storeId: string | undefined, role: StaffRole = 'associate'): Actor => ({ kind: 'staff', userId: 'u1', storeId, role });
const integration: Actor = { kind: 'integration', clientId: 'pos', scopes: ['orders/write'] };

describe('Function: storesOf', () => {
  it('lists each store an order involves once, ship lines none', () => {
    expect(storesOf({ lines: [line(), line({ sku: 'B' }), line({ sku: 'C', fulfilment: 'in_store', storeId: 's2' })] })).toEqual([
      's1',
      's2',
    ]);
    expect(storesOf({ lines: [line({ fulfilment: 'ship', storeId: undefined })] })).toEqual([]);
  });
});

describe('Function: assertOrderAccess', () => {
  const order = { customerId: 'c1', lines: [line(), line({ sku: 'B', fulfilment: 'in_store', storeId: 's2' })] };

  it('lets the customer see their own order and answers 404 for anyone else’s', () => {
    expect(() => assertOrderAccess(customer('c1'), order)).not.toThrow();
    expect(() => assertOrderAccess(customer('c2'), order)).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });

  it.each([
    ['an associate of the pickup store', staff('s1'), true],
    ['an associate of an in-store line’s store', staff('s2'), true],
    ['an associate of another store', staff('s9'), false],
    ['an associate without a store', staff(undefined), false],
    ['a regional manager', staff('s9', 'regional'), true],
    ['an admin', staff(undefined, 'admin'), true],
    ['an orders integration', integration, true],
    ['anonymous', { kind: 'anonymous' } as Actor, false],
  ])('%s: allowed %s', (_who, actor, allowed) => {
    const check = () => assertOrderAccess(actor, order);
    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow(expect.objectContaining({ kind: 'forbidden' }));
  });

  it('keeps associates away from orders that involve no store', () => {
    const shipped = { customerId: 'c1', lines: [line({ fulfilment: 'ship', storeId: undefined })] };
    expect(() => assertOrderAccess(staff('s1'), shipped)).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    expect(() => assertOrderAccess(staff('s1', 'regional'), shipped)).not.toThrow();
  });
});

describe('Function: assertStatusChangeAccess', () => {
  it('lets staff of the pickup store make it ready or cancel it, never hand it over', () => {
    const order = { pickupStoreId: 's1' };
    expect(() => assertStatusChangeAccess(staff('s1'), order, 'ready_for_pickup')).not.toThrow();
    expect(() => assertStatusChangeAccess(staff('s1'), order, 'cancelled')).not.toThrow();
    expect(() => assertStatusChangeAccess(staff('s1'), order, 'picked_up')).toThrow(/handover/);
    expect(() => assertStatusChangeAccess(staff('s2'), order, 'cancelled')).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    expect(() => assertStatusChangeAccess(staff('s2', 'regional'), order, 'cancelled')).not.toThrow();
  });

  it('keeps staff to pickup orders; integrations move any order', () => {
    expect(() => assertStatusChangeAccess(staff('s1', 'admin'), {}, 'cancelled')).toThrow(/pickup orders only/);
    expect(() => assertStatusChangeAccess(integration, {}, 'picked_up')).not.toThrow();
    expect(() => assertStatusChangeAccess(customer('c1'), { pickupStoreId: 's1' }, 'cancelled')).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
  });
});

describe('Function: orderChanged', () => {
  it('answers 404 for an order gone, 409 order-changed with its status otherwise', () => {
    expect(orderChanged(undefined)).toMatchObject({ kind: 'not-found' });
    expect(orderChanged({ status: 'ready_for_pickup' })).toMatchObject({
      kind: 'conflict',
      code: 'order-changed',
      details: { orderStatus: 'ready_for_pickup' },
      message: 'The order changed meanwhile; it is now ready for pickup.',
    });
  });
});

describe('Function: refuseReissue', () => {
  it.each<[OrderStatus, string | undefined, boolean]>([
    ['placed', 's1', true],
    ['ready_for_pickup', 's1', true],
    ['picked_up', 's1', false],
    ['cancelled', 's1', false],
    ['placed', undefined, false],
  ])('%s at %s: a new code allowed %s', (status, pickupStoreId, allowed) => {
    expect(refuseReissue({ status, pickupStoreId }) === undefined).toBe(allowed);
  });
});

describe('Function: assertHandover', () => {
  const ready = { orderId: 'o1', status: 'ready_for_pickup' as const, pickupStoreId: 's1', pickupFailures: 0 };

  it('passes a ready pickup of this store under the limit', () => {
    expect(() => assertHandover(ready, 's1', 'o1')).not.toThrow();
    expect(() => assertHandover({ ...ready, pickupFailures: MAX_PICKUP_CODE_FAILURES - 1 }, 's1', 'o1')).not.toThrow();
  });

  it('answers 404 for no order or another store’s, 409 when not ready, 423 when locked', () => {
    expect(() => assertHandover(undefined, 's1', 'o1')).toThrow(expect.objectContaining({ kind: 'not-found' }));
    expect(() => assertHandover(ready, 's2', 'o1')).toThrow(expect.objectContaining({ kind: 'not-found' }));
    expect(() => assertHandover({ ...ready, status: 'placed' }, 's1', 'o1')).toThrow(
      expect.objectContaining({ kind: 'conflict', code: 'order-not-ready', details: { orderStatus: 'placed' } }),
    );
    expect(() => assertHandover({ ...ready, pickupFailures: MAX_PICKUP_CODE_FAILURES }, 's1', 'o1')).toThrow(
      expect.objectContaining({ kind: 'locked' }),
    );
  });
});

describe('Function: wrongCodeError', () => {
  it('counts down the attempts left, then locks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 * MAX_PICKUP_CODE_FAILURES }), (failures) => {
        const error = wrongCodeError(failures);
        expect(isPickupLocked(failures)).toBe(failures >= MAX_PICKUP_CODE_FAILURES);
        if (isPickupLocked(failures)) expect(error.kind).toBe('locked');
        else
          expect(error).toMatchObject({
            kind: 'unprocessable',
            code: 'wrong-pickup-code',
            details: { attemptsLeft: MAX_PICKUP_CODE_FAILURES - failures },
          });
      }),
    );
  });
});

describe('Function: the reservations a status change moves', () => {
  it('lists the pickup lines’ reservations once', () => {
    expect(
      reservationsOf({
        lines: [
          line({ reservationId: 'R1' }),
          line({ sku: 'B', reservationId: 'R1' }),
          line({ sku: 'C' }),
          line({ sku: 'D', reservationId: 'R2' }),
        ],
      }),
    ).toEqual(['R1', 'R2']);
  });

  it.each<[OrderStatus, 'cancel' | 'fulfil' | undefined]>([
    ['cancelled', 'cancel'],
    ['picked_up', 'fulfil'],
    ['ready_for_pickup', undefined],
    ['returned', undefined],
  ])('moving to %s → %s', (to, action) => {
    expect(reservationAction(to)).toBe(action);
  });

  it('moves a reservation only while it is confirmed for this order', () => {
    expect(movesWithOrder({ status: 'confirmed', orderId: 'o1' }, 'o1')).toBe(true);
    expect(movesWithOrder({ status: 'confirmed', orderId: 'o2' }, 'o1')).toBe(false);
    expect(movesWithOrder({ status: 'cancelled', orderId: 'o1' }, 'o1')).toBe(false);
    expect(movesWithOrder(undefined, 'o1')).toBe(false);
  });
});
