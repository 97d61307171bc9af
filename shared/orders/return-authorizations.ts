// Use cases: return authorizations (RMAs) — an agent opens one for the customer
// (POST /orders/{orderId}/return-authorizations), and it is read
// (GET /return-authorizations/{rmaId}), and the customer lists theirs
// (GET /me/return-authorizations). Receiving one is receive-return.ts.

import { ulid } from 'ulid';
import { type Actor, actorRef } from '../platform/actor.ts';
import { accessAuditPut, auditAccess } from '../platform/audit.ts';
import type { RecordResponse } from '../platform/idempotency.ts';
import { outboxPut } from '../platform/outbox.ts';
import type { PageRequest } from '../platform/schemas.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail, isDomainError } from '../runtime/errors.ts';
import type { Page } from '../table/query.ts';
import { Tx } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { actOnOrder, writeOrRefuse } from './pickup-change.ts';
import { getOrder, orderFromItem } from './repository.ts';
import { notHandedOver, refuseReturn } from './return-rules.ts';
import { customerRmas, getRma, revisedOrderUpdate, rmaPut } from './rma-repository.ts';
import { authorizationErrors, authorizationsAfter, authorizedSummary, newRma, rmaView } from './rma-rules.ts';
import type { Rma, RmaRequest } from './rma-schemas.ts';

/** Attempts when the order changed between our read and our write (another RMA, a return). */
const ATTEMPTS = 6;

/**
 * Opens a return authorization.
 * 1. Agents and regional or admin staff (403 otherwise); once per Idempotency-Key.
 * 2. Read the order (404).
 * 3. Decide: not cancelled or all returned (409 order-status); only units the customer
 *    received — picked up, delivered, sold in store (422 not-handed-over naming `lines[i].sku`);
 *    never more than bought − returned − authorized on open RMAs (422 naming
 *    `lines[i].quantity`, or `lines[i].sku` for a SKU not on the order).
 * 4. The RMA: a code, RMA_VALID_DAYS of validity, the units and the refund fixed now at the
 *    order lines' prices.
 * 5. Write ONE transaction: the RMA, the order's open authorizations (conditioned on its
 *    revision: two RMAs racing for the last unit, one is written), the timeline entry, the
 *    event, the audit entry, the key's record. The order changed meanwhile: decide again.
 */
export async function authorizeReturn(
  deps: Deps,
  command: RmaRequest & { orderId: string; idempotencyKey?: string },
  actor: Actor,
): Promise<{ rma: Rma; replayed: boolean }> {
  const { response, replayed } = await actOnOrder<Rma>(deps, 'rma', command, actor, async (record) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await tryAuthorize(deps, command, actor, record);
      } catch (error) {
        if (!isDomainError(error, 'order-changed') || attempt >= ATTEMPTS) throw error;
      }
    }
  });
  return { rma: response, replayed };
}

async function tryAuthorize(
  deps: Deps,
  command: RmaRequest & { orderId: string },
  actor: Actor,
  record: RecordResponse<Rma>,
): Promise<Rma> {
  const { orderId, lines, reason, method } = command;
  const item = await getOrder(deps, orderId);
  if (!item) throw fail.notFound('No such order.');
  const order = orderFromItem(item);
  const refusal = refuseReturn(order);
  if (refusal) throw fail.conflict(refusal, 'order-status', { orderStatus: order.status });
  const notYet = notHandedOver(order, lines);
  if (notYet.length) {
    const fields = lines.flatMap((l, i) =>
      notYet.includes(l.sku) ? [{ path: `lines[${i}].sku`, message: `${l.sku} was not handed over to the customer yet.` }] : [],
    );
    throw fail.unprocessable(fields, 'not-handed-over', { orderStatus: order.status, skus: notYet });
  }
  const now = deps.clock.now();
  const errors = authorizationErrors(order, lines, item.authorizations, now);
  if (errors.length) throw fail.unprocessable(errors, 'validation');

  const rma = newRma({ rmaId: ulid(now.getTime()), order, request: { lines, reason, method }, now, by: actorRef(actor) });
  const answer = rmaView(rma, now);
  const open = { rmaId: rma.rmaId, expiresAt: rma.validUntil, lines: lines.map(({ sku, quantity }) => ({ sku, quantity })) };
  const change = { set: { authorizations: authorizationsAfter(item.authorizations, { add: open }, now) } };
  const tx = new Tx<'order' | 'record' | 'idempotency'>()
    .add('order', revisedOrderUpdate(deps, item, change, now.toISOString()))
    .add(
      'record',
      rmaPut(deps, rma),
      timelinePut(deps, order.customerId, {
        type: 'return.authorized',
        summary: authorizedSummary(rma),
        ref: { orderId, rmaId: rma.rmaId },
      }),
      outboxPut(deps, {
        event: orderEvents.returnAuthorized,
        subject: `order#${orderId}`,
        detail: {
          rmaId: rma.rmaId,
          code: rma.code,
          orderId,
          customerId: order.customerId,
          currency: rma.currency,
          method,
          expiresAt: answer.expiresAt,
          amount: rma.amount,
          lines: open.lines,
          by: rma.by,
        },
      }),
      await accessAuditPut(deps, actor, { action: 'return.authorize', customerId: order.customerId, ref: rma.rmaId, result: 'done' }),
    )
    .add('idempotency', record(answer));
  await writeOrRefuse(deps, tx, orderId);
  return answer;
}

/**
 * One RMA as the caller may see it.
 * 1. Read it. Customers see their own only (anyone else's, or none: 404, so ids cannot be probed).
 * 2. Agents and staff — any associate too: a customer brings the RMA to any store that takes
 *    returns — read it with an audit entry beside the read; orders integrations read it as is.
 */
export async function viewReturnAuthorization(deps: Deps, command: { rmaId: string }, actor: Actor): Promise<Rma> {
  const rma = await getRma(deps, command.rmaId);
  if (actor.kind === 'customer' && rma?.customerId !== actor.customerId) throw fail.notFound('No such return authorization.');
  if (!rma) throw fail.notFound('No such return authorization.');
  if (actor.kind === 'agent' || actor.kind === 'staff') {
    await auditAccess(deps, actor, { action: 'return.view', customerId: rma.customerId, ref: rma.rmaId, result: 'found' });
  }
  return rmaView(rma, deps.clock.now());
}

/** The customer's own return authorizations, newest first (GET /me/return-authorizations, the export). */
export async function listCustomerReturnAuthorizations(deps: Deps, customerId: string, page: PageRequest): Promise<Page<Rma>> {
  const found = await customerRmas(deps, customerId, page);
  const now = deps.clock.now();
  return { items: found.items.map((rma) => rmaView(rma, now)), nextCursor: found.nextCursor };
}
