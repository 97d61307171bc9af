// Use cases: a reservation's transitions. Confirm moves the held units to `confirmed` (they no
// longer expire); cancel gives them back to `freeUnits`; the pickup handover (orders) fulfils
// them. Each is one transaction over the reservation and its lines; the state machine is in
// reservation-rules.ts.

import type { Actor } from '../platform/actor.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { failedConditions, type TransactItem, transactWrite } from '../table/transact.ts';
import { reservationEvents } from './events.ts';
import { reachableReservation } from './reservation-queries.ts';
import { getReservationItem, reservationFromItem, reservationTransitionUpdate } from './reservation-repository.ts';
import { holdLapsed, lineMove, requestedTransition, type Transition, transitions, whyRefused } from './reservation-rules.ts';
import type { Reservation, ReservationRecord } from './reservation-schemas.ts';
import { lineMoveUpdate } from './stock-repository.ts';

/** Attempts when the transaction was refused because the reservation or a line moved. */
const ATTEMPTS = 8;

/**
 * A confirm or cancel asked for by its customer, staff of its store or an integration.
 * 1. Read the reservation this actor may reach (anyone else: not found).
 * 2. Move it (transition).
 */
export async function changeReservation(
  deps: Deps,
  command: { reservationId: string; action: 'confirm' | 'cancel' },
  actor: Actor,
): Promise<Reservation> {
  const record = await reachableReservation(deps, actor, command.reservationId);
  return transition(deps, record, command.action);
}

/**
 * Confirms or cancels a reservation as read (orders cancels a hold it did not keep with this).
 * 1. Decide from the stored status: answer the reservation as it is (it already happened),
 *    go ahead, or refuse (cancelled, expired, belongs to an order).
 * 2. Write one transaction (transitionItems), conditioned on the status read.
 * 3. Refused: read the reservation again. It moved: decide again. It is as read and held: a
 *    line refused because the hold's bucket was already released as expired (by a writer whose
 *    clock is a little ahead) — the hold is gone, whatever our clock says. Otherwise give up.
 */
export async function transition(deps: Deps, record: ReservationRecord, action: 'confirm' | 'cancel'): Promise<Reservation> {
  let holdGone = false;
  for (let attempt = 1; ; attempt++) {
    const now = deps.clock.now();
    if (requestedTransition(record, action, holdLapsed(record, now, holdGone)) === 'as-is') return reservationFromItem(record, now);
    try {
      await transactWrite(deps, transitionItems(deps, record, action, now, { holdGone }));
      const { next, stamp } = transitions[action];
      return reservationFromItem({ ...record, status: next, [stamp]: now.toISOString() }, now);
    } catch (error) {
      if (!failedConditions(error) || attempt >= ATTEMPTS) throw error;
      const fresh = await getReservationItem(deps, record.reservationId);
      if (!fresh) throw fail.notFound('No such reservation.');
      const why = whyRefused(record.status, fresh.status);
      if (why === 'line-refused') throw error;
      if (why === 'hold-gone') holdGone = true;
      record = fresh;
    }
  }
}

/**
 * The writes of a transition — the reservation (conditioned on the status read), its lines,
 * its outbox event and timeline entry — for transition() above and for orders, which writes
 * them inside its own transactions: it confirms a reservation when an order takes it over
 * (`orderId` links it, once), cancels it with the order and fulfils it at the pickup handover.
 * Refused (a conflict) where the state machine does not allow the transition.
 */
export function transitionItems(
  deps: Deps,
  record: ReservationRecord,
  action: Transition,
  now: Date,
  options: { holdGone?: boolean; orderId?: string } = {},
): TransactItem[] {
  const move = lineMove(record.status, action, holdLapsed(record, now, options.holdGone));
  const { reservationId, storeId, lines, customerId } = record;
  const { event, summary } = transitions[action];
  const { orderId } = options;
  const at = now.toISOString();
  return [
    reservationTransitionUpdate(deps, record, action, at, orderId),
    ...(move ? lines.map((line) => lineMoveUpdate(deps, storeId, line, move, record.holdBucket, at)) : []),
    outboxPut(deps, {
      event: reservationEvents[event],
      subject: `reservation#${reservationId}`,
      detail: { reservationId, storeId, lines, ...(orderId ? { orderId } : {}) },
    }),
    ...(customerId
      ? [timelinePut(deps, customerId, { type: reservationEvents[event].name, summary, ref: { reservationId, storeId } })]
      : []),
  ];
}
