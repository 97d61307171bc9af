// Rules: a reservation's life — who it is for and who may see it, what it looks like at an
// instant, which transition is allowed from which stored status, and what each one does to
// the units on its lines. Pure.

import type { Actor } from '../platform/actor.ts';
import { fail } from '../runtime/errors.ts';
import { pickupReadyAt, type Store } from '../stores/index.ts';
import type { Reservation, ReservationRecord, ReservationStatus } from './reservation-schemas.ts';
import { bucketOf, holdUntil } from './stock-rules.ts';

// ── who ───────────────────────────────────────────────────────────────────────────────

/** Who a new reservation is for: a customer reserves for themselves; an integration may name one. */
export function reservationOwner(actor: Actor, requested: string | undefined): string | undefined {
  if (actor.kind !== 'customer') return requested;
  if (requested !== undefined && requested !== actor.customerId) throw fail.forbidden('A customer can only reserve for themselves.');
  return actor.customerId;
}

/**
 * Whether the actor may know a reservation exists: its own customer, staff and integrations
 * (staff then only of its store: assertStoreAccess). Anyone else is told it is not there, so
 * reservation ids cannot be probed.
 */
export function mayLookUp(actor: Actor, reservation: Pick<Reservation, 'customerId'>): boolean {
  if (actor.kind === 'customer') return reservation.customerId === actor.customerId;
  return actor.kind === 'staff' || actor.kind === 'integration';
}

// ── what ──────────────────────────────────────────────────────────────────────────────

/** A new hold of `lines` at `store`, its expiry rounded up to the minute (its bucket on the lines). */
export function newReservation(input: {
  reservationId: string;
  store: Store;
  customerId: string | undefined;
  lines: Array<{ sku: string; quantity: number }>;
  holdMinutes: number;
  now: Date;
}): ReservationRecord {
  const { store, customerId, now } = input;
  const until = holdUntil(now, input.holdMinutes);
  return {
    reservationId: input.reservationId,
    storeId: store.storeId,
    ...(customerId ? { customerId } : {}),
    status: 'held',
    lines: input.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    createdAt: now.toISOString(),
    holdUntil: until.toISOString(),
    pickupReadyAt: pickupReadyAt(store, now)?.toISOString() ?? null,
    holdBucket: bucketOf(until),
  };
}

/** The timeline's line for a new hold. */
export function heldSummary(reservation: Pick<Reservation, 'lines'>, storeName: string): string {
  const units = reservation.lines.reduce((n, l) => n + l.quantity, 0);
  return `${units} item${units === 1 ? '' : 's'} reserved for pickup at ${storeName}`;
}

/** A hold past its time reads as expired (its units are available again before anyone writes). */
export const statusAt = (r: Pick<Reservation, 'status' | 'holdUntil'>, now: Date): ReservationStatus =>
  r.status === 'held' && new Date(r.holdUntil) <= now ? 'expired' : r.status;

/** A stored reservation as clients see it at `now`. */
export function reservationAt({ holdBucket: _bucket, ...r }: ReservationRecord, now: Date): Reservation {
  return { ...r, pickupReadyAt: r.pickupReadyAt ?? null, status: statusAt(r, now) };
}

/**
 * Whether a held reservation's units are no longer held: its time has passed, or a line showed
 * its bucket already released as expired (`holdGone`: by a writer whose clock is a little ahead).
 */
export const holdLapsed = (r: Pick<Reservation, 'status' | 'holdUntil'>, now: Date, holdGone = false): boolean =>
  r.status === 'held' && (holdGone || statusAt(r, now) === 'expired');

// ── transitions ───────────────────────────────────────────────────────────────────────

export type Transition = 'confirm' | 'cancel' | 'fulfil';

/** Each transition: the status it leads to, the time it stamps, its event and timeline words. */
export const transitions = {
  /** A confirmed reservation no longer expires: its record loses its TTL too. */
  confirm: { next: 'confirmed', stamp: 'confirmedAt', event: 'confirmed', summary: 'Reservation confirmed for pickup', keepRecord: true },
  cancel: { next: 'cancelled', stamp: 'cancelledAt', event: 'cancelled', summary: 'Reservation cancelled', keepRecord: false },
  fulfil: { next: 'fulfilled', stamp: 'fulfilledAt', event: 'fulfilled', summary: 'Reservation picked up', keepRecord: false },
} as const;

/**
 * A confirm or cancel asked for directly (not by an order): 'as-is' when it already happened
 * (the reservation is answered as it is), 'write' when it goes ahead. A reservation an order
 * took over moves only with its order.
 */
export function requestedTransition(
  r: Pick<Reservation, 'status' | 'orderId'>,
  action: 'confirm' | 'cancel',
  lapsed: boolean,
): 'as-is' | 'write' {
  if (action === 'confirm') {
    if (r.status === 'confirmed' || r.status === 'fulfilled') return 'as-is';
    if (r.status === 'cancelled') throw fail.conflict('This reservation was cancelled.', 'reservation-cancelled');
    if (lapsed) throw expired();
    return 'write';
  }
  if (r.status === 'cancelled') return 'as-is';
  if (r.orderId) throw fail.conflict(`This reservation belongs to order ${r.orderId}: cancel the order instead.`, 'reservation-of-order');
  return 'write';
}

const expired = () => fail.conflict("This reservation's hold has expired; reserve again.", 'reservation-expired');

/** How a transition moves a reservation's units on each of its lines. */
export type LineMove = 'hold-to-confirmed' | 'hold-to-free' | 'confirmed-to-free' | 'confirmed-out' | 'free-to-confirmed';

/**
 * The units' side of the state machine, by where they are: a live hold, a lapsed hold (its
 * units are already free, or will be when its bucket is released, so cancelling touches no
 * line), or confirmed (an order taking over a confirmed reservation leaves them confirmed).
 * 'none': the transition touches no line; a missing entry: the transition is not allowed.
 */
const lineMoves: Record<'held' | 'lapsed' | 'confirmed', Partial<Record<Transition, LineMove | 'none'>>> = {
  held: { confirm: 'hold-to-confirmed', cancel: 'hold-to-free' },
  lapsed: { cancel: 'none' },
  confirmed: { confirm: 'none', cancel: 'confirmed-to-free', fulfil: 'confirmed-out' },
};

/** What a transition from the stored status does to the lines (undefined: nothing); refused where not allowed. */
export function lineMove(stored: ReservationStatus, action: Transition, lapsed: boolean): LineMove | undefined {
  const from = stored === 'held' ? (lapsed ? 'lapsed' : 'held') : stored === 'confirmed' ? 'confirmed' : undefined;
  const move = from && lineMoves[from][action];
  if (move) return move === 'none' ? undefined : move;
  if (from === 'lapsed') throw expired();
  throw fail.conflict(`This reservation is ${stored}; it cannot be ${transitions[action].next}.`, 'reservation-not-active');
}

/**
 * A transition's transaction was refused; the reservation read again tells why: it 'moved'
 * (someone else changed it: decide again), or it is as it was and a line refused — for a hold,
 * because its bucket was already released ('hold-gone': retry as lapsed); otherwise the line
 * no longer has the units ('line-refused': give up).
 */
export function whyRefused(before: ReservationStatus, after: ReservationStatus): 'moved' | 'hold-gone' | 'line-refused' {
  if (after !== before) return 'moved';
  return before === 'held' ? 'hold-gone' : 'line-refused';
}
