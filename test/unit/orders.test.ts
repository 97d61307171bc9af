import { describe, expect, it } from 'vitest';
import { placedSummary } from '#shared/orders/placing-rules.ts';
import { fullyReturned, refuseReturn, returnLineErrors } from '#shared/orders/return-rules.ts';
import { canMove, refuseTransition } from '#shared/orders/rules.ts';
import type { OrderLine, OrderStatus } from '#shared/orders/schemas.ts';

const line = (over: Partial<OrderLine> = {}): OrderLine => ({
  sku: 'A',
  quantity: 2,
  price: 100,
  fulfilment: 'pickup',
  storeId: 's1',
  returnedQuantity: 0,
  ...over,
});

describe('Function: refuseTransition', () => {
  it.each<[OrderStatus, OrderStatus, boolean]>([
    ['placed', 'ready_for_pickup', true],
    ['placed', 'cancelled', true],
    ['placed', 'picked_up', false],
    ['ready_for_pickup', 'picked_up', true],
    ['ready_for_pickup', 'cancelled', true],
    ['ready_for_pickup', 'placed', false],
    ['picked_up', 'cancelled', false],
    ['picked_up', 'returned', true],
    ['cancelled', 'ready_for_pickup', false],
    ['returned', 'picked_up', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(refuseTransition({ status: from, pickupStoreId: 's1' }, to) === undefined).toBe(allowed);
    expect(canMove(from, to)).toBe(allowed);
  });

  it('accepts repeating the current status and refuses ready for an order without pickup', () => {
    expect(refuseTransition({ status: 'cancelled' }, 'cancelled')).toBeUndefined();
    expect(refuseTransition({ status: 'placed' }, 'ready_for_pickup')).toMatch(/pickup lines/);
  });
});

describe('Function: returns', () => {
  it('allows returns of handed-over pickups and of orders without pickup lines', () => {
    expect(refuseReturn({ status: 'picked_up', lines: [line()] })).toBeUndefined();
    expect(refuseReturn({ status: 'placed', lines: [line({ fulfilment: 'ship', storeId: undefined })] })).toBeUndefined();
    expect(refuseReturn({ status: 'placed', lines: [line()] })).toMatch(/not been handed over/);
    expect(refuseReturn({ status: 'cancelled', lines: [line()] })).toMatch(/cancelled/);
    expect(refuseReturn({ status: 'returned', lines: [line()] })).toMatch(/already/);
  });

  it('refuses more than was bought and not yet returned, unknown SKUs and exchanges for the same SKU', () => {
    const order = { lines: [line({ quantity: 2, returnedQuantity: 1 })] };
    expect(returnLineErrors(order, [{ sku: 'A', quantity: 1 }])).toEqual([]);
    expect(returnLineErrors(order, [{ sku: 'A', quantity: 2 }])[0]).toMatchObject({
      path: 'lines[0].quantity',
      message: 'Only 1 of A can still be returned.',
    });
    expect(returnLineErrors(order, [{ sku: 'Z', quantity: 1 }])[0]!.path).toBe('lines[0].sku');
    expect(returnLineErrors(order, [{ sku: 'A', quantity: 1, exchangeSku: 'A' }])[0]!.path).toBe('lines[0].exchangeSku');
  });

  it('calls an order returned once every unit came back', () => {
    expect(fullyReturned([line({ returnedQuantity: 2 }), line({ sku: 'B', quantity: 1, returnedQuantity: 1 })])).toBe(true);
    expect(fullyReturned([line({ returnedQuantity: 1 })])).toBe(false);
  });
});

describe('Function: placedSummary', () => {
  it('says where and how much, without personal data', () => {
    expect(placedSummary({ channel: 'contact_center', channelOrderId: 'CC-9', lines: [line(), line({ sku: 'B', quantity: 1 })] })).toBe(
      'Order CC-9 placed by phone (3 items)',
    );
  });
});
