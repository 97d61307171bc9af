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

  /** Outbox events (shared/repositories/outbox.ts), and their listing by subject on GSI1. */
  outboxEvent: (eventId: string) => ({ PK: `EVENT#${eventId}`, SK: 'EVENT' }),
  outboxBySubject: (subject: string, eventId: string) => ({ GSI1PK: `EVENTS#${subject}`, GSI1SK: eventId }),

  /** Client Idempotency-Key records, scoped by who sent them and what for. */
  idempotency: (scope: string, key: string) => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: 'IDEMPOTENCY' }),

  // ── orders (functions/orders) and the store tablet (functions/clienteling) ──────────────
  /** An order from any channel. Its id is a ULID of when it was placed, so ids sort by time. */
  order: (orderId: string) => ({ PK: `ORDER#${orderId}`, SK: 'ORDER' }),
  /** A customer's orders on GSI1, in id (= time) order; GSI1PK = the customer partition, so erased with them. */
  customerOrder: (customerId: string, orderId: string) => ({
    GSI1PK: keys.customerPartition(customerId),
    GSI1SK: `ORDER#${orderId}`,
  }),
  customerOrderPrefix: 'ORDER#',
  /**
   * The channel's own order id, condition-written with the order: however often a channel
   * sends an order, it is placed once. Holds only our order id (no customer data).
   */
  channelOrder: (channel: string, channelOrderId: string) => ({ PK: `CHANNELORDER#${channel}#${channelOrderId}`, SK: 'CLAIM' }),
  /**
   * Orders waiting at a pickup store on GSI2, one partition per store and status (sparse:
   * only while `placed` or `ready_for_pickup`), grouped by customer so the tablet finds one
   * customer's parcels with begins_with.
   */
  storePickup: (storeId: string, status: string, customerId: string, orderId: string) => ({
    GSI2PK: `PICKUPS#${storeId}#${status}`,
    GSI2SK: `${customerId}#${orderId}`,
  }),
  /**
   * Categories the customer bought, as `categories: { <lower-case category>: <last purchase ISO> }`.
   * Orders keeps it up to date; proximity reads it for the bought / not-bought offer rules.
   */
  purchaseSummary: (customerId: string) => ({ PK: keys.customerPartition(customerId), SK: 'PURCHASES' }),
  /** Tablet customer lookups, per store and UTC day (actor, customer id, how matched — never the query). */
  lookupAudit: (storeId: string, utcDate: string, entryId: string) => ({ PK: `AUDIT#LOOKUP#${storeId}#${utcDate}`, SK: entryId }),
} as const;
