// The rules of an associate's order and of the ship lines' promise on an order. Pure.

import { describe, expect, it } from 'vitest';
import { unchanged } from '#shared/catalog/rules.ts';
import { styleBody } from '#shared/catalog/schemas.ts';
import { assistedOrderRequest, placedInStoreDetail, shipLinesOf, withShipment } from '#shared/orders/placing-rules.ts';
import { assistedOrderBody, createOrderBody } from '#shared/orders/placing-schemas.ts';
import type { Order } from '#shared/orders/schemas.ts';

const variants = new Map([
  ['JEAN-SLIM-BLK-38', { styleId: 'JEAN-SLIM', price: 4995, category: 'denim' }],
  ['TEE-W', { styleId: 'TEE', price: 1295, category: 'tops' }],
]);

describe('assistedOrderRequest', () => {
  const request = assistedOrderBody.parse({
    customer: { email: 'walk.in@example.com' },
    lines: [
      { sku: 'JEAN-SLIM-BLK-38', quantity: 2, fulfilment: 'ship', fromLocationId: 'wh-1' },
      { sku: 'TEE-W', quantity: 1, fulfilment: 'in_store' },
    ],
    shipTo: { postalCode: '28001' },
  });

  it('is a store-channel order at catalogue prices, in-store lines at this store', () => {
    const order = assistedOrderRequest(request, { storeId: 'mad-sol', channelOrderId: 'MAD-SOL-1', variants });
    expect(order).toMatchObject({ channel: 'store', channelOrderId: 'MAD-SOL-1', shipTo: { postalCode: '28001' } });
    expect(order.lines).toEqual([
      { sku: 'JEAN-SLIM-BLK-38', quantity: 2, price: 4995, category: 'denim', fulfilment: 'ship', fromLocationId: 'wh-1' },
      { sku: 'TEE-W', quantity: 1, price: 1295, category: 'tops', fulfilment: 'in_store', storeId: 'mad-sol' },
    ]);
    expect(createOrderBody.safeParse(order).success).toBe(true);
  });

  it('refuses a SKU outside the catalogue naming its line', () => {
    const bad = { ...request, lines: [request.lines[0]!, { sku: 'NOPE', quantity: 1, fulfilment: 'in_store' as const }] };
    expect(() => assistedOrderRequest(bad, { storeId: 's', channelOrderId: 'X', variants })).toThrow(/lines\[1\]\.sku/);
  });

  it.each([
    ['ship lines without shipTo', { shipTo: undefined }, 'shipTo'],
    ['a pickup line without its store', { lines: [{ sku: 'A', quantity: 1, fulfilment: 'pickup' }] }, 'lines.0.storeId'],
    ['an in-store line naming a store', { lines: [{ sku: 'A', quantity: 1, fulfilment: 'in_store', storeId: 'x' }] }, 'lines.0.storeId'],
    [
      'a warehouse on a pickup line',
      { lines: [{ sku: 'A', quantity: 1, fulfilment: 'pickup', storeId: 'x', fromLocationId: 'w' }] },
      'lines.0.fromLocationId',
    ],
  ])('the body refuses %s', (_what, patch, path) => {
    const parsed = assistedOrderBody.safeParse({ ...request, ...patch });
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('withShipment and shipLinesOf', () => {
  const order = { orderId: 'o', lines: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }] } as unknown as Order;
  it('fixes each ship line’s warehouse and promise, and the order arrives by the latest', () => {
    const placed = withShipment(order, [
      { index: 0, warehouseId: 'w1', shipsOn: '2026-11-25', arrivesBy: '2026-11-26' },
      { index: 2, warehouseId: 'w2', shipsOn: '2026-11-25', arrivesBy: '2026-11-27' },
    ]);
    expect(placed.arrivesBy).toBe('2026-11-27');
    expect(placed.lines[0]).toMatchObject({ fromLocationId: 'w1', arrivesBy: '2026-11-26' });
    expect(placed.lines[1]).toEqual({ sku: 'B' });
    expect(withShipment(order, [])).toBe(order);
  });
  it('keeps the positions of the ship lines (their fields name them)', () => {
    const lines = createOrderBody.parse({
      channel: 'web',
      channelOrderId: 'W-1',
      customer: { customerId: 'c' },
      shipTo: { postalCode: '28001' },
      lines: [
        { sku: 'A', quantity: 1, price: 1, fulfilment: 'pickup', storeId: 's' },
        { sku: 'B', quantity: 2, price: 1, fulfilment: 'ship', fromLocationId: 'w' },
      ],
    }).lines;
    expect(shipLinesOf(lines)).toEqual([{ index: 1, sku: 'B', quantity: 2, fromLocationId: 'w' }]);
  });
  it('tells the customer what comes and when', () => {
    const detail = placedInStoreDetail(
      {
        ...order,
        customerId: 'c',
        total: 10,
        currency: 'EUR',
        arrivesBy: '2026-11-27',
        lines: [{ sku: 'A', quantity: 1, fulfilment: 'ship', arrivesBy: '2026-11-27' }],
      } as unknown as Order,
      { storeId: 'mad-sol', associateId: 'u1' },
    );
    expect(detail).toEqual({
      orderId: 'o',
      customerId: 'c',
      storeId: 'mad-sol',
      associateId: 'u1',
      lines: [{ sku: 'A', quantity: 1, fulfilment: 'ship', arrivesBy: '2026-11-27' }],
      total: 10,
      currency: 'EUR',
      arrivesBy: '2026-11-27',
    });
  });
});

describe('unchanged (a repeated style PUT)', () => {
  const input = styleBody.parse({
    names: { es: 'A', en: 'B' },
    category: 'denim',
    price: 1,
    variants: [{ sku: 'A-1', colour: 'X', size: 'U' }],
  });
  const stored = { ...input, styleId: 'A', colours: ['X'], revision: 3, updatedAt: '2026-11-24T10:00:00.000Z' };
  it('sees the same content whatever the key order a stored map comes back in', () => {
    expect(unchanged({ ...stored, names: { en: 'B', es: 'A' }, variants: [{ size: 'U', colour: 'X', sku: 'A-1' }] }, input)).toBe(true);
    expect(unchanged({ ...stored, price: 2 }, input)).toBe(false);
    expect(unchanged(undefined, input)).toBe(false);
  });
});
