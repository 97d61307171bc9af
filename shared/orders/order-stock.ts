// Repository: what orders do to store stock — entirely through the inventory context's code
// (shared/repositories/reservations.ts and stock.ts); orders does no stock arithmetic.
//
// Pickup lines hold their units with a reservation: one the customer already made (taken
// over whole: confirmed and linked to the order in the order's own transaction), or one made
// now by inventory's createReservation (all lines or none, 409 insufficient-stock when short)
// as a short hold that the order's transaction confirms and links. If the order is not
// written after all, that hold is cancelled — and expires by itself within minutes if even
// that fails. Cancelling the order cancels its reservations; the handover fulfils them (the
// units leave the store); returns and exchanges are stock events of the store they happen in.

import {
  bucketOf,
  createReservation,
  getReservationItem,
  MIN_HOLD_MINUTES,
  type ReservationRecord,
  reservationFromItem,
  transition,
  transitionItems,
} from '../inventory/index.ts';
import { fail } from '../platform/errors.ts';
import type { Deps } from '../runtime/deps.ts';
import type { TransactItem } from '../table/transact.ts';
import type { StatusStock, StockPlan } from './orders.ts';
import type { Order, OrderStatus } from './schemas.ts';

type Item = ReservationRecord;

const reservationsOf = (order: Order) => [
  ...new Set(order.lines.flatMap((l) => (l.fulfilment === 'pickup' && l.reservationId ? [l.reservationId] : []))),
];

/**
 * The stock side of placing an order: `plan` goes to placeOrder (which may call it again on
 * a retry: a reservation is made once); `settle` runs afterwards and releases a hold the
 * order did not keep.
 */
export function pickupStock(deps: Deps) {
  let created: Item | undefined;
  const plan: StockPlan = async ({ order, store }) => {
    const pickup = order.lines.filter((l) => l.fulfilment === 'pickup');
    if (!pickup.length || !store) return [];
    const now = deps.clock.now();
    const items: TransactItem[] = [];

    // Reservations the channel names: each taken over whole, by one order only.
    for (const reservationId of [...new Set(pickup.flatMap((l) => (l.reservationId ? [l.reservationId] : [])))]) {
      const item = await getReservationItem(deps, reservationId);
      assertTakeOver(item, reservationId, order, now);
      items.push(...transitionItems(deps, item!, 'confirm', now, { orderId: order.orderId }));
    }

    // The other pickup lines are reserved now, by inventory's rules.
    const fresh = pickup.filter((l) => !l.reservationId || l.reservationId === created?.reservationId);
    if (fresh.length) {
      if (!created) {
        const reservation = await createReservation(deps, {
          store,
          request: { storeId: store.storeId, lines: fresh.map(({ sku, quantity }) => ({ sku, quantity })), holdMinutes: MIN_HOLD_MINUTES },
          record: () => undefined,
        });
        // As stored (its bucket is its hold's end), without reading it back.
        created = { ...reservation, holdBucket: bucketOf(new Date(reservation.holdUntil)) };
      }
      for (const line of fresh) line.reservationId = created!.reservationId as string;
      items.push(...transitionItems(deps, created!, 'confirm', now, { orderId: order.orderId }));
    }
    return items;
  };
  const settle = async (kept: boolean) => {
    if (!created || kept) return;
    try {
      await transition(deps, created, 'cancel');
    } catch (error) {
      deps.logger.warn('could not release the hold of an order not placed; it expires by itself', { error: (error as Error).message });
    }
  };
  return { plan, settle };
}

function assertTakeOver(item: Item | undefined, reservationId: string, order: Order, now: Date): void {
  const index = order.lines.findIndex((l) => l.reservationId === reservationId);
  const field = `body.lines[${index}].reservationId`;
  if (!item) throw fail.invalid([{ path: field, message: `There is no reservation ${reservationId}.` }]);
  const reservation = reservationFromItem(item, now);
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
    throw fail.invalid([
      { path: `body.lines[${index}].storeId`, message: `Reservation ${reservationId} is at store ${reservation.storeId}.` },
    ]);
  }
  // Taken over whole: the order's lines naming it are exactly its lines.
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

/** Stock writes of a status change: cancelling releases the order's reservations, the handover fulfils them. */
export function statusStock(deps: Deps): StatusStock {
  return async (order: Order, to: OrderStatus) => {
    const action = to === 'cancelled' ? 'cancel' : to === 'picked_up' ? 'fulfil' : undefined;
    const ids = action ? reservationsOf(order) : [];
    if (!action || !ids.length) return [];
    const now = deps.clock.now();
    const items = await Promise.all(ids.map((id) => getReservationItem(deps, id)));
    return items.flatMap((item) => {
      // Confirmed with the order when it was placed; anything else was already settled.
      if (item?.status !== 'confirmed' || item.orderId !== order.orderId) return [];
      return transitionItems(deps, item, action, now);
    });
  };
}
