// The rules of placing an order: when, which stores and SKUs, whose, how much, and taking
// over a reservation.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reservation } from '#shared/inventory/index.ts';
import {
  assertTakeOver,
  categoriesOf,
  newOrder,
  orderTotal,
  ownerOf,
  pickupStoreOf,
  placedAtOf,
  referenceErrors,
} from '#shared/orders/placing-rules.ts';
import { type CreateOrderRequest, createOrderBody, type OrderLineInput } from '#shared/orders/placing-schemas.ts';
import type { OrderLine } from '#shared/orders/schemas.ts';
import type { Store } from '#shared/stores/index.ts';
import { storeFixture } from '#test/support/inventory.ts';

const now = new Date('2026-11-24T10:00:00Z');
const input = (over: Partial<OrderLineInput>): OrderLineInput => ({
  sku: 'A',
  quantity: 1,
  price: 1,
  fulfilment: 'pickup',
  storeId: 's1',
  ...over,
});

describe('Function: pickupStoreOf', () => {
  it('finds the one pickup store and ignores other lines', () => {
    expect(
      pickupStoreOf([
        input({ fulfilment: 'ship', storeId: undefined }),
        input({ sku: 'B' }),
        input({ sku: 'C', fulfilment: 'in_store', storeId: 's2' }),
      ]),
    ).toEqual({ storeId: 's1', errors: [] });
    expect(pickupStoreOf([input({ fulfilment: 'ship', storeId: undefined })]).storeId).toBeUndefined();
  });
  it('names the line that picks up elsewhere', () => {
    expect(pickupStoreOf([input({}), input({ sku: 'B', storeId: 's2' })]).errors).toEqual([
      { path: 'lines[1].storeId', message: expect.any(String) },
    ]);
  });
});

describe('Function: placedAtOf', () => {
  it('takes the channel’s time up to five minutes ahead (clock skew), now when none is sent', () => {
    expect(placedAtOf({}, now)).toEqual({ placedAt: now, errors: [] });
    expect(placedAtOf({ placedAt: '2026-11-20T09:00:00Z' }, now).errors).toEqual([]);
    expect(placedAtOf({ placedAt: '2026-11-24T10:05:00Z' }, now).errors).toEqual([]);
    expect(placedAtOf({ placedAt: '2026-11-24T10:05:01Z' }, now).errors).toEqual([
      { path: 'placedAt', message: 'placedAt is in the future.' },
    ]);
  });
});

describe('Function: referenceErrors', () => {
  const stores = new Map<string, Store>([
    ['s1', storeFixture({ storeId: 's1' })],
    ['closed', storeFixture({ storeId: 'closed', status: 'closed' })],
    ['nopickup', storeFixture({ storeId: 'nopickup', services: ['returns'] })],
  ]);
  const carries = (storeId: string, sku: string) => sku !== 'NOPE' && storeId !== 'none';

  it.each([
    ['a carried SKU at an open pickup store', input({}), undefined],
    ['a ship line (no store to check)', input({ fulfilment: 'ship', storeId: undefined }), undefined],
    ['an unknown store', input({ storeId: 'zz' }), { path: 'lines[0].storeId', message: 'There is no store zz.' }],
    ['a closed store', input({ storeId: 'closed' }), { path: 'lines[0].storeId', message: 'Store closed is closed.' }],
    [
      'pickup where there is none',
      input({ storeId: 'nopickup' }),
      { path: 'lines[0].storeId', message: 'Store nopickup does not offer pickup.' },
    ],
    ['an in-store line where there is no pickup', input({ storeId: 'nopickup', fulfilment: 'in_store' }), undefined],
    ['a SKU the store does not carry', input({ sku: 'NOPE' }), { path: 'lines[0].sku', message: 'Store s1 does not carry NOPE.' }],
  ])('%s', (_what, line, error) => {
    expect(referenceErrors([line], stores, carries)).toEqual(error ? [error] : []);
  });

  it('names every line that refers to nothing, by its index', () => {
    const errors = referenceErrors([input({}), input({ sku: 'B', storeId: 'zz' }), input({ sku: 'NOPE' })], stores, carries);
    expect(errors.map((e) => e.path)).toEqual(['lines[1].storeId', 'lines[2].sku']);
  });
});

describe('Function: ownerOf', () => {
  it('is the one customer the claims name, undefined for a new guest, a conflict for two', () => {
    expect(ownerOf([undefined, undefined])).toBeUndefined();
    expect(ownerOf(['c1', undefined, 'c1'])).toBe('c1');
    expect(() => ownerOf(['c1', 'c2'])).toThrow(expect.objectContaining({ kind: 'conflict', code: 'identities-disagree' }));
  });
});

describe('Function: newOrder', () => {
  const request: CreateOrderRequest = createOrderBody.parse({
    channel: 'app',
    channelOrderId: 'app-1',
    customer: { customerId: 'c1' },
    lines: [
      { sku: 'A', quantity: 2, price: 500, fulfilment: 'pickup', storeId: 's1', category: 'Denim' },
      { sku: 'B', quantity: 1, price: 1000, fulfilment: 'ship' },
    ],
    shipTo: { postalCode: '28001' },
  });

  it('is placed, totals its lines, nothing returned yet, locked never at first', () => {
    const order = newOrder(request, { orderId: 'O1', customerId: 'c1', pickupStoreId: 's1' }, now, now);
    expect(order).toMatchObject({
      orderId: 'O1',
      channelOrderId: 'APP-1',
      status: 'placed',
      currency: 'EUR',
      total: 2000,
      pickupStoreId: 's1',
      pickupLocked: false,
      placedAt: now.toISOString(),
      shipTo: { postalCode: '28001' },
    });
    expect(order.lines.map((l) => [l.sku, l.returnedQuantity, l.category])).toEqual([
      ['A', 0, 'denim'],
      ['B', 0, undefined],
    ]);
    expect(newOrder(request, { orderId: 'O2', customerId: 'c1' }, now, now)).not.toHaveProperty('pickupLocked');
  });

  it('totals quantity × price over any lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 1000 }), price: fc.integer({ min: 0, max: 100_000 }) })),
        (lines) => {
          expect(orderTotal(lines)).toBe(lines.reduce((n, l) => n + l.quantity * l.price, 0));
          expect(orderTotal([...lines].reverse())).toBe(orderTotal(lines));
        },
      ),
    );
  });

  it('lists each category bought once', () => {
    expect(categoriesOf([{ category: 'denim' }, {}, { category: 'tops' }, { category: 'denim' }])).toEqual(['denim', 'tops']);
  });
});

describe('Function: assertTakeOver', () => {
  const reservation = (over: Partial<Reservation> = {}) => ({
    storeId: 's1',
    status: 'held' as const,
    lines: [
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 1 },
    ],
    ...over,
  });
  const lines = (over: Partial<OrderLine> = {}): OrderLine[] => [
    { sku: 'X', quantity: 1, price: 1, fulfilment: 'ship', returnedQuantity: 0 },
    { sku: 'A', quantity: 2, price: 1, fulfilment: 'pickup', storeId: 's1', reservationId: 'R1', returnedQuantity: 0, ...over },
    { sku: 'B', quantity: 1, price: 1, fulfilment: 'pickup', storeId: 's1', reservationId: 'R1', returnedQuantity: 0 },
  ];
  const order = (over: Partial<OrderLine> = {}) => ({ customerId: 'c1', lines: lines(over) });

  it('takes over a live reservation of this customer (or of nobody) at the line’s store, whole', () => {
    expect(() => assertTakeOver(reservation(), 'R1', order())).not.toThrow();
    expect(() => assertTakeOver(reservation({ status: 'confirmed', customerId: 'c1' }), 'R1', order())).not.toThrow();
  });

  it.each([
    ['there is none', undefined, order(), { kind: 'invalid', fields: [{ path: 'lines[1].reservationId', message: expect.any(String) }] }],
    ['it is another order’s', reservation({ orderId: 'O9' }), order(), { kind: 'conflict', code: 'reservation-taken' }],
    ['it expired', reservation({ status: 'expired' }), order(), { kind: 'conflict', code: 'reservation-not-active' }],
    ['it is another customer’s', reservation({ customerId: 'c2' }), order(), { kind: 'conflict', code: 'reservation-of-another-customer' }],
    [
      'it is at another store',
      reservation({ storeId: 's2' }),
      order(),
      { kind: 'invalid', fields: [{ path: 'lines[1].storeId', message: expect.any(String) }] },
    ],
    [
      'the lines differ',
      reservation(),
      order({ quantity: 1 }),
      { kind: 'invalid', fields: [{ path: 'lines[1].reservationId', message: expect.any(String) }] },
    ],
  ])('refuses when %s', (_what, found, theOrder, error) => {
    expect(() => assertTakeOver(found, 'R1', theOrder)).toThrow(expect.objectContaining(error));
  });
});
