// The appointments module's public API: the only file other modules, functions and infra import.

export { agenda } from './agenda.ts';
export { book, bookForCustomer, bookForCustomerByAgent, bookWalkIn } from './book.ts';
export { getCatalogue, listStylists, putPolicy, putService, putStylist } from './catalogue.ts';
export {
  catalogResponseSchema,
  policySchema,
  serviceBodySchema,
  servicePath,
  serviceSchema,
  stylistBodySchema,
  stylistPath,
  stylistSchema,
} from './catalogue-schemas.ts';
export { cancel, markOutcome, reschedule } from './change-appointment.ts';
export { listCustomerAppointments, upcomingAppointments } from './customer-appointments.ts';
export { agendaQuery, agendaResponseSchema, walkInBodySchema } from './desk-schemas.ts';
export { appointmentEvents } from './events.ts';
export { exportCustomer } from './export-customer.ts';
export { findSlots } from './find-slots.ts';
export { findSlotsNearby } from './find-slots-nearby.ts';
export { forgetCustomer } from './forget-customer.ts';
export { getAppointment, hasAppointmentBetween } from './repository.ts';
export {
  type Appointment,
  appointmentPath,
  appointmentSchema,
  bookingBodySchema,
  myAppointmentsQuery,
  policyBodySchema,
  rescheduleBodySchema,
  storePath,
} from './schemas.ts';
export { nearbySlotsQuery, nearbySlotsResponse, slotsQuery, slotsResponseSchema } from './slot-schemas.ts';
export { isoInZone, localDateOf, offsetAt } from './slots.ts';
