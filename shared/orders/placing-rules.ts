// Domain: the rules of placing an order — when it may say it was placed, where its pickup
// is, which stores and SKUs it may name, whom it belongs to, what it costs, and when it may
// take over a reservation the customer already holds. Pure. Field paths name the command's
// fields ("lines[0].storeId"); the HTTP kit says where in the request they came from.

import { unknownSkuErrors, type Variant } from '../catalog/index.ts';
import type { Reservation } from '../inventory/index.ts';
import { type FieldError, fail } from '../runtime/errors.ts';
import { offersPickup, type Store } from '../stores/index.ts';
import type { AssistedOrderRequest, CreateOrderRequest, OrderLineInput } from './placing-schemas.ts';
import type { Order, OrderLine } from './schemas.ts';

/** How far ahead of our clock a channel's placedAt may be (clock skew), in ms. */
const MAX_PLACED_AHEAD_MS = 5 * 60_000;

/** When the order was placed: the channel's placedAt (not in the future) or now. */
export function placedAtOf(request: Pick<CreateOrderRequest, 'placedAt'>, now: Date): { placedAt: Date; errors: FieldError[] } {
  const placedAt = request.placedAt ? new Date(request.placedAt) : now;
  const ahead = placedAt.getTime() - now.getTime() > MAX_PLACED_AHEAD_MS;
  return { placedAt, errors: ahead ? [{ path: 'placedAt', message: 'placedAt is in the future.' }] : [] };
}

/** Every pickup line of an order is collected at one store (one code, one handover). */
export function pickupStoreOf(lines: OrderLineInput[]): { storeId?: string; errors: FieldError[] } {
  let storeId: string | undefined;
  const errors: FieldError[] = [];
  lines.forEach((line, i) => {
    if (line.fulfilment !== 'pickup') return;
    if (storeId === undefined) storeId = line.storeId;
    else if (line.storeId !== storeId) {
      errors.push({ path: `lines[${i}].storeId`, message: `All pickup lines of an order are collected at one store (${storeId}).` });
    }
  });
  return { storeId, errors };
}

/**
 * What the lines name that is not there (a 422 each): a store that does not exist, is
 * closed or — for a pickup — does not offer pickup, a SKU the store does not carry.
 */
export function referenceErrors(
  lines: OrderLineInput[],
  stores: Map<string, Store>,
  carries: (storeId: string, sku: string) => boolean,
): FieldError[] {
  return lines.flatMap((line, i): FieldError[] => {
    if (!line.storeId) return [];
    const path = `lines[${i}].storeId`;
    const store = stores.get(line.storeId);
    if (!store) return [{ path, message: `There is no store ${line.storeId}.` }];
    if (store.status === 'closed') return [{ path, message: `Store ${line.storeId} is closed.` }];
    if (line.fulfilment === 'pickup' && !offersPickup(store)) return [{ path, message: `Store ${line.storeId} does not offer pickup.` }];
    if (!carries(line.storeId, line.sku))
      return [{ path: `lines[${i}].sku`, message: `Store ${line.storeId} does not carry ${line.sku}.` }];
    return [];
  });
}

/** The one customer the identities' claims name, or undefined (a new guest); two different owners are a conflict. */
export function ownerOf(claimOwners: Array<string | undefined>): string | undefined {
  const owners = [...new Set(claimOwners.filter((o): o is string => o !== undefined))];
  if (owners.length > 1) {
    throw fail.conflict('These identities belong to different customers; send one of them, or the customerId.', 'identities-disagree');
  }
  return owners[0];
}

export const orderTotal = (lines: Pick<OrderLine, 'quantity' | 'price'>[]) => lines.reduce((n, l) => n + l.quantity * l.price, 0);
export const units = (lines: Pick<OrderLine, 'quantity'>[]) => lines.reduce((n, l) => n + l.quantity, 0);

export const categoriesOf = (lines: Pick<OrderLine, 'category'>[]) => [...new Set(lines.flatMap((l) => (l.category ? [l.category] : [])))];

/** The order as placed: its lines with nothing returned yet, its total, its pickup store. */
export function newOrder(
  request: CreateOrderRequest,
  ids: { orderId: string; customerId: string; pickupStoreId?: string },
  placedAt: Date,
  now: Date,
): Order {
  const lines: OrderLine[] = request.lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    price: l.price,
    fulfilment: l.fulfilment,
    returnedQuantity: 0,
    ...(l.category ? { category: l.category } : {}),
    ...(l.storeId ? { storeId: l.storeId } : {}),
    ...(l.reservationId ? { reservationId: l.reservationId } : {}),
    ...(l.fromLocationId ? { fromLocationId: l.fromLocationId } : {}),
  }));
  return {
    orderId: ids.orderId,
    channel: request.channel,
    channelOrderId: request.channelOrderId,
    customerId: ids.customerId,
    status: 'placed',
    currency: request.currency,
    total: orderTotal(lines),
    lines,
    ...(ids.pickupStoreId ? { pickupStoreId: ids.pickupStoreId, pickupLocked: false } : {}),
    ...(request.shipTo ? { shipTo: request.shipTo } : {}),
    placedAt: placedAt.toISOString(),
    updatedAt: now.toISOString(),
  };
}

const channelNames = { web: 'online', app: 'in the app', store: 'in store', contact_center: 'by phone' } as const;

export function placedSummary(order: Pick<Order, 'channel' | 'channelOrderId' | 'lines'>): string {
  const n = units(order.lines);
  return `Order ${order.channelOrderId} placed ${channelNames[order.channel]} (${n} item${n === 1 ? '' : 's'})`;
}

/**
 * Whether the order may take over the reservation its pickup lines name: it exists, is
 * still active and nobody's order yet, is this customer's (or nobody's), is at the line's
 * store, and the lines naming it are exactly its lines (taken over whole).
 */
export function assertTakeOver(
  reservation: Pick<Reservation, 'orderId' | 'status' | 'customerId' | 'storeId' | 'lines'> | undefined,
  reservationId: string,
  order: Pick<Order, 'customerId' | 'lines'>,
): void {
  const index = order.lines.findIndex((l) => l.reservationId === reservationId);
  const field = `lines[${index}].reservationId`;
  if (!reservation) throw fail.invalid([{ path: field, message: `There is no reservation ${reservationId}.` }]);
  if (reservation.orderId)
    throw fail.conflict(`Reservation ${reservationId} already belongs to order ${reservation.orderId}.`, 'reservation-taken');
  if (reservation.status !== 'held' && reservation.status !== 'confirmed') {
    throw fail.conflict(
      `Reservation ${reservationId} is ${reservation.status}; reserve again or order without it.`,
      'reservation-not-active',
    );
  }
  if (reservation.customerId && reservation.customerId !== order.customerId) {
    throw fail.conflict(`Reservation ${reservationId} is another customer's.`, 'reservation-of-another-customer');
  }
  if (reservation.storeId !== order.lines[index]!.storeId) {
    throw fail.invalid([{ path: `lines[${index}].storeId`, message: `Reservation ${reservationId} is at store ${reservation.storeId}.` }]);
  }
  const named = order.lines
    .filter((l) => l.reservationId === reservationId)
    .map((l) => `${l.sku}×${l.quantity}`)
    .sort();
  const reserved = reservation.lines.map((l) => `${l.sku}×${l.quantity}`).sort();
  if (named.join() !== reserved.join()) {
    throw fail.invalid([
      { path: field, message: `Reservation ${reservationId} holds ${reserved.join(', ')}; the lines naming it must be exactly those.` },
    ]);
  }
}

/** The order with its ship lines' warehouses and promises fixed on it; the order arrives by the latest. */
export function withShipment(
  order: Order,
  planned: Array<{ index: number; warehouseId: string; shipsOn: string; arrivesBy: string }>,
): Order {
  if (!planned.length) return order;
  const lines = order.lines.map((line, i) => {
    const plan = planned.find((p) => p.index === i);
    return plan ? { ...line, fromLocationId: plan.warehouseId, shipsOn: plan.shipsOn, arrivesBy: plan.arrivesBy } : line;
  });
  const arrivesBy = planned
    .map((p) => p.arrivesBy)
    .sort()
    .at(-1);
  return { ...order, lines, arrivesBy };
}

/** The ship lines of a request, with their positions (the field paths name them). */
export const shipLinesOf = (lines: OrderLineInput[]) =>
  lines.flatMap((l, index) =>
    l.fulfilment === 'ship'
      ? [{ index, sku: l.sku, quantity: l.quantity, ...(l.fromLocationId ? { fromLocationId: l.fromLocationId } : {}) }]
      : [],
  );

/** What the customer is told about an order placed for them in a store (the notification's payload). */
export const placedInStoreDetail = (order: Order, soldAt: { storeId: string; associateId: string }) => ({
  orderId: order.orderId,
  customerId: order.customerId,
  storeId: soldAt.storeId,
  associateId: soldAt.associateId,
  lines: order.lines.map(({ sku, quantity, fulfilment, storeId, arrivesBy }) => ({
    sku,
    quantity,
    fulfilment,
    ...(storeId ? { storeId } : {}),
    ...(arrivesBy ? { arrivesBy } : {}),
  })),
  total: order.total,
  currency: order.currency,
  ...(order.arrivesBy ? { arrivesBy: order.arrivesBy } : {}),
});

/**
 * The order an associate's request places: channel `store`, in-store lines at this store,
 * prices and categories from the catalogue. A SKU the catalogue lacks is a 422 naming its line.
 */
export function assistedOrderRequest(
  request: AssistedOrderRequest,
  ids: { storeId: string; channelOrderId: string; variants: Map<string, Pick<Variant, 'styleId' | 'price' | 'category'>> },
): CreateOrderRequest {
  const unknown = unknownSkuErrors(request.lines, ids.variants, (i) => `lines[${i}].sku`);
  if (unknown.length) throw fail.unprocessable(unknown, 'unknown-sku');
  return {
    channel: 'store',
    channelOrderId: ids.channelOrderId,
    customer: request.customer,
    currency: request.currency,
    ...(request.shipTo ? { shipTo: request.shipTo } : {}),
    lines: request.lines.map((line) => {
      const variant = ids.variants.get(line.sku)!;
      return {
        sku: line.sku,
        quantity: line.quantity,
        price: variant.price,
        category: variant.category,
        fulfilment: line.fulfilment,
        ...(line.fulfilment === 'in_store' ? { storeId: ids.storeId } : line.storeId ? { storeId: line.storeId } : {}),
        ...(line.fromLocationId ? { fromLocationId: line.fromLocationId } : {}),
      };
    }),
  };
}
