// Domain: the rules of an order — which status may follow which, who may see or move it,
// when a pickup may be handed over or locks, which reservations a status change moves. Pure: no I/O, `now` passed in where time matters.

import type { Reservation } from '../inventory/index.ts';
import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import { type DomainError, fail } from '../runtime/errors.ts';
import type { Order, OrderStatus } from './schemas.ts';

/** Wrong pickup codes tolerated before the pickup locks (re-issuing the code unlocks it). */
export const MAX_PICKUP_CODE_FAILURES = 5;

// ── the status flow ───────────────────────────────────────────────────────────────────────

/**
 * The status flow, one row per status (a new status is a row here, a time field below and an
 * event in order-status.ts). `returned` is reached through returns, never set directly.
 * Pickup orders go placed → ready_for_pickup → picked_up; ship orders (no pickup lines)
 * placed → shipped → delivered, both set by integrations; in-store sales stay placed.
 */
const next: Record<OrderStatus, OrderStatus[]> = {
  placed: ['ready_for_pickup', 'shipped', 'cancelled', 'returned'],
  ready_for_pickup: ['picked_up', 'cancelled', 'expired'],
  picked_up: ['returned'],
  shipped: ['delivered'],
  delivered: ['returned'],
  cancelled: [],
  returned: [],
  expired: [],
};

export const canMove = (from: OrderStatus, to: OrderStatus) => next[from].includes(to);

/** Statuses in which the order waits at its pickup store (and sits on the store's pickup index). */
export const waitingStatuses: OrderStatus[] = ['placed', 'ready_for_pickup'];
export const isWaiting = (status: OrderStatus) => waitingStatuses.includes(status);

/** The field that records when an order reached a status. */
export const statusTimeField = {
  placed: 'placedAt',
  ready_for_pickup: 'readyAt',
  picked_up: 'pickedUpAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  cancelled: 'cancelledAt',
  returned: 'returnedAt',
  expired: 'expiredAt',
} as const satisfies Record<OrderStatus, keyof Order>;

/** A status in words ("ready for pickup"), for messages and timeline entries. */
export const statusWords = (status: OrderStatus) => status.replaceAll('_', ' ');

/** Why a status change is refused, or undefined when it is allowed. */
export function refuseTransition(order: Pick<Order, 'status' | 'pickupStoreId' | 'lines'>, to: OrderStatus): string | undefined {
  if (order.status === to) return undefined; // repeating a change is answered with the order as it is
  if (to === 'ready_for_pickup' && !order.pickupStoreId) return 'Only an order with pickup lines becomes ready for pickup.';
  if (to === 'shipped' || to === 'delivered') {
    if (order.pickupStoreId) return 'An order with pickup lines is handed over at its store, not shipped.';
    if (!order.lines.some((l) => l.fulfilment === 'ship')) return 'Only an order with lines to ship is shipped or delivered.';
  }
  if (!canMove(order.status, to)) return `An order that is ${statusWords(order.status)} cannot become ${statusWords(to)}.`;
  return undefined;
}

/** What to answer when a conditioned write found the order changed: gone (404), or its status now (409). */
export function orderChanged(fresh: Pick<Order, 'status'> | undefined): DomainError {
  if (!fresh) return fail.notFound('No such order.');
  return fail.conflict(`The order changed meanwhile; it is now ${statusWords(fresh.status)}.`, 'order-changed', {
    orderStatus: fresh.status,
  });
}

// ── who may see or move an order ──────────────────────────────────────────────────────────

/** The stores an order involves: its pickup store, the stores of its in-store lines, the store that sold it. */
export const storesOf = (order: Pick<Order, 'lines' | 'soldAt'>) => [
  ...new Set([...order.lines.flatMap((l) => (l.storeId ? [l.storeId] : [])), ...(order.soldAt ? [order.soldAt.storeId] : [])]),
];

/**
 * Customers see their own orders (others' are 404: not even their existence leaks); staff
 * those that involve their store (regional and admin roles every order); agents and
 * integrations every order (the route checked an integration's scope).
 */
export function assertOrderAccess(actor: Actor, order: Pick<Order, 'customerId' | 'lines' | 'soldAt'>): void {
  if (actor.kind === 'customer') {
    if (order.customerId !== actor.customerId) throw fail.notFound('No such order.');
    return;
  }
  // A contact-center agent reaches every customer of the chain (the read is audited).
  if (actor.kind === 'agent') return;
  const stores = storesOf(order);
  const own = actor.kind === 'staff' && actor.storeId !== undefined && stores.includes(actor.storeId) ? actor.storeId : undefined;
  assertStoreAccess(actor, own ?? stores[0]);
}

/** Staff move pickup orders of their store, but hand them over only with the customer's code; integrations move any. */
export function assertStatusChangeAccess(actor: Actor, order: Pick<Order, 'pickupStoreId'>, to: OrderStatus): void {
  if (actor.kind !== 'staff') {
    assertStoreAccess(actor, order.pickupStoreId);
    return;
  }
  if (!order.pickupStoreId) throw fail.forbidden('Store staff change the status of pickup orders only.');
  assertStoreAccess(actor, order.pickupStoreId);
  if (to === 'picked_up') {
    throw fail.forbidden("Staff hand a pickup over with the customer's code: POST /stores/{storeId}/pickups/{orderId}/handover.");
  }
}

// ── the pickup: code, handover, lock ──────────────────────────────────────────────────────

export const isPickupLocked = (failures: number) => failures >= MAX_PICKUP_CODE_FAILURES;

export const pickupLockedError = () =>
  fail.locked(
    'Too many wrong pickup codes: the pickup is locked. The customer can get a new code in the app, or the channel can re-issue it.',
  );

/** Why a new pickup code cannot be issued, or undefined. */
export function refuseReissue(order: Pick<Order, 'status' | 'pickupStoreId'>): string | undefined {
  if (!order.pickupStoreId) return 'This order has nothing to pick up.';
  if (!isWaiting(order.status)) return `This order is ${statusWords(order.status)}; its pickup is over.`;
  return undefined;
}

/** A handover needs a pickup of this store, ready, and not locked by wrong codes (the order as stored, with its counter). */
export function assertHandover<T extends Pick<Order, 'status' | 'pickupStoreId'> & { pickupFailures?: number }>(
  order: T | undefined,
  storeId: string,
  orderId: string,
): asserts order is T {
  if (!order || order.pickupStoreId !== storeId) throw fail.notFound(`Order ${orderId} is not a pickup at store ${storeId}.`);
  if (order.status !== 'ready_for_pickup') {
    throw fail.conflict(`The order is ${statusWords(order.status)}, not ready for pickup.`, 'order-not-ready', {
      orderStatus: order.status,
    });
  }
  if (isPickupLocked(Number(order.pickupFailures ?? 0))) throw pickupLockedError();
}

/** The answer to a wrong code, once counted: attempts left (422), or locked (423) at the limit. */
export function wrongCodeError(failures: number): DomainError {
  if (isPickupLocked(failures)) return pickupLockedError();
  return fail.refused('That is not the pickup code of this order.', 'wrong-pickup-code', {
    attemptsLeft: MAX_PICKUP_CODE_FAILURES - failures,
  });
}

// ── the order's reservations ──────────────────────────────────────────────────────────────

/** The reservations an order's pickup lines hold. */
export const reservationsOf = (order: Pick<Order, 'lines'>) => [
  ...new Set(order.lines.flatMap((l) => (l.fulfilment === 'pickup' && l.reservationId ? [l.reservationId] : []))),
];

/** What a status change does to the order's reservations: cancelling (or expiring) releases them, the handover fulfils them. */
export const reservationAction = (to: OrderStatus): 'cancel' | 'fulfil' | undefined =>
  to === 'cancelled' || to === 'expired' ? 'cancel' : to === 'picked_up' ? 'fulfil' : undefined;

/** A reservation moves with the order only while confirmed for it; anything else was already settled. */
export const movesWithOrder = (reservation: Pick<Reservation, 'status' | 'orderId'> | undefined, orderId: string) =>
  reservation?.status === 'confirmed' && reservation.orderId === orderId;
