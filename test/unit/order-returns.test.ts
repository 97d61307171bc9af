// The rules of returns and exchanges beyond whether and how many: where, what the order
// becomes, which stock moves.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fullyReturned,
  isExchange,
  linesAfterReturn,
  returnLineErrors,
  returnReferenceErrors,
  returnStockEvents,
  returnSummary,
} from '#shared/orders/return-rules.ts';
import type { ReturnRequest } from '#shared/orders/return-schemas.ts';
import type { OrderLine } from '#shared/orders/schemas.ts';

const line = (over: Partial<OrderLine> = {}): OrderLine => ({
  sku: 'A',
  quantity: 2,
  price: 1995,
  fulfilment: 'ship',
  returnedQuantity: 0,
  category: 'tops',
  ...over,
});
const request = (lines: ReturnRequest['lines'], storeId = 's1'): ReturnRequest => ({ storeId, lines });

describe('Function: returnLineErrors (exchanges)', () => {
  it('refuses an exchange for a SKU already on the order', () => {
    const order = { lines: [line(), line({ sku: 'B' })] };
    expect(returnLineErrors(order, [{ sku: 'A', quantity: 1, exchangeSku: 'B' }])).toEqual([
      { path: 'lines[0].exchangeSku', message: 'B is already on this order; return it or exchange for another SKU.' },
    ]);
    expect(returnLineErrors(order, [{ sku: 'A', quantity: 1, exchangeSku: 'C' }])).toEqual([]);
  });
});

describe('Function: returnReferenceErrors', () => {
  it('needs a store that takes returns and carries the exchange SKUs', () => {
    const ret = request([
      { sku: 'A', quantity: 1, exchangeSku: 'C' },
      { sku: 'B', quantity: 1 },
    ]);
    expect(returnReferenceErrors(ret, { services: ['returns'] }, new Set(['C']))).toEqual([]);
    expect(returnReferenceErrors(ret, undefined, new Set(['C']))).toEqual([{ path: 'storeId', message: 'There is no store s1.' }]);
    expect(returnReferenceErrors(ret, { services: ['pickup'] }, new Set(['C']))).toEqual([
      { path: 'storeId', message: 'Store s1 does not take returns.' },
    ]);
    expect(returnReferenceErrors(ret, { services: ['returns'] }, new Set())).toEqual([
      { path: 'lines[0].exchangeSku', message: 'Store s1 does not carry C.' },
    ]);
  });
});

describe('Function: linesAfterReturn', () => {
  it('counts units back and adds each exchanged SKU as an in-store line at the returned line’s price', () => {
    const lines = linesAfterReturn(
      { lines: [line(), line({ sku: 'B', quantity: 1 })] },
      request([{ sku: 'A', quantity: 1, exchangeSku: 'C' }]),
    );
    expect(lines).toEqual([
      line({ returnedQuantity: 1 }),
      line({ sku: 'B', quantity: 1 }),
      { sku: 'C', quantity: 1, price: 1995, fulfilment: 'in_store', storeId: 's1', returnedQuantity: 0, category: 'tops' },
    ]);
    expect(fullyReturned(lines)).toBe(false);
  });

  it('makes the order fully returned exactly when every unit of a plain return came back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 5 }),
        (qty, all) => {
          const order = { lines: qty.map((quantity, i) => line({ sku: `S${i}`, quantity })) };
          const back = qty
            .map((quantity, i) => ({ sku: `S${i}`, quantity: all[i] ? quantity : quantity - 1 }))
            .filter((l) => l.quantity > 0);
          const after = linesAfterReturn(order, request(back));
          expect(fullyReturned(after)).toBe(qty.every((_, i) => all[i]));
        },
      ),
    );
  });
});

describe('Function: returnStockEvents', () => {
  it('puts each line back (return) and hands each exchange out (sale), with ids derived from the return', () => {
    const record = {
      returnId: 'R1',
      at: '2026-11-24T10:00:00.000Z',
      storeId: 's1',
      lines: [
        { sku: 'A', quantity: 2, exchangeSku: 'C' },
        { sku: 'B', quantity: 1 },
      ],
    };
    expect(returnStockEvents(record)).toEqual([
      { exchange: false, event: { eventId: 'order-return-R1-A', sku: 'A', type: 'return', quantity: 2, occurredAt: record.at } },
      { exchange: true, event: { eventId: 'order-exchange-R1-C', sku: 'C', type: 'sale', quantity: 2, occurredAt: record.at } },
      { exchange: false, event: { eventId: 'order-return-R1-B', sku: 'B', type: 'return', quantity: 1, occurredAt: record.at } },
    ]);
  });
});

describe('Function: returnSummary', () => {
  it('says how many units were returned or exchanged, and where', () => {
    const order = { channelOrderId: 'W-1' };
    expect(returnSummary(order, request([{ sku: 'A', quantity: 1 }]), 'Madrid Sol')).toBe('1 item of order W-1 returned at Madrid Sol');
    const exchange = request([
      { sku: 'A', quantity: 2, exchangeSku: 'C' },
      { sku: 'B', quantity: 1 },
    ]);
    expect(isExchange(exchange)).toBe(true);
    expect(returnSummary(order, exchange, 'Goya')).toBe('3 items of order W-1 exchanged at Goya');
  });
});
