// Storage layer: what every stored item has — its keys and one discriminator, `entity` —
// and the list of entities the table holds. A record's own fields never use the name
// `entity`; `type` stays free for domain meanings (a beacon's type, a timeline entry's type).

export const entities = [
  'profile',
  'identityClaim',
  'timelineEntry',
  'purchaseSummary',
  'store',
  'stock',
  'stockEvent',
  'reservation',
  'bookingPolicy',
  'appointmentService',
  'stylist',
  'appointment',
  'appointmentMarker',
  'busyCells',
  'appointmentDay',
  'beacon',
  'proximitySettings',
  'presence',
  'storeVisit',
  'offer',
  'offerCap',
  'offerRedemption',
  'order',
  'channelOrder',
  'returnAuthorization',
  'lookupAudit',
  'accessAudit',
  'style',
  'variant',
  'warehouse',
  'outboxEvent',
  'idempotency',
  'timer',
  'sweepWatermark',
  'pickupPolicy',
  'communicationPreferences',
  'message',
] as const;
export type Entity = (typeof entities)[number];

export type TableKeys = {
  PK: string;
  SK: string;
  GSI1PK?: string;
  GSI1SK?: string;
  GSI2PK?: string;
  GSI2SK?: string;
  GSI3PK?: string;
  GSI3SK?: string;
  /** TTL (epoch seconds): garbage collection only, never a business deadline. */
  expiresAt?: number;
};

/** An item as stored: keys, the discriminator, and the record. */
export type Stored<E extends Entity, T> = TableKeys & { entity: E } & T;

/** Builds a stored item from its key(s) and record. */
export function toItem<E extends Entity, T extends object>(
  entity: E,
  keys: Omit<TableKeys, 'expiresAt'>,
  record: T,
  expiresAt?: number,
): Stored<E, T> {
  return { ...keys, entity, ...record, ...(expiresAt === undefined ? {} : { expiresAt }) } as Stored<E, T>;
}

/** The record without keys, discriminator and TTL. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1,
    GSI1SK: _g1s,
    GSI2PK: _g2,
    GSI2SK: _g2s,
    GSI3PK: _g3,
    GSI3SK: _g3s,
    entity: _e,
    expiresAt: _x,
    ...record
  } = item;
  return record as T;
}

/** Seconds since the epoch, as TTL attributes hold them. */
export const epochSeconds = (at: Date | number) => Math.floor((typeof at === 'number' ? at : at.getTime()) / 1000);
