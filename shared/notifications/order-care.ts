// Use cases: the messages of what the contact center did for the customer (their events,
// handed over by the sweep): a pickup extended or moved (the new deadline or store, and the
// pickup reminder set again for the new deadline), a return authorized (its code and what to
// do), a return received (the refund). Each reads the order or store as it is now.

import { getOrderRecord, pickupReminderAt } from '../orders/index.ts';
import type { RecordedEvent } from '../platform/outbox.ts';
import { scheduleTimer } from '../platform/timers.ts';
import type { Deps } from '../runtime/deps.ts';
import { getStore } from '../stores/index.ts';
import { notify } from './deliver.ts';
import type { Sender } from './senders.ts';

export const PICKUP_REMINDER = 'notifications.pickup-reminder';

/** The pickup reminder, reminderHoursBefore the order's deadline (its timer re-set when the deadline moves). */
export async function schedulePickupReminder(
  deps: Deps,
  order: { orderId: string; pickupDeadline?: string; pickupTerms?: { reminderHoursBefore: number } },
) {
  const remindAt = order.pickupDeadline && pickupReminderAt(order.pickupDeadline, order.pickupTerms?.reminderHoursBefore ?? 0);
  if (!remindAt) return;
  await scheduleTimer(deps, {
    timerId: `pickup-reminder#${order.orderId}`,
    action: PICKUP_REMINDER,
    dueAt: remindAt,
    payload: { orderId: order.orderId, deadline: order.pickupDeadline as string },
  });
}

/**
 * A pickup extended or moved:
 * 1. Read the order and its (new) store; still waiting there, or there is nothing to say.
 * 2. Notify the customer: where and until when.
 * 3. The reminder follows the new deadline.
 */
async function pickupChanged(deps: Deps, sender: Sender, event: RecordedEvent) {
  const detail = event.detail as { orderId: string; pickupStoreId: string; readyAt?: string };
  const [order, store] = await Promise.all([getOrderRecord(deps, detail.orderId), getStore(deps, detail.pickupStoreId)]);
  if (!order || !store || order.pickupStoreId !== store.storeId || !['placed', 'ready_for_pickup'].includes(order.status)) return;
  await notify(deps, sender, {
    customerId: order.customerId,
    sourceId: event.eventId,
    kind: event.type as 'order.pickup-extended' | 'order.pickup-moved',
    data: {
      storeName: store.name,
      timeZone: store.timeZone,
      channelOrderId: order.channelOrderId,
      deadline: order.pickupDeadline,
      ...(detail.readyAt ? { start: detail.readyAt } : {}),
    },
    ref: { orderId: order.orderId, storeId: store.storeId },
    notAfter: order.pickupDeadline,
  });
  if (order.status === 'ready_for_pickup') await schedulePickupReminder(deps, order);
}

type ReturnDetail = { rmaId: string; code: string; orderId: string; customerId: string; currency: string; locationId?: string };

/** A return authorized (its code, what to do, until when, the refund) or received (the refund). */
async function returnChanged(deps: Deps, sender: Sender, event: RecordedEvent) {
  const detail = event.detail as ReturnDetail & { method?: 'in_store' | 'courier'; expiresAt?: string; amount?: number; refund?: number };
  const order = await getOrderRecord(deps, detail.orderId);
  if (!order) return;
  const store = order.pickupStoreId ? await getStore(deps, order.pickupStoreId) : undefined;
  await notify(deps, sender, {
    customerId: detail.customerId,
    sourceId: event.eventId,
    kind: event.type as 'order.return-authorized' | 'order.return-received',
    data: {
      timeZone: store?.timeZone ?? 'Europe/Madrid',
      channelOrderId: order.channelOrderId,
      rmaCode: detail.code,
      currency: detail.currency,
      amount: detail.amount ?? detail.refund ?? 0,
      ...(detail.method ? { method: detail.method } : {}),
      ...(detail.expiresAt ? { deadline: detail.expiresAt } : {}),
    },
    ref: { orderId: detail.orderId, rmaId: detail.rmaId },
  });
}

export const orderCareHandlers: Record<string, (deps: Deps, sender: Sender, event: RecordedEvent) => Promise<void>> = {
  'order.pickup-extended': pickupChanged,
  'order.pickup-moved': pickupChanged,
  'order.return-authorized': returnChanged,
  'order.return-received': returnChanged,
};
