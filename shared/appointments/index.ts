// The appointments module's public API: the only file other modules, functions and infra import.

export { agenda } from './agenda.ts';
export { book, bookForCustomer, bookForCustomerByAgent, bookWalkIn } from './book.ts';
export { getCatalogue, listStylists, putPolicy, putService, putStylist } from './catalogue.ts';
export { cancel, markOutcome, reschedule } from './change-appointment.ts';
export { listCustomerAppointments, upcomingAppointments } from './customer-appointments.ts';
export { appointmentEvents } from './events.ts';
export { exportCustomer } from './export-customer.ts';
export { findSlots } from './find-slots.ts';
export { findSlotsNearby } from './find-slots-nearby.ts';
export { forgetCustomer } from './forget-customer.ts';
export { getAppointment, hasAppointmentBetween } from './repository.ts';
export {
  type Appointment,
  agendaQuery,
  agendaResponseSchema,
  appointmentPath,
  appointmentSchema,
  bookingBodySchema,
  catalogResponseSchema,
  myAppointmentsQuery,
  nearbySlotsQuery,
  nearbySlotsResponse,
  policyBodySchema,
  policySchema,
  rescheduleBodySchema,
  serviceBodySchema,
  servicePath,
  serviceSchema,
  slotsQuery,
  slotsResponseSchema,
  storePath,
  stylistBodySchema,
  stylistPath,
  stylistSchema,
  walkInBodySchema,
} from './schemas.ts';
export { isoInZone, localDateOf, offsetAt } from './slots.ts';
