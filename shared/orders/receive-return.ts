// Use case: goods of a return authorization arrive — at a store that takes returns
// (POST /stores/{storeId}/return-authorizations/{rmaId}/receive, its staff) or by courier at a
// warehouse (POST /return-authorizations/{rmaId}/receive, an integration). The stock goes back
// in at that location in the same transaction as the RMA and the order, so the units are
// counted once however many receipts race.

import { ulid } from 'ulid';
import { getWarehouse, locationOf } from '../fulfilment/index.ts';
import { deltaItems } from '../inventory/index.ts';
import { type Actor, actorKey, actorRef, assertStoreAccess } from '../platform/actor.ts';
import { accessAuditPut } from '../platform/audit.ts';
import { idempotent, type RecordResponse } from '../platform/idempotency.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { getStore, takesReturns } from '../stores/index.ts';
import { Tx } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { getOrder } from './repository.ts';
import { fullyReturned, type ReturnRecord } from './return-rules.ts';
import { getRma, revisedOrderUpdate, rmaUpdate } from './rma-repository.ts';
import {
  authorizationsAfter,
  linesAfterReceipt,
  receiptLines,
  receivedSummary,
  refundOf,
  refuseReceipt,
  rmaAfterReceipt,
  rmaView,
} from './rma-rules.ts';
import type { Rma, RmaReceipt } from './rma-schemas.ts';

/** Attempts when the RMA or the order changed between our read and our write. */
const ATTEMPTS = 6;

type Where = { storeId: string } | { warehouseId: string };
type ReceiveCommand = { rmaId: string; at: Where; lines?: Array<{ sku: string; quantity: number }>; idempotencyKey?: string };

/**
 * 1. At a store: its staff (regional and admin: any store); at a warehouse: an integration
 *    (the route checked its scope). Once per Idempotency-Key of the caller.
 * 2. The location: a store that takes returns (404 unknown; 422 naming `storeId` without the
 *    service), or a known warehouse (422 naming `locationId`).
 * 3. Read the RMA (404) and decide: not expired (409 rma-expired), something outstanding (409
 *    already-received), the lines named within what is still expected (422 naming
 *    `lines[i].quantity`); without lines, everything outstanding.
 * 4. Read the order: the units counted back on its lines (409 already-returned if they came
 *    back another way meanwhile), `returned` once everything is back.
 * 5. Write ONE transaction: the RMA (conditioned on its revision), the order (on its
 *    revision), a `return` stock event per line at the location, the timeline entry, the
 *    event, the audit entry, the key's record. Lost a race: read and decide again — the
 *    second of two receipts of the same goods then finds them received (409).
 */
export async function receiveReturn(deps: Deps, command: ReceiveCommand, actor: Actor): Promise<{ rma: Rma; replayed: boolean }> {
  const { idempotencyKey, ...request } = command;
  if ('storeId' in request.at) assertStoreAccess(actor, request.at.storeId, { integrations: false });
  const location = await receivingLocation(deps, request.at);
  const { response, replayed } = await idempotent<Rma>(deps, {
    scope: `rma-receive:${actorKey(actor)}`,
    key: idempotencyKey,
    request,
    ownerOf: (answer) => answer.customerId,
    run: async (record) => {
      for (let attempt = 1; ; attempt++) {
        const received = await tryReceive(deps, request, location, actor, record);
        if (received) return received;
        if (attempt >= ATTEMPTS) throw fail.busy('This return authorization is being received elsewhere right now; retry.');
      }
    },
  });
  return { rma: response, replayed };
}

type Location = { locationId: string; name: string };

async function receivingLocation(deps: Deps, at: Where): Promise<Location> {
  if ('storeId' in at) {
    const store = await getStore(deps, at.storeId);
    if (!store) throw fail.notFound(`No store ${at.storeId}.`);
    if (!takesReturns(store)) throw fail.unprocessable([{ path: 'storeId', message: `Store ${at.storeId} does not take returns.` }]);
    return { locationId: store.storeId, name: store.name };
  }
  const warehouse = await getWarehouse(deps, at.warehouseId);
  if (!warehouse) throw fail.unprocessable([{ path: 'locationId', message: `There is no warehouse ${at.warehouseId}.` }]);
  return { locationId: locationOf(warehouse.warehouseId), name: warehouse.name };
}

async function tryReceive(
  deps: Deps,
  command: Omit<ReceiveCommand, 'idempotencyKey'>,
  location: Location,
  actor: Actor,
  record: RecordResponse<Rma>,
): Promise<Rma | undefined> {
  const rma = await getRma(deps, command.rmaId);
  if (!rma) throw fail.notFound('No such return authorization.');
  const now = deps.clock.now();
  const refusal = refuseReceipt(rma, now);
  if (refusal) throw refusal;
  const lines = receiptLines(rma, command.lines);
  const item = await getOrder(deps, rma.orderId);
  if (!item) throw fail.notFound('The order of this return authorization is gone.');

  const at = now.toISOString();
  const receipt: RmaReceipt = { receiptId: ulid(now.getTime()), at, locationId: location.locationId, lines, refund: refundOf(rma, lines) };
  const after = rmaAfterReceipt(rma, receipt);
  const orderLines = linesAfterReceipt(item, lines);
  const returnRecord: ReturnRecord = {
    returnId: receipt.receiptId,
    at,
    storeId: location.locationId,
    lines,
    rmaId: rma.rmaId,
    refund: receipt.refund,
  };
  const change = {
    set: {
      lines: orderLines,
      returns: [...(item.returns ?? []), returnRecord],
      authorizations: authorizationsAfter(item.authorizations, { rmaId: rma.rmaId, received: lines }, now),
    },
    ...(fullyReturned(orderLines) ? { to: 'returned' as const } : {}),
  };
  const answer = rmaView(after, now);
  const tx = new Tx<'rma' | 'order' | 'stock' | 'record' | 'idempotency'>()
    .add('rma', rmaUpdate(deps, after, rma.revision))
    .add('order', revisedOrderUpdate(deps, item, change, at));
  for (const l of lines) {
    const event = {
      eventId: `rma-${receipt.receiptId}-${l.sku}`,
      sku: l.sku,
      type: 'return' as const,
      quantity: l.quantity,
      occurredAt: at,
    };
    tx.add('stock', ...deltaItems(deps, location.locationId, event, now));
  }
  tx.add(
    'record',
    timelinePut(deps, rma.customerId, {
      type: 'return.received',
      summary: receivedSummary(rma, receipt, location.name),
      ref: { orderId: rma.orderId, rmaId: rma.rmaId, locationId: location.locationId },
    }),
    outboxPut(deps, {
      event: orderEvents.returnReceived,
      subject: `order#${rma.orderId}`,
      detail: {
        rmaId: rma.rmaId,
        code: rma.code,
        orderId: rma.orderId,
        customerId: rma.customerId,
        currency: rma.currency,
        ...receipt,
        status: after.status,
        by: actorRef(actor),
      },
    }),
    await accessAuditPut(deps, actor, { action: 'return.receive', customerId: rma.customerId, ref: rma.rmaId, result: 'done' }),
  );
  tx.add('idempotency', record(answer));
  try {
    await tx.write(deps);
    return answer;
  } catch (error) {
    const failed = tx.failed(error);
    if (!failed || failed.has('idempotency')) throw error;
    if (failed.has('rma') || failed.has('order')) return undefined;
    throw fail.busy('Stock at this location changed while recording the receipt; retry.');
  }
}
