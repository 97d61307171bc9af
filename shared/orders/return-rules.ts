// Domain: returns and exchanges — whether the goods can come back, which lines may, where,
// and what the order looks like afterwards. Pure. Field paths name the command's fields.

import type { FieldError } from '../runtime/errors.ts';
import { type Store, takesReturns } from '../stores/index.ts';
import { units } from './placing-rules.ts';
import type { ReturnRequest } from './return-schemas.ts';
import type { Order, OrderLine } from './schemas.ts';

type ReturnLine = ReturnRequest['lines'][number];
export type ReturnRecord = NonNullable<Order['returns']>[number];

/**
 * Whether a line's units are in the customer's hands: sold in a store (handed over at the
 * till), picked up, or delivered. Told by the time the order reached that point, so it stays
 * true once the order is (partly) returned.
 */
export function handedOver(order: Pick<Order, 'pickedUpAt' | 'deliveredAt'>, line: Pick<OrderLine, 'fulfilment'>): boolean {
  if (line.fulfilment === 'in_store') return true;
  if (line.fulfilment === 'pickup') return order.pickedUpAt !== undefined;
  return order.deliveredAt !== undefined;
}

/** Why nothing of the order can come back, or undefined: returns take only what was handed over (see `notHandedOver`). */
export function refuseReturn(order: Pick<Order, 'status'>): string | undefined {
  if (order.status === 'returned') return 'Everything on this order was already returned.';
  if (order.status === 'cancelled') return 'This order was cancelled.';
  return undefined;
}

/** The SKUs of a return whose units were never handed over (a pickup not collected, a parcel not delivered). */
export function notHandedOver(order: Pick<Order, 'lines' | 'pickedUpAt' | 'deliveredAt'>, lines: Array<Pick<ReturnLine, 'sku'>>): string[] {
  const bySku = new Map(order.lines.map((l) => [l.sku, l]));
  return lines.flatMap(({ sku }) => {
    const line = bySku.get(sku);
    return line && !handedOver(order, line) ? [sku] : [];
  });
}

/**
 * Field errors for return lines: SKU not on the order, more than was bought and not yet
 * returned (nor authorized on an open RMA: `authorized`, per SKU), an exchange for the same SKU or for one already on the order.
 */
export function returnLineErrors(
  order: Pick<Order, 'lines'>,
  lines: ReturnLine[],
  authorized: Map<string, number> = new Map(),
): FieldError[] {
  const bySku = new Map(order.lines.map((l) => [l.sku, l]));
  const lineErrors = lines.flatMap((line, i): FieldError[] => {
    const bought = bySku.get(line.sku);
    if (!bought) return [{ path: `lines[${i}].sku`, message: `${line.sku} is not on this order.` }];
    // Units on open return authorizations come back through them (receive the RMA instead).
    const open = authorized.get(line.sku) ?? 0;
    const left = Math.max(0, bought.quantity - bought.returnedQuantity - open);
    if (line.quantity > left) {
      const why = open ? ` (${open} more on an open return authorization: receive that instead)` : '';
      return [{ path: `lines[${i}].quantity`, message: `Only ${left} of ${line.sku} can still be returned${why}.` }];
    }
    if (line.exchangeSku === line.sku) {
      return [{ path: `lines[${i}].exchangeSku`, message: 'An exchange is for another SKU.' }];
    }
    return [];
  });
  const exchangeErrors = lines.flatMap((line, i): FieldError[] =>
    line.exchangeSku && bySku.has(line.exchangeSku)
      ? [
          {
            path: `lines[${i}].exchangeSku`,
            message: `${line.exchangeSku} is already on this order; return it or exchange for another SKU.`,
          },
        ]
      : [],
  );
  return [...lineErrors, ...exchangeErrors];
}

/** What the return names that is not there (a 422 each): the store, a store without returns, an exchange SKU it does not carry. */
export function returnReferenceErrors(
  request: ReturnRequest,
  store: Pick<Store, 'services'> | undefined,
  carried: Set<string>,
): FieldError[] {
  const { storeId } = request;
  const errors: FieldError[] = [];
  if (!store) errors.push({ path: 'storeId', message: `There is no store ${storeId}.` });
  else if (!takesReturns(store)) errors.push({ path: 'storeId', message: `Store ${storeId} does not take returns.` });
  request.lines.forEach((l, i) => {
    if (l.exchangeSku && !carried.has(l.exchangeSku))
      errors.push({ path: `lines[${i}].exchangeSku`, message: `Store ${storeId} does not carry ${l.exchangeSku}.` });
  });
  return errors;
}

/**
 * The order's lines after a return: units counted back on their lines, and each exchanged
 * SKU a new in-store line at the return's store, at the price of the line it replaces.
 */
export function linesAfterReturn(order: Pick<Order, 'lines'>, request: ReturnRequest): OrderLine[] {
  const bySku = new Map(request.lines.map((l) => [l.sku, l]));
  const lines = order.lines.map((l) => {
    const back = bySku.get(l.sku);
    return back ? { ...l, returnedQuantity: l.returnedQuantity + back.quantity } : l;
  });
  for (const l of request.lines) {
    if (!l.exchangeSku) continue;
    const original = order.lines.find((o) => o.sku === l.sku)!;
    lines.push({
      sku: l.exchangeSku,
      quantity: l.quantity,
      price: original.price,
      fulfilment: 'in_store',
      storeId: request.storeId,
      returnedQuantity: 0,
      ...(original.category ? { category: original.category } : {}),
    });
  }
  return lines;
}

/**
 * The stock events of a return at its store, line by line: the units coming back (`return`),
 * and for an exchange the replacement handed out (`sale`). Their ids derive from the return's,
 * so each is applied once.
 */
export function returnStockEvents(record: ReturnRecord) {
  return record.lines.flatMap((l) => [
    {
      exchange: false,
      event: {
        eventId: `order-return-${record.returnId}-${l.sku}`,
        sku: l.sku,
        type: 'return' as const,
        quantity: l.quantity,
        occurredAt: record.at,
      },
    },
    ...(l.exchangeSku
      ? [
          {
            exchange: true,
            event: {
              eventId: `order-exchange-${record.returnId}-${l.exchangeSku}`,
              sku: l.exchangeSku,
              type: 'sale' as const,
              quantity: l.quantity,
              occurredAt: record.at,
            },
          },
        ]
      : []),
  ]);
}

/** After a return, the order is `returned` once every unit has come back. */
export const fullyReturned = (lines: Pick<OrderLine, 'quantity' | 'returnedQuantity'>[]) =>
  lines.every((l) => l.returnedQuantity >= l.quantity);

export const isExchange = (request: ReturnRequest) => request.lines.some((l) => l.exchangeSku);

/** The timeline's words for a return: how many units, returned or exchanged, where. */
export function returnSummary(order: Pick<Order, 'channelOrderId'>, request: ReturnRequest, storeName: string): string {
  const n = units(request.lines);
  return `${n} item${n === 1 ? '' : 's'} of order ${order.channelOrderId} ${isExchange(request) ? 'exchanged' : 'returned'} at ${storeName}`;
}
