// Use cases: the contact center changes a pickup for the customer — a later deadline
// (POST /orders/{orderId}/pickup/extend) or another store (POST /orders/{orderId}/pickup/move).
// Each is one transaction: the order (conditioned on its revision as read), the expiry timer
// re-scheduled (a put over the old one: cancelled and rescheduled at once), the stock it moves,
// the customer's timeline entry, the outbox event the notifications module turns into a
// message, the access audit entry and the Idempotency-Key's record.

import { holdForOrder } from '../inventory/index.ts';
import { type Actor, actorKey, actorRef, assertAgentAccess } from '../platform/actor.ts';
import { accessAuditPut } from '../platform/audit.ts';
import { idempotent, type RecordResponse } from '../platform/idempotency.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import { timerPut } from '../platform/timers.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { getStore, pickupReadyAt } from '../stores/index.ts';
import { Tx } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { reservationItems } from './order-stock.ts';
import {
  alreadyAt,
  extendedDeadline,
  extendedSummary,
  extensionErrors,
  linesAfterMove,
  movedSummary,
  moveErrors,
  pickupUnits,
  refuseExtension,
  refuseMove,
} from './pickup-change-rules.ts';
import { readStorePickupPolicy } from './pickup-repository.ts';
import { PICKUP_EXPIRY_ACTION, pickupDeadline, pickupExpiryTimerId, policyInForce } from './pickup-rules.ts';
import { getOrder, type OrderItem, orderFromItem } from './repository.ts';
import { type OrderChange, revisedOrderUpdate } from './rma-repository.ts';
import { orderChanged } from './rules.ts';
import type { Order } from './schemas.ts';

/** Attempts when the new store's stock changed between our read and our write (never short). */
const MOVE_ATTEMPTS = 4;
/**
 * Pickup lines a move takes in its one transaction: each is a line held at the new store and
 * one released at the old (plus about a dozen fixed items), within TransactWriteItems' 100.
 */
const MAX_MOVE_LINES = 40;

type Acted = { order: Order; replayed: boolean };

/** An agent's (or regional / admin staff's) change to an order, once per Idempotency-Key of the caller. */
export async function actOnOrder<T extends { customerId: string }>(
  deps: Deps,
  what: string,
  command: { idempotencyKey?: string } & Record<string, unknown>,
  actor: Actor,
  run: (record: RecordResponse<T>) => Promise<T>,
): Promise<{ response: T; replayed: boolean }> {
  assertAgentAccess(actor);
  const { idempotencyKey, ...request } = command;
  return idempotent<T>(deps, {
    scope: `${what}:${actorKey(actor)}`,
    key: idempotencyKey,
    request,
    ownerOf: (answer) => answer.customerId,
    run,
  });
}

/** The expiry timer at a deadline, re-scheduled over the order's old one (one timer per order). */
const expiryAt = (deps: Deps, orderId: string, deadline: string) =>
  timerPut(deps, {
    timerId: pickupExpiryTimerId(orderId),
    action: PICKUP_EXPIRY_ACTION,
    dueAt: new Date(deadline).toISOString(),
    payload: { orderId },
  });

/**
 * A later pickup deadline.
 * 1. Agents and regional or admin staff (403 otherwise); once per Idempotency-Key.
 * 2. Read the order (404) and its store (its time zone).
 * 3. Decide: ready for pickup (409 otherwise); `until` later than the deadline and within
 *    maxExtensionDays of the original deadline (422 naming `until`).
 * 4. Write ONE transaction: the deadline (the original kept), the expiry timer moved, the
 *    timeline entry, the event, the audit entry, the key's record. A lost race: 409.
 */
export async function extendPickup(deps: Deps, command: { orderId: string; until: string; idempotencyKey?: string }, actor: Actor) {
  const { response, replayed } = await actOnOrder<Order>(deps, 'pickup-extend', command, actor, async (record) => {
    const item = await getOrder(deps, command.orderId);
    if (!item) throw fail.notFound('No such order.');
    const order = orderFromItem(item);
    const refusal = refuseExtension(order);
    if (refusal) throw fail.conflict(refusal, 'order-status', { orderStatus: order.status });
    const store = await getStore(deps, order.pickupStoreId as string);
    const timeZone = store?.timeZone ?? 'UTC';
    const now = deps.clock.now();
    const errors = extensionErrors(order, command.until, timeZone, now);
    if (errors.length) throw fail.unprocessable(errors, 'validation');

    const deadline = extendedDeadline(command.until, timeZone);
    const previous = order.pickupDeadline as string;
    const change = { set: { pickupDeadline: deadline, originalPickupDeadline: order.originalPickupDeadline ?? previous } };
    const answer = answerOf(item, change, now);
    const tx = new Tx<'order' | 'record' | 'idempotency'>()
      .add('order', revisedOrderUpdate(deps, item, change, now.toISOString()))
      .add(
        'record',
        expiryAt(deps, order.orderId, deadline),
        timelinePut(deps, order.customerId, {
          type: 'pickup.extended',
          summary: extendedSummary(order, deadline),
          ref: { orderId: order.orderId, storeId: order.pickupStoreId as string },
        }),
        outboxPut(deps, {
          event: orderEvents.pickupExtended,
          subject: `order#${order.orderId}`,
          detail: {
            orderId: order.orderId,
            customerId: order.customerId,
            pickupStoreId: order.pickupStoreId as string,
            pickupDeadline: deadline,
            previousDeadline: previous,
            by: actorRef(actor),
          },
        }),
        await accessAuditPut(deps, actor, { action: 'pickup.extend', customerId: order.customerId, ref: order.orderId, result: 'done' }),
      )
      .add('idempotency', record(answer));
    await writeOrRefuse(deps, tx, order.orderId);
    return answer;
  });
  return { order: response, replayed } satisfies Acted;
}

/**
 * Collect at another store.
 * 1. Agents and regional or admin staff (403 otherwise); once per Idempotency-Key.
 * 2. Read the order (404): it must still wait at its store, another than the one named
 *    (409: of two moves racing to one store, the loser sees the winner's move).
 * 3. Read the new store with its pickup policy, and the old store: known, offering pickup
 *    (422 naming `storeId`).
 * 4. Hold the pickup units at the new store (inventory's holdForOrder): short of any, 409
 *    insufficient-stock listing what it has of each SKU, nothing written.
 * 5. A ready order gets a new ready time (the new store's lead time in its opening hours) and
 *    a deadline by the new store's policy, its expiry timer moved; a placed one gets them
 *    when the new store marks it ready.
 * 6. Write ONE transaction: the order (store, lines, terms; conditioned on its revision), the
 *    units held at the new store (conditioned on its free units) and released at the old one
 *    (its reservations cancelled), the timer, the timeline entry, the event, the audit entry,
 *    the key's record. The order changed meanwhile (another move): 409. The new store's stock
 *    changed meanwhile: read and decide again.
 */
export async function movePickup(deps: Deps, command: { orderId: string; storeId: string; idempotencyKey?: string }, actor: Actor) {
  const { response, replayed } = await actOnOrder<Order>(deps, 'pickup-move', command, actor, async (record) => {
    for (let attempt = 1; ; attempt++) {
      const moved = await tryMove(deps, command, actor, record);
      if (moved || attempt >= MOVE_ATTEMPTS)
        return moved ?? Promise.reject(fail.busy('Stock at the new store is changing quickly; retry.'));
    }
  });
  return { order: response, replayed } satisfies Acted;
}

async function tryMove(
  deps: Deps,
  command: { orderId: string; storeId: string },
  actor: Actor,
  record: RecordResponse<Order>,
): Promise<Order | undefined> {
  const item = await getOrder(deps, command.orderId);
  if (!item) throw fail.notFound('No such order.');
  const order = orderFromItem(item);
  const refusal = refuseMove(order);
  if (refusal) throw fail.conflict(refusal, 'order-status', { orderStatus: order.status });
  if (alreadyAt(order, command.storeId)) {
    throw fail.conflict(`The pickup is already at ${command.storeId}.`, 'already-at-store', { storeId: command.storeId });
  }
  const [{ store, policy }, from] = await Promise.all([
    readStorePickupPolicy(deps, command.storeId),
    getStore(deps, order.pickupStoreId as string),
  ]);
  const errors = moveErrors(command.storeId, store);
  if (errors.length || !store) throw fail.unprocessable(errors);

  const units = pickupUnits(order);
  if (units.length > MAX_MOVE_LINES) {
    throw fail.refused(`A pickup of more than ${MAX_MOVE_LINES} lines cannot move at once; cancel and reorder instead.`, 'too-many-lines');
  }
  const now = deps.clock.now();
  const hold = await holdForOrder(deps, { store, customerId: order.customerId, orderId: order.orderId, lines: units });
  if (hold.short) {
    throw fail.conflict(`Store ${store.storeId} cannot hold this pickup: not enough stock.`, 'insufficient-stock', {
      storeId: store.storeId,
      available: hold.available,
    });
  }
  const { custom: _custom, ...terms } = policyInForce(policy);
  const readyAt = order.status === 'ready_for_pickup' ? (pickupReadyAt(store, now) ?? now) : undefined;
  const deadline = readyAt && pickupDeadline(readyAt, terms, store.timeZone);
  const change: OrderChange = {
    set: {
      pickupStoreId: store.storeId,
      lines: linesAfterMove(order, store.storeId, hold.reservation.reservationId),
      ...(readyAt && deadline ? { readyAt: readyAt.toISOString(), pickupDeadline: deadline, pickupTerms: terms } : {}),
    },
    remove: ['originalPickupDeadline'],
  };
  const answer = answerOf(item, change, now);
  const tx = new Tx<'order' | 'hold' | 'release' | 'record' | 'idempotency'>()
    .add('order', revisedOrderUpdate(deps, item, change, now.toISOString()))
    .add('hold', ...hold.lineItems)
    .add('release', ...(await reservationItems(deps, order, 'cancel', now)))
    .add(
      'record',
      ...hold.recordItems,
      deadline ? expiryAt(deps, order.orderId, deadline) : undefined,
      timelinePut(deps, order.customerId, {
        type: 'pickup.moved',
        summary: movedSummary(order, from?.name ?? (order.pickupStoreId as string), store.name),
        ref: { orderId: order.orderId, storeId: store.storeId, fromStoreId: order.pickupStoreId as string },
      }),
      outboxPut(deps, {
        event: orderEvents.pickupMoved,
        subject: `order#${order.orderId}`,
        detail: {
          orderId: order.orderId,
          customerId: order.customerId,
          fromStoreId: order.pickupStoreId as string,
          pickupStoreId: store.storeId,
          ...(readyAt ? { readyAt: readyAt.toISOString() } : {}),
          ...(deadline ? { pickupDeadline: deadline } : {}),
          by: actorRef(actor),
        },
      }),
      await accessAuditPut(deps, actor, { action: 'pickup.move', customerId: order.customerId, ref: order.orderId, result: 'done' }),
    )
    .add('idempotency', record(answer));
  try {
    await writeOrRefuse(deps, tx, order.orderId);
    return answer;
  } catch (error) {
    const failed = tx.failed(error);
    if (!failed || failed.has('idempotency')) throw error;
    // The new store's stock, or an old reservation, changed under us: decide again from what is there now.
    return undefined;
  }
}

/** The order as answered after a change (the item as read, changed). */
function answerOf(item: OrderItem, change: OrderChange, now: Date): Order {
  const changed: Record<string, unknown> = { ...item, ...change.set, updatedAt: now.toISOString() };
  for (const name of change.remove ?? []) delete changed[name];
  return orderFromItem(changed as OrderItem);
}

/** Writes a change; the order's condition lost (changed or moved meanwhile) is 409 with what it is now. */
export async function writeOrRefuse(deps: Deps, tx: Tx<string>, orderId: string): Promise<void> {
  try {
    await tx.write(deps);
  } catch (error) {
    const failed = tx.failed(error);
    if (failed?.has('order') && !failed.has('idempotency')) throw orderChanged(await getOrder(deps, orderId));
    throw error;
  }
}
