// Domain: the pickup's clock — the policy in force, the deadline a ready order gets, when a
// pickup may expire. Pure: no I/O, `now` passed in.

import { isoWithOffset, plusLocalDays } from '../runtime/zoned-time.ts';
import type { Order } from './schemas.ts';
import type { PickupPolicy } from './tablet-schemas.ts';

/** The chain's policy for stores that set none. */
export const DEFAULT_PICKUP_POLICY: PickupPolicy = { holdDays: 7, reminderHoursBefore: 24, maxExtensionDays: 7 };

/** The policy in force: the store's own, or the defaults. */
export const policyInForce = (own: PickupPolicy | undefined): PickupPolicy & { custom: boolean } =>
  own
    ? { holdDays: own.holdDays, reminderHoursBefore: own.reminderHoursBefore, maxExtensionDays: own.maxExtensionDays, custom: true }
    : { ...DEFAULT_PICKUP_POLICY, custom: false };

/**
 * The deadline of an order ready at `readyAt`: holdDays later on the store's calendar (the
 * same local time, whatever DST does in between), as an ISO date-time with the store's offset.
 */
export function pickupDeadline(readyAt: Date, policy: PickupPolicy, timeZone: string): string {
  return isoWithOffset(plusLocalDays(timeZone, readyAt.getTime(), policy.holdDays), timeZone, { suppressMilliseconds: true });
}

/** When the reminder goes out: reminderHoursBefore the deadline (none when 0). */
export function pickupReminderAt(deadline: string, reminderHoursBefore: number): string | undefined {
  if (reminderHoursBefore <= 0) return undefined;
  return new Date(Date.parse(deadline) - reminderHoursBefore * 3600_000).toISOString();
}

/**
 * What the expiry timer does with the order as read: expire it (ready and past its deadline),
 * wait (its deadline was moved later), or nothing (handed over, cancelled — the pickup is over).
 */
export function expiryDecision(
  order: Pick<Order, 'status' | 'pickupDeadline'> | undefined,
  now: Date,
): { action: 'expire' } | { action: 'wait'; until: string } | { action: 'none' } {
  if (order?.status !== 'ready_for_pickup' || !order.pickupDeadline) return { action: 'none' };
  if (Date.parse(order.pickupDeadline) > now.getTime()) return { action: 'wait', until: new Date(order.pickupDeadline).toISOString() };
  return { action: 'expire' };
}

/** The expiry timer's id for an order (one per order: becoming ready again re-schedules it). */
export const pickupExpiryTimerId = (orderId: string) => `pickup-expiry#${orderId}`;
export const PICKUP_EXPIRY_ACTION = 'orders.pickup-expiry';
