// Events the appointments module publishes (outbox → EventBridge).

import { defineEvent } from '../platform/events.ts';
import type { AppointmentRecord } from './schemas.ts';

export type AppointmentDetail = {
  appointmentId: string;
  storeId: string;
  /** Absent when the customer was erased. */
  customerId?: string;
  stylistId: string;
  serviceId: string;
  start: string;
  end: string;
  status: string;
};

export const appointmentEvents = {
  booked: defineEvent<AppointmentDetail>('appointment.booked', 'A customer, or the store for a walk-in, booked an appointment.', {
    dispatched: true,
  }),
  cancelled: defineEvent<AppointmentDetail & { cancelledBy: string }>(
    'appointment.cancelled',
    'An appointment was cancelled (by the customer, the store, or an erasure).',
    { dispatched: true },
  ),
  rescheduled: defineEvent<AppointmentDetail & { previousStart: string; previousStylistId: string }>(
    'appointment.rescheduled',
    'An appointment moved to another start or stylist.',
    { dispatched: true },
  ),
  completed: defineEvent<AppointmentDetail>('appointment.completed', 'The store marked an appointment as completed.'),
  noShow: defineEvent<AppointmentDetail>('appointment.no-show', 'The store marked an appointment as a no-show.'),
};

/** The detail every appointment event carries, from the record as stored (instants in UTC). */
export const appointmentDetail = (r: AppointmentRecord): AppointmentDetail => ({
  appointmentId: r.appointmentId,
  storeId: r.storeId,
  customerId: r.customerId,
  stylistId: r.stylistId,
  serviceId: r.serviceId,
  start: r.start,
  end: r.end,
  status: r.status,
});
