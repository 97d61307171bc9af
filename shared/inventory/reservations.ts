// Repository: reservations for pickup. A reservation is all its lines or nothing: one
// TransactWriteItems holds every line (condition `freeUnits >= quantity`), writes the
// reservation, its timeline entry, its outbox event and the Idempotency-Key record.
//
// Expiry without TTL timing: a hold is an amount in its line's `holds` bucket for its expiry
// minute. Readers ignore expired buckets (shared/domain/stock.ts); the next reservation on a
// line removes them inside its own transaction, returning their units to `freeUnits`, each
// removal conditioned on the bucket still holding what was read — so two writers can never
// release the same units twice, and nobody waits for TTL.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { fail, isDomainError } from '../platform/errors.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import { addOpenMinutes } from '../stores/index.ts';
import { keys } from '../table/keys.ts';
import { pagePrefix } from '../table/query.ts';
import { failedConditions, type TransactItem, transactWrite } from '../table/transact.ts';
import { reservationEvents } from './events.ts';
import type { Reservation, ReservationRequest } from './schemas.ts';
import { getLines, pairKey } from './stock.ts';
import { availableNow, bucketOf, expiredBuckets, holdUntil, type StockLine } from './stock-rules.ts';

/** Attempts when the transaction lost a race that did not make the lines short. */
const ATTEMPTS = 8;
/** Expired buckets released per line per reservation (the rest go with the next one). */
const MAX_RELEASES_PER_LINE = 20;
/** Cancelled or expired reservation records are removed by TTL this long after the hold ends. */
const RECORD_RETENTION_SECONDS = 90 * 24 * 3600;

type Item = Record<string, unknown>;
const FIELDS = [
  'reservationId',
  'storeId',
  'customerId',
  'lines',
  'createdAt',
  'holdUntil',
  'pickupReadyAt',
  'confirmedAt',
  'cancelledAt',
  'fulfilledAt',
  'orderId',
] as const;

/** A stored reservation as clients see it: a hold past its time reads as expired. */
export function reservationFromItem(item: Item, now: Date): Reservation {
  const out = Object.fromEntries(FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as Reservation;
  const stored = item.status as Reservation['status'];
  out.pickupReadyAt = (item.pickupReadyAt as string | null) ?? null;
  out.status = stored === 'held' && new Date(item.holdUntil as string) <= now ? 'expired' : stored;
  return out;
}

export type ShortLine = { sku: string; requested: number; available: number };

export type CreateReservation = {
  store: Store;
  customerId?: string;
  request: ReservationRequest;
  /** The Idempotency-Key record to write in the same transaction (shared/repositories/idempotency.ts). */
  record: (response: Reservation) => TransactItem | undefined;
};

export async function createReservation(deps: Deps, input: CreateReservation): Promise<Reservation> {
  const { store, customerId, request } = input;
  const now = deps.clock.now();
  const reservationId = ulid(now.getTime());
  const until = holdUntil(now, request.holdMinutes);
  const bucket = bucketOf(until);
  const ready = store.services.includes('pickup') ? addOpenMinutes(store, now, store.pickupLeadMinutes) : undefined;
  const reservation: Reservation = {
    reservationId,
    storeId: store.storeId,
    ...(customerId ? { customerId } : {}),
    status: 'held',
    lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    createdAt: now.toISOString(),
    holdUntil: until.toISOString(),
    pickupReadyAt: ready?.toISOString() ?? null,
  };

  for (let attempt = 1; ; attempt++) {
    const lines = await getLines(
      deps,
      request.lines.map((l) => ({ storeId: store.storeId, sku: l.sku })),
    );
    const short = shortLines(request, store.storeId, lines, now);
    if (short.length) {
      throw fail.conflict(`Not enough stock for ${short.map((s) => s.sku).join(', ')}.`, 'insufficient-stock', { lines: short });
    }
    const items: TransactItem[] = request.lines.map((l) =>
      holdUpdate(deps, lines.get(pairKey(store.storeId, l.sku))!, l.quantity, bucket, now),
    );
    items.push({
      Put: {
        TableName: deps.tableName,
        Item: {
          ...keys.reservation(reservationId),
          ...(customerId ? keys.customerReservation(customerId, reservationId) : {}),
          entity: 'reservation',
          ...reservation,
          holdBucket: bucket,
          expiresAt: Math.floor(until.getTime() / 1000) + RECORD_RETENTION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    });
    items.push(outboxPut(deps, { event: reservationEvents.held, subject: `reservation#${reservationId}`, detail: { ...reservation } }));
    if (customerId) {
      const units = request.lines.reduce((n, l) => n + l.quantity, 0);
      items.push(
        timelinePut(deps, customerId, {
          type: 'reservation.held',
          summary: `${units} item${units === 1 ? '' : 's'} reserved for pickup at ${store.name}`,
          ref: { reservationId, storeId: store.storeId },
        }),
      );
    }
    const recordItem = input.record(reservation);
    if (recordItem) items.push(recordItem);
    try {
      await transactWrite(deps, items);
      return reservation;
    } catch (error) {
      const failed = failedConditions(error);
      // The Idempotency-Key record lost a race: let idempotent() answer what the winner did.
      if (failed && recordItem && failed.includes(items.length - 1)) throw error;
      const busy = isDomainError(error, 'busy');
      if ((!failed && !busy) || attempt >= ATTEMPTS) {
        if (busy || failed) throw fail.busy('Stock for these lines is changing quickly; retry.');
        throw error;
      }
      // A line changed under us (taken, or an expired bucket released by someone else): read again.
      if (busy) await new Promise((r) => setTimeout(r, 5 * attempt * Math.random()));
    }
  }
}

function shortLines(request: ReservationRequest, storeId: string, lines: Map<string, StockLine>, now: Date): ShortLine[] {
  return request.lines.flatMap((l) => {
    const line = lines.get(pairKey(storeId, l.sku));
    const available = line ? availableNow(line, now) : 0;
    return available >= l.quantity ? [] : [{ sku: l.sku, requested: l.quantity, available: Math.max(0, available) }];
  });
}

/** Take `quantity` into the hold bucket, releasing the line's expired buckets in the same update. */
function holdUpdate(deps: Deps, line: StockLine, quantity: number, bucket: string, now: Date): TransactItem {
  const expired = expiredBuckets(line, now).slice(0, MAX_RELEASES_PER_LINE);
  const released = expired.reduce((n, e) => n + e.quantity, 0);
  const names: Record<string, string> = { '#b': bucket };
  const values: Record<string, unknown> = { ':need': quantity - released, ':q': quantity, ':zero': 0, ':now': now.toISOString() };
  expired.forEach((e, i) => {
    names[`#x${i}`] = e.bucket;
    values[`:x${i}`] = e.quantity;
  });
  const remove = expired.length ? ` REMOVE ${expired.map((_, i) => `holds.#x${i}`).join(', ')}` : '';
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.stock(line.storeId, line.sku),
      UpdateExpression: `SET freeUnits = freeUnits - :need, holds.#b = if_not_exists(holds.#b, :zero) + :q, updatedAt = :now${remove}`,
      ConditionExpression: ['freeUnits >= :need', ...expired.map((_, i) => `holds.#x${i} = :x${i}`)].join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export async function getReservationItem(deps: Deps, reservationId: string): Promise<Item | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.reservation(reservationId), ConsistentRead: true }));
  return res.Item;
}

export type Transition = 'confirm' | 'cancel' | 'fulfil';
const eventOf = { confirm: 'confirmed', cancel: 'cancelled', fulfil: 'fulfilled' } as const;

const transitions = {
  confirm: { next: 'confirmed', field: 'confirmedAt', event: 'reservation.confirmed', summary: 'Reservation confirmed for pickup' },
  cancel: { next: 'cancelled', field: 'cancelledAt', event: 'reservation.cancelled', summary: 'Reservation cancelled' },
  fulfil: { next: 'fulfilled', field: 'fulfilledAt', event: 'reservation.fulfilled', summary: 'Reservation picked up' },
} as const;

/**
 * Confirm moves the held units to `confirmed` (they no longer expire); cancel gives them
 * back to `freeUnits`. Both are one transaction over the reservation and its lines; repeating
 * one that already happened answers the reservation as it is. A reservation an order took
 * over moves only with its order (orders writes transitionItems in its own transactions).
 */
export async function transition(deps: Deps, item: Item, action: 'confirm' | 'cancel'): Promise<Reservation> {
  // Set when a line refused because the hold's bucket was already released as expired
  // (by a writer whose clock is a little ahead): the hold is gone, whatever our clock says.
  let holdGone = false;
  for (let attempt = 1; ; attempt++) {
    const now = deps.clock.now();
    const current = reservationFromItem(item, now);
    const stored = item.status as Reservation['status'];
    const expired = current.status === 'expired' || (stored === 'held' && holdGone);
    const id = current.reservationId;
    if (action === 'confirm') {
      if (stored === 'confirmed' || stored === 'fulfilled') return current;
      if (stored === 'cancelled') throw fail.conflict('This reservation was cancelled.', 'reservation-cancelled');
      if (expired) throw fail.conflict("This reservation's hold has expired; reserve again.", 'reservation-expired');
    } else if (stored === 'cancelled') {
      return current;
    } else if (item.orderId) {
      throw fail.conflict(`This reservation belongs to order ${String(item.orderId)}: cancel the order instead.`, 'reservation-of-order');
    }

    const items = transitionItems(deps, item, action, now, { holdGone });
    try {
      await transactWrite(deps, items);
      const { next, field } = transitions[action];
      return reservationFromItem({ ...item, status: next, [field]: now.toISOString() }, now);
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed || attempt >= ATTEMPTS) throw error;
      const fresh = await getReservationItem(deps, id);
      if (!fresh) throw fail.notFound('No such reservation.');
      if (fresh.status === stored) {
        // The reservation is as we read it, so a line refused.
        if (stored !== 'held') throw error;
        holdGone = true;
      }
      item = fresh;
    }
  }
}

/**
 * The writes of a transition — the reservation (conditioned on the status read), its lines,
 * its outbox event and timeline entry — for transition() above and for callers that write
 * them inside their own transaction: orders confirms a reservation when an order takes it
 * over (`orderId` links it, once: condition not linked yet), cancels it with the order and
 * fulfils it at the pickup handover (the units leave the store: on-hand and confirmed both
 * drop, so freeUnits stays).
 */
export function transitionItems(
  deps: Deps,
  item: Item,
  action: Transition,
  now: Date,
  options: { holdGone?: boolean; orderId?: string } = {},
): TransactItem[] {
  const current = reservationFromItem(item, now);
  const stored = item.status as Reservation['status'];
  const expired = current.status === 'expired' || (stored === 'held' && options.holdGone === true);
  const id = current.reservationId;
  const at = now.toISOString();
  const { next, field, event, summary } = transitions[action];
  if (action === 'fulfil' && stored !== 'confirmed') throw new Error(`Only a confirmed reservation is fulfilled (${id} is ${stored}).`);
  const set = ['#status = :next', `${field} = :at`, ...(options.orderId ? ['orderId = :order'] : [])];
  const items: TransactItem[] = [
    {
      Update: {
        TableName: deps.tableName,
        Key: keys.reservation(id),
        UpdateExpression: `SET ${set.join(', ')}${action === 'confirm' ? ' REMOVE expiresAt' : ''}`,
        ConditionExpression: `#status = :stored${options.orderId ? ' AND attribute_not_exists(orderId)' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':next': next,
          ':stored': stored,
          ':at': at,
          ...(options.orderId ? { ':order': options.orderId } : {}),
        },
      },
    },
  ];
  // An expired hold's units are already freeUnits (or will be, when its bucket is released):
  // cancelling it touches no line.
  if (stored === 'confirmed' || !expired) {
    for (const line of current.lines)
      items.push(lineTransition(deps, current.storeId, line, stored, action, item.holdBucket as string, at));
  }
  items.push(
    outboxPut(deps, {
      event: reservationEvents[eventOf[action]],
      subject: `reservation#${id}`,
      detail: {
        reservationId: id,
        storeId: current.storeId,
        lines: current.lines,
        ...(options.orderId ? { orderId: options.orderId } : {}),
      },
    }),
  );
  if (current.customerId) {
    items.push(timelinePut(deps, current.customerId, { type: event, summary, ref: { reservationId: id, storeId: current.storeId } }));
  }
  return items;
}

function lineTransition(
  deps: Deps,
  storeId: string,
  line: { sku: string; quantity: number },
  stored: Reservation['status'],
  action: Transition,
  bucket: string,
  at: string,
): TransactItem {
  const base = { TableName: deps.tableName, Key: keys.stock(storeId, line.sku) };
  const values = { ':q': line.quantity, ':at': at };
  if (stored === 'confirmed') {
    return {
      Update: {
        ...base,
        UpdateExpression:
          action === 'fulfil'
            ? 'SET confirmed = confirmed - :q, onHand = onHand - :q, updatedAt = :at'
            : 'SET confirmed = confirmed - :q, freeUnits = freeUnits + :q, updatedAt = :at',
        ConditionExpression: 'confirmed >= :q',
        ExpressionAttributeValues: values,
      },
    };
  }
  return {
    Update: {
      ...base,
      UpdateExpression:
        action === 'confirm'
          ? 'SET holds.#b = holds.#b - :q, confirmed = confirmed + :q, updatedAt = :at'
          : 'SET holds.#b = holds.#b - :q, freeUnits = freeUnits + :q, updatedAt = :at',
      ConditionExpression: 'holds.#b >= :q',
      ExpressionAttributeNames: { '#b': bucket },
      ExpressionAttributeValues: values,
    },
  };
}

export async function listCustomerReservations(deps: Deps, customerId: string, options: { limit: number; cursor?: string }) {
  const page = await pagePrefix(
    deps,
    { partition: keys.customerPartition(customerId), skPrefix: keys.customerReservationPrefix, index: 'GSI1' },
    options,
  );
  const now = deps.clock.now();
  return { items: page.items.map((i) => reservationFromItem(i, now)), nextCursor: page.nextCursor };
}
