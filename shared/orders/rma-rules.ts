// Domain: return authorizations (RMAs) — what may be authorized, what an RMA fixes at
// creation, what a receipt may take and what it does to the RMA and the order. Pure: no I/O,
// `now` passed in. Field paths name the command's fields.
//
// What may still come back of an order line = bought − returned − authorized on open RMAs.
// The order keeps each open RMA's outstanding units (`authorizations`), so that sum and the
// order's revision are one item a DynamoDB condition guards: two RMAs racing for the last
// unit cannot both be written. An RMA is open until everything is received or it expires;
// an expired RMA's units count as returnable again without anyone writing (filtered by time).

import type { ActorRef } from '../platform/actor.ts';
import { type DomainError, type FieldError, fail } from '../runtime/errors.ts';
import type { Rma, RmaReceipt, RmaRequest, RmaStatus } from './rma-schemas.ts';
import type { Order, OrderLine } from './schemas.ts';

/** How long a return authorization stays valid: the chain's returns policy (one constant). */
export const RMA_VALID_DAYS = 30;

type Line = { sku: string; quantity: number };
/** An open RMA as the order keeps it: its outstanding units per SKU and when it expires. */
export type OpenAuthorization = { rmaId: string; expiresAt: string; lines: Line[] };
/**
 * An RMA as stored: its status as written (`expired` is read off the time), its expiry as
 * `validUntil` (the table's `expiresAt` is the TTL attribute), who opened it, its revision.
 */
export type RmaRecord = Omit<Rma, 'status' | 'expiresAt'> & {
  status: Exclude<RmaStatus, 'expired'>;
  validUntil: string;
  by: ActorRef;
  revision: number;
};

const isOpen = (a: Pick<OpenAuthorization, 'expiresAt'>, now: Date) => Date.parse(a.expiresAt) > now.getTime();

/** Units authorized on open RMAs, per SKU (expired ones no longer count). */
export function authorizedUnits(authorizations: OpenAuthorization[] | undefined, now: Date): Map<string, number> {
  const units = new Map<string, number>();
  for (const a of authorizations ?? []) {
    if (!isOpen(a, now)) continue;
    for (const l of a.lines) units.set(l.sku, (units.get(l.sku) ?? 0) + l.quantity);
  }
  return units;
}

/** What may still be returned of a line: bought − returned − authorized on open RMAs (never below 0). */
export const returnableUnits = (line: Pick<OrderLine, 'quantity' | 'returnedQuantity'>, authorized: number) =>
  Math.max(0, line.quantity - line.returnedQuantity - authorized);

/** Field errors of an RMA's lines: a SKU not on the order, more than may still come back. */
export function authorizationErrors(
  order: Pick<Order, 'lines'>,
  lines: Line[],
  authorizations: OpenAuthorization[] | undefined,
  now: Date,
): FieldError[] {
  const bySku = new Map(order.lines.map((l) => [l.sku, l]));
  const authorized = authorizedUnits(authorizations, now);
  return lines.flatMap((line, i): FieldError[] => {
    const bought = bySku.get(line.sku);
    if (!bought) return [{ path: `lines[${i}].sku`, message: `${line.sku} is not on this order.` }];
    const left = returnableUnits(bought, authorized.get(line.sku) ?? 0);
    if (line.quantity > left) {
      const open = authorized.get(line.sku) ?? 0;
      const why = open ? ` (${open} already authorized on open return authorizations)` : '';
      return [{ path: `lines[${i}].quantity`, message: `Only ${left} of ${line.sku} can still be returned${why}.` }];
    }
    return [];
  });
}

/** A human code for an RMA, from the random part of its id: "RMA-7KQ2-M9XD". */
export const rmaCode = (rmaId: string) => `RMA-${rmaId.slice(-8, -4)}-${rmaId.slice(-4)}`;

/** The RMA's expiry: RMA_VALID_DAYS after it was opened. */
export const rmaExpiry = (now: Date) => new Date(now.getTime() + RMA_VALID_DAYS * 24 * 3600_000).toISOString();

/** A new RMA: units and unit prices fixed now from the order's lines, the refund their sum. */
export function newRma(input: { rmaId: string; order: Order; request: RmaRequest; now: Date; by: ActorRef }): RmaRecord {
  const { rmaId, order, request, now } = input;
  const at = now.toISOString();
  const lines = request.lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    price: order.lines.find((o) => o.sku === l.sku)!.price,
    receivedQuantity: 0,
  }));
  return {
    rmaId,
    code: rmaCode(rmaId),
    orderId: order.orderId,
    channelOrderId: order.channelOrderId,
    customerId: order.customerId,
    status: 'authorized',
    method: request.method,
    reason: request.reason,
    currency: order.currency,
    lines,
    amount: lines.reduce((n, l) => n + l.quantity * l.price, 0),
    refundedAmount: 0,
    receipts: [],
    createdAt: at,
    validUntil: rmaExpiry(now),
    updatedAt: at,
    by: input.by,
    revision: 0,
  };
}

/** The order's open RMAs after one is added or received: expired and fully received ones dropped. */
export function authorizationsAfter(
  authorizations: OpenAuthorization[] | undefined,
  change: { add: OpenAuthorization } | { rmaId: string; received: Line[] },
  now: Date,
): OpenAuthorization[] {
  const list = [...(authorizations ?? []), ...('add' in change ? [change.add] : [])].map((a) => {
    if ('add' in change || a.rmaId !== change.rmaId) return a;
    const got = new Map(change.received.map((l) => [l.sku, l.quantity]));
    return { ...a, lines: a.lines.map((l) => ({ ...l, quantity: l.quantity - (got.get(l.sku) ?? 0) })) };
  });
  return list.map((a) => ({ ...a, lines: a.lines.filter((l) => l.quantity > 0) })).filter((a) => a.lines.length > 0 && isOpen(a, now));
}

/** The status an RMA shows at `now`: expired once past its expiry with units still outstanding. */
export function rmaStatusAt(rma: Pick<RmaRecord, 'status' | 'validUntil'>, now: Date): RmaStatus {
  if (rma.status !== 'received' && Date.parse(rma.validUntil) <= now.getTime()) return 'expired';
  return rma.status;
}

/** Why nothing can be received on this RMA (409), or undefined. */
export function refuseReceipt(rma: Pick<RmaRecord, 'status' | 'validUntil' | 'code'>, now: Date): DomainError | undefined {
  if (rma.status === 'received') return fail.conflict(`Everything on ${rma.code} was already received.`, 'already-received');
  if (rmaStatusAt(rma, now) === 'expired') {
    return fail.conflict(`Return authorization ${rma.code} expired at ${rma.validUntil}.`, 'rma-expired', { expiresAt: rma.validUntil });
  }
  return undefined;
}

/**
 * What a receipt takes: the lines named (each on the RMA, not more than still outstanding), or
 * without lines everything outstanding. Lines that are all already received: 409
 * already-received; more than outstanding: 422 naming `lines[i].quantity`.
 */
export function receiptLines(rma: Pick<RmaRecord, 'lines' | 'code'>, requested: Line[] | undefined): Line[] {
  const outstanding = new Map(rma.lines.map((l) => [l.sku, l.quantity - l.receivedQuantity]));
  if (!requested)
    return rma.lines.flatMap((l) => (l.quantity > l.receivedQuantity ? [{ sku: l.sku, quantity: l.quantity - l.receivedQuantity }] : []));
  const errors = requested.flatMap((line, i): FieldError[] => {
    const left = outstanding.get(line.sku);
    if (left === undefined) return [{ path: `lines[${i}].sku`, message: `${line.sku} is not on ${rma.code}.` }];
    if (left > 0 && line.quantity > left)
      return [{ path: `lines[${i}].quantity`, message: `Only ${left} of ${line.sku} are still expected.` }];
    return [];
  });
  if (errors.length) throw fail.unprocessable(errors, 'validation');
  const done = requested.filter((l) => outstanding.get(l.sku) === 0).map((l) => l.sku);
  if (done.length) throw fail.conflict(`Already received on ${rma.code}: ${done.join(', ')}.`, 'already-received', { skus: done });
  return requested;
}

/** The refund of received lines at the RMA's fixed prices. */
export const refundOf = (rma: Pick<RmaRecord, 'lines'>, lines: Line[]) =>
  lines.reduce((n, l) => n + l.quantity * (rma.lines.find((r) => r.sku === l.sku)?.price ?? 0), 0);

/** The RMA after a receipt: received units counted, the refund added, `received` once nothing is outstanding. */
export function rmaAfterReceipt(rma: RmaRecord, receipt: RmaReceipt): RmaRecord {
  const got = new Map(receipt.lines.map((l) => [l.sku, l.quantity]));
  const lines = rma.lines.map((l) => ({ ...l, receivedQuantity: l.receivedQuantity + (got.get(l.sku) ?? 0) }));
  const complete = lines.every((l) => l.receivedQuantity >= l.quantity);
  return {
    ...rma,
    lines,
    status: complete ? 'received' : 'partially_received',
    refundedAmount: rma.refundedAmount + receipt.refund,
    receipts: [...rma.receipts, receipt],
    updatedAt: receipt.at,
    revision: rma.revision + 1,
  };
}

/**
 * The order's lines after a receipt: the units counted back. A line that would come back
 * beyond what was bought (its units were returned another way meanwhile) is a conflict.
 */
export function linesAfterReceipt(order: Pick<Order, 'lines'>, received: Line[]): OrderLine[] {
  const got = new Map(received.map((l) => [l.sku, l.quantity]));
  const over = order.lines.filter((l) => l.returnedQuantity + (got.get(l.sku) ?? 0) > l.quantity).map((l) => l.sku);
  if (over.length) {
    throw fail.conflict(`More of ${over.join(', ')} would come back than was bought.`, 'already-returned', { skus: over });
  }
  return order.lines.map((l) => (got.has(l.sku) ? { ...l, returnedQuantity: l.returnedQuantity + got.get(l.sku)! } : l));
}

/** The RMA as answered: the stored record at `now`. */
export function rmaView({ by: _by, revision: _revision, validUntil, ...rma }: RmaRecord, now: Date): Rma {
  return { ...rma, expiresAt: validUntil, status: rmaStatusAt({ status: rma.status, validUntil }, now) };
}

/** The timeline's words. */
export const authorizedSummary = (rma: Pick<RmaRecord, 'code' | 'channelOrderId' | 'lines' | 'method'>) => {
  const n = rma.lines.reduce((s, l) => s + l.quantity, 0);
  return `Return ${rma.code} authorized: ${n} item${n === 1 ? '' : 's'} of order ${rma.channelOrderId} (${rma.method === 'courier' ? 'by courier' : 'in store'})`;
};
export const receivedSummary = (rma: Pick<RmaRecord, 'code'>, receipt: Pick<RmaReceipt, 'lines' | 'locationId'>, where: string) => {
  const n = receipt.lines.reduce((s, l) => s + l.quantity, 0);
  return `Return ${rma.code}: ${n} item${n === 1 ? '' : 's'} received at ${where}`;
};
