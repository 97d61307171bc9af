// Use cases: what the notifications module does with the domain events and timers the sweep
// hands it (platform/timers.ts) — the same code locally and in AWS. Events: an order placed by
// an associate in a store (what comes and when), order ready (the
// message with the pickup code, and the reminder's timer), order expired, appointment booked /
// rescheduled / cancelled (messages, and the reminders' timers set, moved or dropped), and what
// the contact center did for the customer (order-care.ts). Timers:
// the pickup reminder, the appointment reminders, a message's (re)send.

import { getAppointment } from '../appointments/index.ts';
import { expirePickup, getOrderRecord, PICKUP_EXPIRY_ACTION } from '../orders/index.ts';
import type { RecordedEvent } from '../platform/outbox.ts';
import { cancelTimer, type DueHandlers, scheduleTimer, type TimerRecord } from '../platform/timers.ts';
import type { Deps } from '../runtime/deps.ts';
import { getStore } from '../stores/index.ts';
import { deliverMessage, notify, SEND_ACTION } from './deliver.ts';
import { orderCareHandlers, PICKUP_REMINDER, schedulePickupReminder } from './order-care.ts';
import { appointmentReminders } from './rules.ts';
import type { Sender } from './senders.ts';

const APPOINTMENT_REMINDER = 'notifications.appointment-reminder';
const reminderIds = (appointmentId: string) => ['24h', '2h'].map((which) => `appointment-reminder-${which}#${appointmentId}`);

type OrderDetail = { orderId: string; customerId: string; pickupStoreId?: string; pickupDeadline?: string; reminderHoursBefore?: number };
type AppointmentDetail = { appointmentId: string; storeId: string; customerId?: string; start: string };

/**
 * Order ready for pickup:
 * 1. Read the order (with its pickup code) and its store; still ready, or there is nothing to say.
 * 2. Notify the customer, the code included (their way to receive it).
 * 3. Schedule the reminder reminderHoursBefore the deadline.
 */
async function orderReady(deps: Deps, sender: Sender, event: RecordedEvent) {
  const detail = event.detail as OrderDetail;
  const [order, store] = await Promise.all([getOrderRecord(deps, detail.orderId), getStore(deps, detail.pickupStoreId ?? '')]);
  if (order?.status !== 'ready_for_pickup' || !store) return;
  await notify(deps, sender, {
    customerId: order.customerId,
    sourceId: event.eventId,
    kind: 'order.ready-for-pickup',
    data: {
      storeName: store.name,
      timeZone: store.timeZone,
      channelOrderId: order.channelOrderId,
      deadline: order.pickupDeadline,
      code: order.pickupCode,
    },
    ref: { orderId: order.orderId, storeId: store.storeId },
    notAfter: order.pickupDeadline,
  });
  await schedulePickupReminder(deps, order);
}

/** An associate sold the customer an order in a store: what comes and when (a transactional message). */
async function orderPlacedInStore(deps: Deps, sender: Sender, event: RecordedEvent) {
  const detail = event.detail as { orderId: string; storeId: string; arrivesBy?: string };
  const [order, store] = await Promise.all([getOrderRecord(deps, detail.orderId), getStore(deps, detail.storeId)]);
  if (!order || !store) return;
  await notify(deps, sender, {
    customerId: order.customerId,
    sourceId: event.eventId,
    kind: 'order.placed-in-store',
    data: {
      storeName: store.name,
      timeZone: store.timeZone,
      channelOrderId: order.channelOrderId,
      ...(detail.arrivesBy ? { arrivesBy: detail.arrivesBy } : {}),
    },
    ref: { orderId: order.orderId, storeId: store.storeId },
  });
}

/** The pickup reminder: only while the order is still ready with the deadline it was set for. */
async function pickupReminder(deps: Deps, sender: Sender, timer: TimerRecord) {
  const order = await getOrderRecord(deps, timer.payload.orderId as string);
  if (order?.status !== 'ready_for_pickup' || order.pickupDeadline !== timer.payload.deadline) return;
  const store = await getStore(deps, order.pickupStoreId ?? '');
  if (!store) return;
  await notify(deps, sender, {
    customerId: order.customerId,
    sourceId: `pickup-reminder#${order.orderId}@${order.pickupDeadline}`,
    kind: 'order.pickup-reminder',
    data: { storeName: store.name, timeZone: store.timeZone, channelOrderId: order.channelOrderId, deadline: order.pickupDeadline },
    ref: { orderId: order.orderId, storeId: store.storeId },
    notAfter: order.pickupDeadline,
  });
}

async function orderExpired(deps: Deps, sender: Sender, event: RecordedEvent) {
  const detail = event.detail as OrderDetail;
  const [order, store] = await Promise.all([getOrderRecord(deps, detail.orderId), getStore(deps, detail.pickupStoreId ?? '')]);
  if (!order || !store) return;
  await notify(deps, sender, {
    customerId: order.customerId,
    sourceId: event.eventId,
    kind: 'order.expired',
    data: { storeName: store.name, timeZone: store.timeZone, channelOrderId: order.channelOrderId },
    ref: { orderId: order.orderId, storeId: store.storeId },
  });
}

/**
 * Appointment booked, rescheduled or cancelled:
 * 1. Read the appointment as it is now (events of one appointment may be handled out of order).
 * 2. Its reminders: set for its current start (24 h and 2 h before, on the store's clock) while
 *    it is booked, dropped otherwise.
 * 3. The customer's message (none when the event names no customer: an erasure).
 */
async function appointmentChanged(deps: Deps, sender: Sender, event: RecordedEvent) {
  const detail = event.detail as AppointmentDetail;
  const [store, appointment] = await Promise.all([getStore(deps, detail.storeId), getAppointment(deps, detail.appointmentId)]);
  if (!store) return;
  const [id24, id2] = reminderIds(detail.appointmentId) as [string, string];
  if (appointment?.status !== 'booked' || !appointment.customerId) {
    await Promise.all([cancelTimer(deps, id24), cancelTimer(deps, id2)]);
  } else {
    await Promise.all(
      appointmentReminders(appointment.start, store.timeZone).map((r) =>
        scheduleTimer(deps, {
          timerId: r.which === '24h' ? id24 : id2,
          action: APPOINTMENT_REMINDER,
          dueAt: r.at,
          payload: {
            appointmentId: detail.appointmentId,
            customerId: appointment.customerId as string,
            storeId: store.storeId,
            start: appointment.start,
          },
        }),
      ),
    );
  }
  if (!detail.customerId) return;
  await notify(deps, sender, {
    customerId: detail.customerId,
    sourceId: event.eventId,
    kind: event.type as 'appointment.booked' | 'appointment.rescheduled' | 'appointment.cancelled',
    data: { storeName: store.name, timeZone: store.timeZone, start: detail.start },
    ref: { appointmentId: detail.appointmentId, storeId: store.storeId },
  });
}

/** An appointment reminder: only while the appointment is still booked at the start it was set for. */
async function appointmentReminder(deps: Deps, sender: Sender, timer: TimerRecord) {
  const { appointmentId, customerId, storeId, start } = timer.payload as Record<string, string>;
  const [store, appointment] = await Promise.all([getStore(deps, storeId as string), getAppointment(deps, appointmentId as string)]);
  if (!store || appointment?.status !== 'booked' || appointment.start !== start) return;
  await notify(deps, sender, {
    customerId: customerId as string,
    sourceId: `${timer.timerId}@${start}`,
    kind: 'appointment.reminder',
    data: { storeName: store.name, timeZone: store.timeZone, start },
    ref: { appointmentId: appointmentId as string, storeId: store.storeId },
    notAfter: start,
  });
}

const eventHandlers: Record<string, (deps: Deps, sender: Sender, event: RecordedEvent) => Promise<void>> = {
  'order.placed-in-store': orderPlacedInStore,
  'order.ready-for-pickup': orderReady,
  'order.expired': orderExpired,
  'appointment.booked': appointmentChanged,
  'appointment.rescheduled': appointmentChanged,
  'appointment.cancelled': appointmentChanged,
  ...orderCareHandlers,
};

/**
 * Everything the sweep runs, with the sender messages leave by: the product's timers (the
 * pickup expiry belongs to orders; notifications sits above orders, so it gathers them) and
 * the dispatched events.
 */
export function dueHandlers(sender: Sender): DueHandlers {
  return {
    timers: {
      [PICKUP_EXPIRY_ACTION]: (deps, timer) => expirePickup(deps, timer),
      [PICKUP_REMINDER]: (deps, timer) => pickupReminder(deps, sender, timer),
      [APPOINTMENT_REMINDER]: (deps, timer) => appointmentReminder(deps, sender, timer),
      [SEND_ACTION]: (deps, timer) => deliverMessage(deps, sender, timer.payload as { customerId: string; messageId: string }),
    },
    events: async (deps, event) => {
      await eventHandlers[event.type]?.(deps, sender, event);
    },
  };
}
