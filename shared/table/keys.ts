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

  // ── inventory: store geo index, stock feed, reservations ──────────────────────────────
  /**
   * Stores on GSI2 by geohash: partition = the 3-character cell (~156 km), sort key = the
   * 9-character geohash then the id, so a finer cell is a begins_with on the sort key.
   */
  storeGeo: (geohash9: string, storeId: string) => ({
    GSI2PK: keys.storeGeoPartition(geohash9),
    GSI2SK: `${geohash9}#${storeId}`,
  }),
  storeGeoPartition: (geohash: string) => `GEO#${geohash.slice(0, 3)}`,
  stockPrefix: 'STOCK#',
  /** One item per applied stock event id (per store): the event is applied once. */
  stockEvent: (storeId: string, eventId: string) => ({ PK: `STOCKEVENT#${storeId}#${eventId}`, SK: 'EVENT' }),
  reservation: (reservationId: string) => ({ PK: `RESERVATION#${reservationId}`, SK: 'RESERVATION' }),
  /** A customer's reservations on GSI1, newest last (ULIDs sort by time); erased with the customer. */
  customerReservation: (customerId: string, reservationId: string) => ({
    GSI1PK: keys.customerPartition(customerId),
    GSI1SK: `RESV#${reservationId}`,
  }),
  customerReservationPrefix: 'RESV#',

  /** Outbox events (shared/repositories/outbox.ts), and their listing by subject on GSI1. */
  outboxEvent: (eventId: string) => ({ PK: `EVENT#${eventId}`, SK: 'EVENT' }),
  outboxBySubject: (subject: string, eventId: string) => ({ GSI1PK: `EVENTS#${subject}`, GSI1SK: eventId }),

  /** Client Idempotency-Key records, scoped by who sent them and what for. */
  idempotency: (scope: string, key: string) => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: 'IDEMPOTENCY' }),
} as const;
