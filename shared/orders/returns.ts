// Use case: returns and exchanges of an order, in the store where the customer brings the
// goods (POST /orders/{orderId}/returns). Each line is a stock event through inventory's
// index — a `return` putting the units back into this store's stock, and for an exchange a
// `sale` of the replacement that may not take units that are not free. Each stock event has
// its own id record, so it is applied exactly once.

import { ulid } from 'ulid';
import { deltaItems } from '../inventory/index.ts';
import { type Actor, actorKey, actorRef, assertStoreAccess } from '../platform/actor.ts';
import { idempotent, type RecordResponse } from '../platform/idempotency.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { Tx } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { orderFromItem, readForReturn, returnUpdate } from './repository.ts';
import {
  fullyReturned,
  isExchange,
  linesAfterReturn,
  notHandedOver,
  type ReturnRecord,
  refuseReturn,
  returnLineErrors,
  returnReferenceErrors,
  returnStockEvents,
  returnSummary,
} from './return-rules.ts';
import type { ReturnRequest } from './return-schemas.ts';
import { authorizedUnits } from './rma-rules.ts';
import type { Order } from './schemas.ts';

type ReturnCommand = ReturnRequest & { orderId: string };

/**
 * A return, once per Idempotency-Key of the caller: a retry gets the first answer (never
 * "only 0 can still be returned"); see `recordReturn` for the steps.
 */
export async function returnOrder(
  deps: Deps,
  command: ReturnCommand & { idempotencyKey?: string },
  actor: Actor,
): Promise<{ order: Order; replayed: boolean }> {
  const { idempotencyKey, ...request } = command;
  assertStoreAccess(actor, request.storeId);
  const { response, replayed } = await idempotent<Order>(deps, {
    scope: `return:${actorKey(actor)}`,
    key: idempotencyKey,
    request,
    ownerOf: (answer) => answer.customerId,
    run: (record) => recordReturn(deps, request, actor, record),
  });
  return { order: response, replayed };
}

/**
 * 1. Staff of the store the goods come back to, or an orders integration (e.g. the POS).
 * 2. Read the order, and in one BatchGetItem the store and its lines of the exchange SKUs.
 * 3. Decide: the order is not cancelled or all returned (409), the lines' units were handed
 *    over — sold in store, picked up or delivered (409 not-handed-over) —, they can come back (400),
 *    the store takes returns and carries the exchange SKUs (422).
 * 4. Write ONE transaction: the order (conditioned on being as read; `returned` once every
 *    unit is back), a stock event per line, the timeline entry and the event, the key's
 *    record. An exchange short of free stock is 409 insufficient-stock, naming the SKUs.
 */
async function recordReturn(deps: Deps, command: ReturnCommand, actor: Actor, idempotency: RecordResponse<Order>): Promise<Order> {
  const { orderId, ...request } = command;
  const { storeId } = request;
  const exchanges = request.lines.flatMap((l) => (l.exchangeSku ? [l.exchangeSku] : []));
  const { item, store, carried } = await readForReturn(deps, orderId, storeId, exchanges);
  if (!item) throw fail.notFound('No such order.');
  const order = orderFromItem(item);
  const refusal = refuseReturn(order);
  if (refusal) throw fail.conflict(refusal, 'order-status', { orderStatus: order.status });
  const notYours = notHandedOver(order, request.lines);
  if (notYours.length) {
    throw fail.conflict(
      `Only what the customer received can come back; not handed over yet: ${notYours.join(', ')}. Cancel the order instead.`,
      'not-handed-over',
      { orderStatus: order.status, skus: notYours },
    );
  }
  const lineErrors = returnLineErrors(order, request.lines, authorizedUnits(item.authorizations, deps.clock.now()));
  if (lineErrors.length) throw fail.invalid(lineErrors);
  const refs = returnReferenceErrors(request, store, carried);
  if (refs.length || !store) throw fail.unprocessable(refs);

  const now = deps.clock.now();
  const at = now.toISOString();
  const record: ReturnRecord = { returnId: ulid(now.getTime()), at, storeId, lines: request.lines };
  const lines = linesAfterReturn(order, request);
  const returned = fullyReturned(lines);

  const answer = orderFromItem({
    ...item,
    lines,
    returns: [...(order.returns ?? []), record],
    updatedAt: at,
    ...(returned ? { status: 'returned', returnedAt: at } : {}),
  });
  const tx = new Tx<'order' | 'stock' | 'exchange' | 'record' | 'idempotency'>().add(
    'order',
    returnUpdate(deps, order, lines, record, returned),
  );
  for (const { event, exchange } of returnStockEvents(record)) {
    // An exchange hands units out: only free ones, and its line update names the SKU that fell short.
    const [eventRecord, lineUpdate] = deltaItems(deps, storeId, event, now, { noOversell: exchange });
    tx.add('stock', eventRecord).add(exchange ? 'exchange' : 'stock', lineUpdate);
  }
  tx.add(
    'record',
    timelinePut(deps, order.customerId, {
      type: isExchange(request) ? 'order.exchanged' : 'order.returned',
      summary: returnSummary(order, request, store.name),
      ref: { orderId, storeId, returnId: record.returnId },
    }),
    outboxPut(deps, {
      event: isExchange(request) ? orderEvents.exchanged : orderEvents.returned,
      subject: `order#${orderId}`,
      detail: { orderId, customerId: order.customerId, ...record, by: actorRef(actor) },
    }),
  );
  tx.add('idempotency', idempotency(answer));

  try {
    await tx.write(deps);
  } catch (error) {
    const failed = tx.failed(error);
    if (!failed || failed.has('idempotency')) throw error;
    const short = tx.failedOf(error, 'exchange').map((n) => exchanges[n]!);
    if (short.length) {
      throw fail.conflict(`Not enough free stock at ${storeId} for ${short.join(', ')}.`, 'insufficient-stock', {
        lines: short.map((sku) => ({ sku, requested: request.lines.find((l) => l.exchangeSku === sku)!.quantity })),
      });
    }
    if (failed.has('order')) throw fail.conflict('The order changed meanwhile; reload it and retry the return.', 'order-changed');
    throw fail.busy('Stock at this store changed while recording the return; retry.');
  }
  return answer;
}
