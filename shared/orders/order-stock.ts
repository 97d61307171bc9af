// What orders ask inventory to do with store stock — entirely through inventory's index;
// orders does no stock arithmetic.
//
// Pickup lines hold their units with a reservation: one the customer already made (taken
// over whole: confirmed and linked to the order in the order's own transaction), or one made
// now by inventory's createReservation (all lines or none, 409 insufficient-stock when short)
// as a short hold that the order's transaction confirms and links. If the order is not
// written after all, that hold is cancelled — and expires by itself within minutes if even
// that fails. Cancelling the order cancels its reservations; the handover fulfils them (the
// units leave the store); returns and exchanges are stock events of the store they happen in.
// Ship lines allocate units at a warehouse (fulfilment's planShipment); cancelling gives them back.

import { releaseShipment } from '../fulfilment/index.ts';
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
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import type { TransactItem } from '../table/transact.ts';
import { assertTakeOver } from './placing-rules.ts';
import { movesWithOrder, reservationAction, reservationsOf } from './rules.ts';
import type { Order, OrderStatus } from './schemas.ts';

type Item = ReservationRecord;

/**
 * The stock side of placing an order. `plan` gives the order's transaction its stock items
 * (it may be called again on a retry: a reservation is made once) and notes the reservation
 * ids on the pickup lines; `settle` runs afterwards and releases a hold the order did not keep.
 * `pendingClaim` is written in the hold's own transaction (the channel order id, claimed while
 * the order is placed); `held` says whether it was.
 */
export function pickupStock(deps: Deps, pendingClaim: TransactItem) {
  let created: Item | undefined;

  async function plan(order: Order, store: Store | undefined): Promise<TransactItem[]> {
    const pickup = order.lines.filter((l) => l.fulfilment === 'pickup');
    if (!pickup.length || !store) return [];
    const now = deps.clock.now();
    const items: TransactItem[] = [];

    // Reservations the channel names: each taken over whole, by one order only.
    for (const reservationId of [...new Set(pickup.flatMap((l) => (l.reservationId ? [l.reservationId] : [])))]) {
      const item = await getReservationItem(deps, reservationId);
      assertTakeOver(item && reservationFromItem(item, now), reservationId, order);
      items.push(...transitionItems(deps, item!, 'confirm', now, { orderId: order.orderId }));
    }

    // The other pickup lines are reserved now, by inventory's rules.
    const fresh = pickup.filter((l) => !l.reservationId || l.reservationId === created?.reservationId);
    if (fresh.length) {
      if (!created) {
        const reservation = await createReservation(deps, {
          store,
          request: { storeId: store.storeId, lines: fresh.map(({ sku, quantity }) => ({ sku, quantity })), holdMinutes: MIN_HOLD_MINUTES },
          record: () => pendingClaim,
        });
        // As stored (its bucket is its hold's end), without reading it back.
        created = { ...reservation, holdBucket: bucketOf(new Date(reservation.holdUntil)) };
      }
      for (const line of fresh) line.reservationId = created.reservationId as string;
      items.push(...transitionItems(deps, created, 'confirm', now, { orderId: order.orderId }));
    }
    return items;
  }

  async function settle(kept: boolean): Promise<void> {
    if (!created || kept) return;
    try {
      await transition(deps, created, 'cancel');
    } catch (error) {
      deps.logger.warn('could not release the hold of an order not placed; it expires by itself', { error: (error as Error).message });
    }
  }

  return { plan, settle, held: () => created !== undefined };
}

/** The stock writes of a status change: cancelling releases the order's reservations, the handover fulfils them. */
export async function statusStock(deps: Deps, order: Order, to: OrderStatus): Promise<TransactItem[]> {
  const now = deps.clock.now();
  // A cancelled order's ship lines give their units back to their warehouses.
  const shipped = to === 'cancelled' ? releaseShipment(deps, order.lines, now.toISOString()) : [];
  const action = reservationAction(to);
  return action ? [...shipped, ...(await reservationItems(deps, order, action, now))] : shipped;
}

/** The writes that move the order's reservations along (cancel or fulfil): those still confirmed for it. */
export async function reservationItems(deps: Deps, order: Order, action: 'cancel' | 'fulfil', now: Date): Promise<TransactItem[]> {
  const items = await Promise.all(reservationsOf(order).map((id) => getReservationItem(deps, id)));
  return items.flatMap((item) =>
    item && movesWithOrder(reservationFromItem(item, now), order.orderId) ? transitionItems(deps, item, action, now) : [],
  );
}
