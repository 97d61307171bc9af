// Domain: changing a pickup for the customer — how far its deadline may be extended, and
// whether (and how) it may move to another store. Pure: no I/O, `now` passed in.

import type { FieldError } from '../runtime/errors.ts';
import { isoWithOffset, plusLocalDays } from '../runtime/zoned-time.ts';
import { offersPickup, type Store } from '../stores/index.ts';
import { DEFAULT_PICKUP_POLICY } from './pickup-rules.ts';
import { isWaiting, statusWords } from './rules.ts';
import type { Order, OrderLine } from './schemas.ts';

type Extendable = Pick<Order, 'status' | 'pickupDeadline' | 'originalPickupDeadline' | 'pickupTerms'>;

/** Why a pickup's deadline cannot be extended at all (409), or undefined: it must be ready and waiting. */
export function refuseExtension(order: Pick<Order, 'status' | 'pickupStoreId' | 'pickupDeadline'>): string | undefined {
  if (!order.pickupStoreId) return 'This order has nothing to pick up.';
  if (order.status === 'placed') return 'This pickup is not ready yet: it gets its deadline when the store marks it ready.';
  if (order.status !== 'ready_for_pickup' || !order.pickupDeadline)
    return `This order is ${statusWords(order.status)}; its pickup is over.`;
  return undefined;
}

/**
 * The latest deadline an extension may set: maxExtensionDays (of the terms the order was
 * given when it became ready) after its ORIGINAL deadline, on the store's calendar (the same
 * local time, whatever DST does). Counting from the original deadline, not the current one,
 * keeps a chain of extensions within the policy.
 */
export function latestExtension(order: Extendable, timeZone: string): string {
  const original = order.originalPickupDeadline ?? (order.pickupDeadline as string);
  const days = (order.pickupTerms ?? DEFAULT_PICKUP_POLICY).maxExtensionDays;
  return isoWithOffset(plusLocalDays(timeZone, Date.parse(original), days), timeZone, { suppressMilliseconds: true });
}

/** What is wrong with `until` (naming it): not later than the current deadline (nor now), or beyond the latest extension. */
export function extensionErrors(order: Extendable, until: string, timeZone: string, now: Date): FieldError[] {
  const at = Date.parse(until);
  const current = order.pickupDeadline as string;
  if (at <= Date.parse(current)) return [{ path: 'until', message: `Must be later than the current deadline, ${current}.` }];
  if (at <= now.getTime()) return [{ path: 'until', message: 'Must be in the future.' }];
  const latest = latestExtension(order, timeZone);
  if (at > Date.parse(latest)) {
    const days = (order.pickupTerms ?? DEFAULT_PICKUP_POLICY).maxExtensionDays;
    return [
      {
        path: 'until',
        message: `The store extends a pickup by at most ${days} days after its original deadline: ${latest} at the latest.`,
      },
    ];
  }
  return [];
}

/** The new deadline as stored: `until` written in the store's time zone. */
export const extendedDeadline = (until: string, timeZone: string) =>
  isoWithOffset(Date.parse(until), timeZone, { suppressMilliseconds: true });

/** Why a pickup cannot move at all (409), or undefined: it must still wait at its store (placed or ready). */
export function refuseMove(order: Pick<Order, 'status' | 'pickupStoreId'>): string | undefined {
  if (!order.pickupStoreId) return 'This order has nothing to pick up.';
  if (!isWaiting(order.status)) return `This order is ${statusWords(order.status)}; its pickup is over.`;
  return undefined;
}

/**
 * Whether the pickup is already at that store: a conflict with the order's state (409), not a
 * bad field — it is what the loser of two racing moves to one store sees, after the winner.
 */
export const alreadyAt = (order: Pick<Order, 'pickupStoreId'>, storeId: string) => order.pickupStoreId === storeId;

/** What is wrong with the store to move to (naming `storeId`): unknown, or without pickup. */
export function moveErrors(storeId: string, store: Store | undefined): FieldError[] {
  if (!store) return [{ path: 'storeId', message: `There is no store ${storeId}.` }];
  if (!offersPickup(store)) return [{ path: 'storeId', message: `Store ${storeId} does not offer pickup.` }];
  return [];
}

/** The units a move takes along: the order's pickup lines (SKU and quantity). */
export const pickupUnits = (order: Pick<Order, 'lines'>) =>
  order.lines.filter((l) => l.fulfilment === 'pickup').map(({ sku, quantity }) => ({ sku, quantity }));

/** The order's lines after a move: its pickup lines at the new store, held by the new reservation. */
export const linesAfterMove = (order: Pick<Order, 'lines'>, storeId: string, reservationId: string): OrderLine[] =>
  order.lines.map((l) => (l.fulfilment === 'pickup' ? { ...l, storeId, reservationId } : l));

/** The timeline's words for a change of pickup. */
export const extendedSummary = (order: Pick<Order, 'channelOrderId'>, deadline: string) =>
  `Pickup of order ${order.channelOrderId} extended until ${deadline}`;
export const movedSummary = (order: Pick<Order, 'channelOrderId'>, fromName: string, toName: string) =>
  `Pickup of order ${order.channelOrderId} moved from ${fromName} to ${toName}`;
