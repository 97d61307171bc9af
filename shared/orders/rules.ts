// Domain: the rules of an order — which status may follow which, where its pickup is,
// what it costs, what may still be returned. Pure.

import { type FieldError, fail } from '../platform/errors.ts';
import type { CreateOrderRequest, Order, OrderLine, OrderLineInput, OrderStatus } from './schemas.ts';

/** Wrong pickup codes tolerated before the pickup locks (re-issuing the code unlocks it). */
export const MAX_PICKUP_CODE_FAILURES = 5;

/** The status flow. `returned` is reached through returns, never set directly. */
const next: Record<OrderStatus, OrderStatus[]> = {
  placed: ['ready_for_pickup', 'cancelled', 'returned'],
  ready_for_pickup: ['picked_up', 'cancelled'],
  picked_up: ['returned'],
  cancelled: [],
  returned: [],
};

export const canMove = (from: OrderStatus, to: OrderStatus) => next[from].includes(to);

/** Statuses in which the order waits at its pickup store (and sits on the store's pickup index). */
export const waitingStatuses: OrderStatus[] = ['placed', 'ready_for_pickup'];
export const isWaiting = (status: OrderStatus) => waitingStatuses.includes(status);

/** The field that records when an order reached a status. */
export const statusTimeField: Record<OrderStatus, 'placedAt' | 'readyAt' | 'pickedUpAt' | 'cancelledAt' | 'returnedAt'> = {
  placed: 'placedAt',
  ready_for_pickup: 'readyAt',
  picked_up: 'pickedUpAt',
  cancelled: 'cancelledAt',
  returned: 'returnedAt',
};

/** Why a status change is refused, or undefined when it is allowed. */
export function refuseTransition(order: Pick<Order, 'status' | 'pickupStoreId'>, to: OrderStatus): string | undefined {
  if (order.status === to) return undefined; // repeating a change is answered with the order as it is
  if (to === 'ready_for_pickup' && !order.pickupStoreId) return 'Only an order with pickup lines becomes ready for pickup.';
  if (!canMove(order.status, to)) return `An order that is ${order.status.replaceAll('_', ' ')} cannot become ${to.replaceAll('_', ' ')}.`;
  return undefined;
}

/** Every pickup line of an order is collected at one store (one code, one handover). */
export function pickupStoreOf(lines: OrderLineInput[]): { storeId?: string; errors: FieldError[] } {
  let storeId: string | undefined;
  const errors: FieldError[] = [];
  lines.forEach((line, i) => {
    if (line.fulfilment !== 'pickup') return;
    if (storeId === undefined) storeId = line.storeId;
    else if (line.storeId !== storeId) {
      errors.push({ path: `body.lines[${i}].storeId`, message: `All pickup lines of an order are collected at one store (${storeId}).` });
    }
  });
  return { storeId, errors };
}

export const orderTotal = (lines: Pick<OrderLine, 'quantity' | 'price'>[]) => lines.reduce((n, l) => n + l.quantity * l.price, 0);
export const units = (lines: Pick<OrderLine, 'quantity'>[]) => lines.reduce((n, l) => n + l.quantity, 0);

export const categoriesOf = (lines: Pick<OrderLine, 'category'>[]) => [...new Set(lines.flatMap((l) => (l.category ? [l.category] : [])))];

export function toOrderLines(request: CreateOrderRequest): OrderLine[] {
  return request.lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    price: l.price,
    fulfilment: l.fulfilment,
    returnedQuantity: 0,
    ...(l.category ? { category: l.category } : {}),
    ...(l.storeId ? { storeId: l.storeId } : {}),
    ...(l.reservationId ? { reservationId: l.reservationId } : {}),
  }));
}

const channelNames = { web: 'online', app: 'in the app', store: 'in store', contact_center: 'by phone' } as const;

export function placedSummary(order: Pick<Order, 'channel' | 'channelOrderId' | 'lines'>): string {
  const n = units(order.lines);
  return `Order ${order.channelOrderId} placed ${channelNames[order.channel]} (${n} item${n === 1 ? '' : 's'})`;
}

// ── returns and exchanges ─────────────────────────────────────────────────────────────────

export type ReturnLineInput = { sku: string; quantity: number; exchangeSku?: string };

/** Whether the order's goods are in the customer's hands, so they can be brought back. */
export function refuseReturn(order: Pick<Order, 'status' | 'lines'>): string | undefined {
  if (order.status === 'picked_up') return undefined;
  if (order.status === 'placed' && order.lines.every((l) => l.fulfilment !== 'pickup')) return undefined;
  if (order.status === 'returned') return 'Everything on this order was already returned.';
  if (order.status === 'cancelled') return 'This order was cancelled.';
  return 'The pickup has not been handed over yet; cancel the order instead.';
}

/** Field errors for return lines: SKU not on the order, more than was bought and not yet returned. */
export function returnLineErrors(order: Pick<Order, 'lines'>, lines: ReturnLineInput[]): FieldError[] {
  const bySku = new Map(order.lines.map((l) => [l.sku, l]));
  return lines.flatMap((line, i) => {
    const bought = bySku.get(line.sku);
    if (!bought) return [{ path: `body.lines[${i}].sku`, message: `${line.sku} is not on this order.` }];
    const left = bought.quantity - bought.returnedQuantity;
    if (line.quantity > left) {
      return [{ path: `body.lines[${i}].quantity`, message: `Only ${left} of ${line.sku} can still be returned.` }];
    }
    if (line.exchangeSku === line.sku) {
      return [{ path: `body.lines[${i}].exchangeSku`, message: 'An exchange is for another SKU.' }];
    }
    return [];
  });
}

/** After a return, the order is `returned` once every unit has come back. */
export const fullyReturned = (lines: Pick<OrderLine, 'quantity' | 'returnedQuantity'>[]) =>
  lines.every((l) => l.returnedQuantity >= l.quantity);

export function assertNoFieldErrors(errors: FieldError[]): void {
  if (errors.length) throw fail.invalid(errors);
}
