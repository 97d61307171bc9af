// Storage layer: how every key is built. One place, so the access patterns in the
// README can be read off this file. Personal data never appears here in clear text:
// identity keys carry a keyed hash (see shared/domain/identity.ts).

export type IdentityKind = 'email' | 'phone' | 'loyalty';

export const keys = {
  /** Everything owned by one customer lives in this partition (profile, identities, timeline…). */
  customerPartition: (customerId: string) => `CUSTOMER#${customerId}`,

  profile: (customerId: string) => ({ PK: keys.customerPartition(customerId), SK: 'PROFILE' }),

  /** The customer's own record of an identity (value in clear, to show and to erase). */
  customerIdentity: (customerId: string, kind: IdentityKind) => ({
    PK: keys.customerPartition(customerId),
    SK: `IDENTITY#${kind}`,
  }),
  customerIdentityPrefix: 'IDENTITY#',

  /** The uniqueness claim: one item per identity value, condition-written so one profile owns it. */
  identityClaim: (kind: IdentityKind, hash: string) => ({ PK: `IDENTITY#${kind}#${hash}`, SK: 'CLAIM' }),

  /** Timeline entries sort by ULID, i.e. by time. */
  timelineEntry: (customerId: string, entryId: string) => ({
    PK: keys.customerPartition(customerId),
    SK: `TIMELINE#${entryId}`,
  }),
  timelinePrefix: 'TIMELINE#',

  // Facts more than one context reads are pinned here; each context adds its own keys below.

  /** A store and everything that belongs to it (stock lines, stylists…) share a partition. */
  storePartition: (storeId: string) => `STORE#${storeId}`,
  store: (storeId: string) => ({ PK: keys.storePartition(storeId), SK: 'STORE' }),
  /** One stock line per store and SKU (inventory owns it; proximity offers read it). */
  stock: (storeId: string, sku: string) => ({ PK: keys.storePartition(storeId), SK: `STOCK#${sku}` }),
  /**
   * A customer's appointments on GSI1 in start order (appointments owns them; proximity and
   * the tablet read them). GSI1PK = the customer partition, so erasing a customer erases them.
   */
  customerAppointment: (customerId: string, startIso: string, appointmentId: string) => ({
    GSI1PK: keys.customerPartition(customerId),
    GSI1SK: `APPT#${startIso}#${appointmentId}`,
  }),
  customerAppointmentPrefix: 'APPT#',

  // ── appointments (functions/appointments) ──────────────────────────────────────────
  /**
   * A store's booking catalogue sits in the store partition with SKs that sort right after
   * 'STORE', so one Query (SK BETWEEN 'STORE' AND 'STORE#APPT#~') returns the store item,
   * the booking policy, every service and every stylist together.
   */
  appointmentCatalogPrefix: 'STORE#APPT#',
  bookingPolicy: (storeId: string) => ({ PK: keys.storePartition(storeId), SK: 'STORE#APPT#POLICY' }),
  appointmentService: (storeId: string, serviceId: string) => ({
    PK: keys.storePartition(storeId),
    SK: `STORE#APPT#SERVICE#${serviceId}`,
  }),
  stylist: (storeId: string, stylistId: string) => ({ PK: keys.storePartition(storeId), SK: `STORE#APPT#STYLIST#${stylistId}` }),
  /** The appointment itself; its id never changes (a reschedule updates it in place). */
  appointment: (appointmentId: string) => ({ PK: `APPOINTMENT#${appointmentId}`, SK: 'APPOINTMENT' }),
  /**
   * A lean marker of each live appointment (stylist, start, busy-until; no customer data),
   * because a slot search reads every booking in its range and pays for item size.
   */
  appointmentMarker: (appointmentId: string) => ({ PK: `APPOINTMENT#${appointmentId}`, SK: 'MARKER' }),
  /**
   * The markers on GSI2 in start order (UTC ISO): slots and the agenda read a store's time
   * range with one Query. A cancelled appointment's marker is deleted.
   */
  storeAppointment: (storeId: string, startIso: string, appointmentId: string) => ({
    GSI2PK: `STORE#${storeId}#APPTS`,
    GSI2SK: `${startIso}#${appointmentId}`,
  }),
  /**
   * Busy cells of one stylist on one UTC day: one attribute per 5-minute cell
   * ("c1030" = 10:30–10:35 UTC) holding the appointment id, claimed with attribute_not_exists.
   */
  stylistBusyDay: (storeId: string, stylistId: string, utcDate: string) => ({
    PK: `STYLIST#${storeId}#${stylistId}`,
    SK: `BUSY#${utcDate}`,
  }),
  /** The same cells for a customer (no two overlapping appointments); erased with the customer. */
  customerBusyDay: (customerId: string, utcDate: string) => ({ PK: keys.customerPartition(customerId), SK: `APPTBUSY#${utcDate}` }),
  /** Live appointments of a customer in one store on one local date (the per-day cap). */
  customerAppointmentDay: (customerId: string, storeId: string, localDate: string) => ({
    PK: keys.customerPartition(customerId),
    SK: `APPTDAY#${storeId}#${localDate}`,
  }),

  /** Outbox events (shared/repositories/outbox.ts), and their listing by subject on GSI1. */
  outboxEvent: (eventId: string) => ({ PK: `EVENT#${eventId}`, SK: 'EVENT' }),
  outboxBySubject: (subject: string, eventId: string) => ({ GSI1PK: `EVENTS#${subject}`, GSI1SK: eventId }),

  /** Client Idempotency-Key records, scoped by who sent them and what for. */
  idempotency: (scope: string, key: string) => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: 'IDEMPOTENCY' }),
} as const;
