// Repository: reservation records (keys.reservation; a customer's on GSI1 by
// keys.customerReservation) and the transaction items that write them.

import type { PageRequest } from '../platform/schemas.ts';
import type { Deps } from '../runtime/deps.ts';
import { epochSeconds, fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, type Page, pagePrefix } from '../table/query.ts';
import type { TransactItem } from '../table/transact.ts';
import { updateParts } from '../table/update.ts';
import { reservationAt, type Transition, transitions } from './reservation-rules.ts';
import type { Reservation, ReservationRecord } from './reservation-schemas.ts';

export type ReservationItem = Stored<'reservation', ReservationRecord>;

/** Cancelled or expired reservation records are removed by TTL this long after the hold ends. */
const RECORD_RETENTION_SECONDS = 90 * 24 * 3600;

/** A stored reservation (or a record written moments ago) as clients see it at `now`. */
export const reservationFromItem = (item: ReservationRecord, now: Date): Reservation =>
  reservationAt(fromItem<ReservationRecord>(item), now);

/** Strongly consistent: a caller sees its own transition. */
export async function getReservationItem(deps: Deps, reservationId: string): Promise<ReservationItem | undefined> {
  return (await getItem(deps, keys.reservation(reservationId))) as ReservationItem | undefined;
}

/**
 * The new record, once (attribute_not_exists), on its customer's list when it has one. A
 * confirmed one (held for an order) is kept: no TTL.
 */
export function reservationPut(deps: Deps, record: ReservationRecord): TransactItem {
  const { reservationId, customerId } = record;
  return {
    Put: {
      TableName: deps.tableName,
      Item: toItem(
        'reservation',
        { ...keys.reservation(reservationId), ...(customerId ? keys.customerReservation(customerId, reservationId) : {}) },
        record,
        record.status === 'confirmed' ? undefined : epochSeconds(new Date(record.holdUntil)) + RECORD_RETENTION_SECONDS,
      ),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/**
 * The record's side of a transition, conditioned on the status read (a concurrent change
 * makes it fail); linking an order (`orderId`) is conditioned on no order having taken it yet.
 */
export function reservationTransitionUpdate(
  deps: Deps,
  record: Pick<ReservationRecord, 'reservationId' | 'status'>,
  action: Transition,
  at: string,
  orderId?: string,
): TransactItem {
  const { next, stamp, keepRecord } = transitions[action];
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.reservation(record.reservationId),
      ...updateParts({
        set: { status: next, [stamp]: at, orderId },
        remove: keepRecord ? ['expiresAt'] : [],
        expect: { status: record.status },
        condition: orderId ? 'attribute_not_exists(orderId)' : undefined,
      }),
    },
  };
}

/** A customer's reservations, newest first, one page. */
export async function customerReservations(deps: Deps, customerId: string, page: PageRequest): Promise<Page<ReservationItem>> {
  const found = await pagePrefix(
    deps,
    { partition: keys.customerPartition(customerId), skPrefix: keys.customerReservationPrefix, index: 'GSI1' },
    page,
  );
  return { items: found.items as ReservationItem[], nextCursor: found.nextCursor };
}
