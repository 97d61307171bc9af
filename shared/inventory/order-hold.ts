// Use case: stock held at a store for an order, inside the order's own transaction (orders
// moves a pickup to another store with it). The units are taken from free stock straight into
// `confirmed` — no expiring hold, since the order is already placed — by a reservation made
// confirmed and linked to the order; each line's update is conditioned on enough free units
// (expired holds released along, as a new hold does), so the caller's transaction cannot
// oversell the store.

import { ulid } from 'ulid';
import { outboxPut } from '../platform/outbox.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import type { TransactItem } from '../table/transact.ts';
import { reservationEvents } from './events.ts';
import { reservationPut } from './reservation-repository.ts';
import { newReservation } from './reservation-rules.ts';
import type { ReservationRecord } from './reservation-schemas.ts';
import { getLines, holdUpdate, pairKey } from './stock-repository.ts';
import { availableNow, releasableBuckets } from './stock-rules.ts';

type Line = { sku: string; quantity: number };

export type OrderHold = {
  reservation: ReservationRecord;
  /** The lines' updates (conditioned on free units), then the reservation and its event: none when the store is short. */
  lineItems: TransactItem[];
  recordItems: TransactItem[];
  /** What the store has of each SKU now (0 for one it never stocked). */
  available: Array<{ sku: string; available: number }>;
  short: boolean;
};

/**
 * 1. Read the store's lines of the SKUs (strongly consistent); what it has of each.
 * 2. Short of any: no items, the figures to answer with.
 * 3. Otherwise the reservation (confirmed, for the order, no TTL), each line's update into
 *    `confirmed` conditioned on its free units, and the reservation's event.
 */
export async function holdForOrder(
  deps: Deps,
  input: { store: Store; customerId: string; orderId: string; lines: Line[] },
): Promise<OrderHold> {
  const { store, customerId, orderId } = input;
  const now = deps.clock.now();
  const at = now.toISOString();
  const read = await getLines(
    deps,
    input.lines.map(({ sku }) => ({ storeId: store.storeId, sku })),
  );
  const lineOf = (sku: string) => read.get(pairKey(store.storeId, sku));
  const available = input.lines.map(({ sku }) => {
    const line = lineOf(sku);
    return { sku, available: line ? Math.max(0, availableNow(line, now)) : 0 };
  });
  const held = newReservation({ reservationId: ulid(now.getTime()), store, customerId, lines: input.lines, holdMinutes: 0, now });
  const reservation: ReservationRecord = { ...held, status: 'confirmed', confirmedAt: at, orderId };
  const short = input.lines.some((l, i) => l.quantity > available[i]!.available);
  if (short) return { reservation, lineItems: [], recordItems: [], available, short };

  const lineItems = input.lines.map((l) =>
    holdUpdate(
      deps,
      { storeId: store.storeId, sku: l.sku },
      { quantity: l.quantity, bucket: 'confirmed', release: releasableBuckets(lineOf(l.sku)!, now), now },
    ),
  );
  const recordItems = [
    reservationPut(deps, reservation),
    outboxPut(deps, {
      event: reservationEvents.confirmed,
      subject: `reservation#${reservation.reservationId}`,
      detail: { reservationId: reservation.reservationId, storeId: store.storeId, lines: reservation.lines, orderId },
    }),
  ];
  return { reservation, lineItems, recordItems, available, short };
}
