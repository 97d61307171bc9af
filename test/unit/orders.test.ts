import { describe, expect, it } from 'vitest';
import { placedSummary } from '#shared/orders/placing-rules.ts';
import { fullyReturned, handedOver, notHandedOver, refuseReturn, returnLineErrors } from '#shared/orders/return-rules.ts';
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
    ['shipped', 'returned', false],
    ['delivered', 'returned', true],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(refuseTransition({ status: from, pickupStoreId: 's1', lines: [line()] }, to) === undefined).toBe(allowed);
    expect(canMove(from, to)).toBe(allowed);
  });

  it.each<[OrderStatus, OrderStatus, boolean]>([
    ['placed', 'shipped', true],
    ['placed', 'delivered', false],
    ['shipped', 'delivered', true],
    ['shipped', 'cancelled', false],
    ['delivered', 'shipped', false],
    ['placed', 'ready_for_pickup', false],
  ])('a ship order: %s → %s allowed: %s', (from, to, allowed) => {
    const ship = { status: from, lines: [line({ fulfilment: 'ship', storeId: undefined })] };
    expect(refuseTransition(ship, to) === undefined).toBe(allowed);
  });

  it('accepts repeating the current status and refuses ready for an order without pickup', () => {
    expect(refuseTransition({ status: 'cancelled', lines: [] }, 'cancelled')).toBeUndefined();
    expect(refuseTransition({ status: 'placed', lines: [] }, 'ready_for_pickup')).toMatch(/pickup lines/);
  });

  it('ships only orders with lines to ship and no pickup', () => {
    expect(refuseTransition({ status: 'placed', pickupStoreId: 's1', lines: [line()] }, 'shipped')).toMatch(/handed over at its store/);
    expect(refuseTransition({ status: 'placed', lines: [line({ fulfilment: 'in_store' })] }, 'shipped')).toMatch(/lines to ship/);
  });
});

describe('Function: returns', () => {
  it('refuses returns of cancelled and fully returned orders', () => {
    expect(refuseReturn({ status: 'picked_up' })).toBeUndefined();
    expect(refuseReturn({ status: 'cancelled' })).toMatch(/cancelled/);
    expect(refuseReturn({ status: 'returned' })).toMatch(/already/);
  });

  it('takes back only units handed over: sold in store, picked up, delivered', () => {
    const ship = line({ sku: 'S', fulfilment: 'ship', storeId: undefined });
    const pickup = line({ sku: 'P' });
    const sold = line({ sku: 'I', fulfilment: 'in_store' });
    const all = [{ sku: 'S' }, { sku: 'P' }, { sku: 'I' }];
    const order = { lines: [ship, pickup, sold] };
    expect(notHandedOver(order, all)).toEqual(['S', 'P']);
    expect(notHandedOver({ ...order, pickedUpAt: 't' }, all)).toEqual(['S']);
    expect(notHandedOver({ ...order, deliveredAt: 't' }, all)).toEqual(['P']);
    expect(notHandedOver({ ...order, deliveredAt: 't', pickedUpAt: 't' }, all)).toEqual([]);
    expect(handedOver({}, sold)).toBe(true);
    expect(handedOver({}, ship)).toBe(false);
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
