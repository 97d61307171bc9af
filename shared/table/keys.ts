// Storage layer: how every key is built. One place, so the access patterns in the
// README can be read off this file. Personal data never appears here in clear text:
// identity keys carry a keyed hash of the normalised value (shared/profiles/identity-rules.ts,
// shared/runtime/identity-hasher.ts).

export type IdentityKind = 'email' | 'phone' | 'loyalty';

/** The prefix of a warehouse's stock location id (keys.stockPartition). */
const WAREHOUSE_LOCATION = 'warehouse:';

export const keys = {
  /** Everything owned by one customer lives in this partition (profile, identities, timeline…). */
  customerPartition: (customerId: string) => `CUSTOMER#${customerId}`,
  /** The customer id of a customer partition key (a migration reading raw items). */
  customerIdOf: (partition: string) => partition.slice('CUSTOMER#'.length),

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
  /** The entry id is the sort key's suffix (the item does not repeat it: timelines are long). */
  timelineEntryIdOf: (sk: string) => sk.slice('TIMELINE#'.length),
  /**
   * The same entry on GSI1 by kind (sparse: only entries written since kinds exist carry it),
   * under the customer partition, so `?kind=` is one Query that reads only what it returns
   * and the entry is erased with the customer.
   */
  timelineByKind: (customerId: string, kind: string, entryId: string) => ({
    GSI1PK: keys.customerPartition(customerId),
    GSI1SK: `${keys.timelineKindPrefix(kind)}${entryId}`,
  }),
  timelineKindPrefix: (kind: string) => `TIMELINE#${kind}#`,

  // Facts more than one context reads are pinned here; each context adds its own keys below.

  /** A store and everything that belongs to it (stock lines, stylists…) share a partition. */
  storePartition: (storeId: string) => `STORE#${storeId}`,
  store: (storeId: string) => ({ PK: keys.storePartition(storeId), SK: 'STORE' }),
  /**
   * Stock sits at a location: a store (its id) or a warehouse (`warehouse:<id>`, see
   * warehouseLocation; ':' is outside the id alphabet, so it never names a store). A
   * warehouse's lines live in the warehouse's own partition, never in a store's.
   */
  stockPartition: (locationId: string) =>
    locationId.startsWith(WAREHOUSE_LOCATION)
      ? keys.warehousePartition(locationId.slice(WAREHOUSE_LOCATION.length))
      : keys.storePartition(locationId),
  /** One stock line per location and SKU (inventory owns it; proximity offers read it). */
  stock: (locationId: string, sku: string) => ({ PK: keys.stockPartition(locationId), SK: `STOCK#${sku}` }),
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
   * Stores on GSI3, the nearby index, by geohash: partition = the 3-character cell (~156 km),
   * sort key = the 9-character geohash then the id, so any cell (or run of adjacent cells) is
   * one sort-key range. GSI3 projects only what ranking needs (location, services).
   */
  storeGeo: (geohash9: string, storeId: string) => ({
    GSI3PK: keys.storeGeoPartition(geohash9),
    GSI3SK: `${geohash9}#${storeId}`,
  }),
  storeGeoPartition: (geohash: string) => `GEO#${geohash.slice(0, 3)}`,
  /** The store id a GSI3 sort key holds (the lean entry does not repeat it). */
  storeGeoIdOf: (gsi3sk: string) => gsi3sk.slice(gsi3sk.indexOf('#') + 1),
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
  /** The start and id a marker's GSI2SK holds (the marker does not repeat them: a slot search pays for its size). */
  storeAppointmentOf: (gsi2sk: string) => {
    const [start = '', appointmentId = ''] = gsi2sk.split('#');
    return { start, appointmentId };
  },
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

  // ── proximity (functions/proximity): beacons, presence, offers ─────────────────────────

  /** A registered beacon, keyed by what the phone hears (canonical, lower-case hex). */
  beacon: (beaconId: string) => ({ PK: `BEACON#${beaconId}`, SK: 'BEACON' }),
  /** A store's beacons on GSI2, for listing them. */
  storeBeacon: (storeId: string, beaconId: string) => ({ GSI2PK: `BEACONS#${storeId}`, GSI2SK: beaconId }),
  /** Per-store proximity settings (offers per sighting, cooldown) beside the store item. */
  proximitySettings: (storeId: string) => ({ PK: keys.storePartition(storeId), SK: 'PROXIMITY' }),
  /** The customer's one current presence (a customer is in one store at a time). */
  presence: (customerId: string) => ({ PK: keys.customerPartition(customerId), SK: 'PRESENCE' }),
  /** Who is in a store now, on GSI2, newest sighting first (GSI2SK = last seen, ISO UTC). */
  storePresence: (storeId: string, lastSeenIso: string) => ({ GSI2PK: `PRESENCE#${storeId}`, GSI2SK: lastSeenIso }),
  /** First and last visit of a customer to a store (the "first visit" audience rule). */
  storeVisit: (customerId: string, storeId: string) => ({ PK: keys.customerPartition(customerId), SK: `VISIT#${storeId}` }),
  /**
   * Categories the customer bought, as { category: last purchase ISO }. Proximity reads it
   * for the bought / not-bought rules; orders (issue 6) keeps it up to date.
   */
  purchaseSummary: (customerId: string) => ({ PK: keys.customerPartition(customerId), SK: 'PURCHASES' }),
  /** An offer's definition and its redemption counter. */
  offer: (offerId: string) => ({ PK: `OFFER#${offerId}`, SK: 'OFFER' }),
  /**
   * Live offers by target on GSI2: one partition per store and one for chain-wide offers,
   * sorted by end of validity so expired offers are outside the key condition.
   */
  offerTarget: (storeId: string | undefined, validUntilIso: string, offerId: string) => ({
    GSI2PK: storeId ? `OFFERS#STORE#${storeId}` : 'OFFERS#CHAIN',
    GSI2SK: `${validUntilIso}#${offerId}`,
  }),
  /** How often an offer was shown to a customer in the current cap window (TTL = window end). */
  offerCap: (customerId: string, offerId: string) => ({ PK: keys.customerPartition(customerId), SK: `OFFERCAP#${offerId}` }),
  /** A customer redeemed an offer (exactly once: condition-written). */
  offerRedemption: (customerId: string, offerId: string) => ({ PK: keys.customerPartition(customerId), SK: `REDEEMED#${offerId}` }),

  /** Outbox events (shared/platform/outbox.ts), and their listing by subject on GSI1. */
  outboxEvent: (eventId: string) => ({ PK: `EVENT#${eventId}`, SK: 'EVENT' }),
  outboxBySubject: (subject: string, eventId: string) => ({ GSI1PK: `EVENTS#${subject}`, GSI1SK: eventId }),
  /** Outbox events whose detail names a customer, on GSI3 (GSI2 holds the due entry of dispatched events): erasure finds and removes them. */
  outboxByCustomer: (customerId: string, eventId: string) => ({ GSI3PK: `EVENTS#CUSTOMER#${customerId}`, GSI3SK: eventId }),

  // ── timers (shared/platform/timers.ts): one due-time index for every timed action ─────
  /**
   * Anything due at a time — a timer, or an outbox event with in-product consumers — sits on
   * GSI2 in one partition per UTC day ("DUE#2026-11-24"), sorted by due time: the sweep
   * Queries the range from its watermark to now (one Query, two across midnight), never a
   * Scan. Settled items leave the index, so a range holds only what is still due.
   */
  due: (dueIso: string, id: string) => ({ GSI2PK: keys.duePartition(dueIso), GSI2SK: `${dueIso}#${id}` }),
  duePartition: (iso: string) => `DUE#${iso.slice(0, 10)}`,
  /** A timer: one per action and subject (re-scheduling overwrites it). */
  timer: (timerId: string) => ({ PK: `TIMER#${timerId}`, SK: 'TIMER' }),
  /** Where the last sweep got to (the next one starts a few minutes before it). */
  sweepWatermark: { PK: 'TIMERS', SK: 'WATERMARK' },

  /** Client Idempotency-Key records, scoped by who sent them and what for. */
  idempotency: (scope: string, key: string) => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: 'IDEMPOTENCY' }),
  /** A record whose stored answer is about a customer, on GSI1 under them: erased with them. */
  idempotencyOwner: (customerId: string, scope: string, key: string) => ({
    GSI1PK: keys.customerPartition(customerId),
    GSI1SK: `IDEMPOTENCY#${scope}#${key}`,
  }),

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
  /** A return authorization (RMA): its units, fixed prices, receipts. */
  returnAuthorization: (rmaId: string) => ({ PK: `RMA#${rmaId}`, SK: 'RMA' }),
  /** A customer's return authorizations on GSI1, in id (= time) order; erased with the customer. */
  customerReturnAuthorization: (customerId: string, rmaId: string) => ({
    GSI1PK: keys.customerPartition(customerId),
    GSI1SK: `RMA#${rmaId}`,
  }),
  customerReturnAuthorizationPrefix: 'RMA#',
  /** A store's pickup policy (hold days, reminder, extensions) beside the store item. */
  pickupPolicy: (storeId: string) => ({ PK: keys.storePartition(storeId), SK: 'PICKUPPOLICY' }),

  // ── notifications (functions/notifications) ──────────────────────────────────────────────
  communicationPreferences: (customerId: string) => ({ PK: keys.customerPartition(customerId), SK: 'COMMPREFS' }),
  /**
   * One message per event (or timer) and channel, condition-written: sent once however often
   * the event is handled. Listed newest first on GSI1 by when it was created.
   */
  message: (customerId: string, messageId: string, createdIso: string) => ({
    PK: keys.customerPartition(customerId),
    SK: `MESSAGE#${messageId}`,
    GSI1PK: keys.customerPartition(customerId),
    GSI1SK: `${keys.customerMessagePrefix}${createdIso}#${messageId}`,
  }),
  messageKey: (customerId: string, messageId: string) => ({ PK: keys.customerPartition(customerId), SK: `MESSAGE#${messageId}` }),
  customerMessagePrefix: 'NOTIFIED#',
  // keys.purchaseSummary (proximity's section) is kept up to date by orders: `categories: { <category>: <last purchase ISO> }`.
  // ── catalog (functions/catalog): styles and their variants ───────────────────────────
  /** A style with its colour × size variants, names, price, images. */
  style: (styleId: string) => ({ PK: `STYLE#${styleId}`, SK: 'STYLE' }),
  /**
   * One item per variant (SKU), naming its style: orders and reservations check their SKUs
   * with one BatchGetItem, and a SKU belongs to one style (condition-written).
   */
  variant: (sku: string) => ({ PK: `SKU#${sku}`, SK: 'SKU' }),

  // ── fulfilment (functions/catalog): warehouses and their stock ───────────────────────
  warehousePartition: (warehouseId: string) => `WAREHOUSE#${warehouseId}`,
  /** A warehouse, also on GSI1 under one partition: the chain's few warehouses in one Query. */
  warehouse: (warehouseId: string) => ({ PK: keys.warehousePartition(warehouseId), SK: 'WAREHOUSE' }),
  warehouseIndex: (warehouseId: string) => ({ GSI1PK: keys.warehousesPartition, GSI1SK: warehouseId }),
  warehousesPartition: 'WAREHOUSES',
  /** The stock location id of a warehouse (its lines: keys.stock(warehouseLocation(id), sku)). */
  warehouseLocation: (warehouseId: string) => `${WAREHOUSE_LOCATION}${warehouseId}`,

  /** Tablet customer lookups, per store and UTC day (actor, customer id, how matched — never the query). */
  lookupAudit: (storeId: string, utcDate: string, entryId: string) => ({ PK: `AUDIT#LOOKUP#${storeId}#${utcDate}`, SK: entryId }),
  /** The contact center's audit: one partition per caller and UTC day ("what did agent X do on the 3rd"). */
  accessAudit: (actorKey: string, utcDate: string, entryId: string) => ({ PK: `AUDIT#ACCESS#${actorKey}#${utcDate}`, SK: entryId }),
} as const;
