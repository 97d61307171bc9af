// Repository: the beacon registry, per-store proximity settings, customers' presence and
// the facts a sighting reads (visits, purchase summary, appointments, caps, stock).

import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { availableNow, lineFromItem } from '../inventory/index.ts';
import type { Profile } from '../profiles/index.ts';
import { profileFromItem } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import { storeFromItem } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { keys } from '../table/keys.ts';
import { queryPage } from '../table/query.ts';
import { isConditionalFailure, type TransactItem } from '../table/transact.ts';
import type { CapRecord } from './offer-rules.ts';
import { beaconIdOf, PRESENCE_TTL_SECONDS, type PresenceRecord, presenceExpiry } from './presence-rules.ts';
import { type Beacon, type BeaconRegistration, defaultProximitySettings, type ProximitySettings } from './schemas.ts';

type Item = Record<string, unknown>;
const BEACON_FIELDS = [
  'beaconId',
  'type',
  'uuid',
  'major',
  'minor',
  'namespace',
  'instance',
  'storeId',
  'zone',
  'zoneName',
  'updatedAt',
] as const;
const pick = <T>(item: Item, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as T;

// ── beacons ─────────────────────────────────────────────────────────────────────────────

/** Registers a beacon or moves it to another store/zone (the identity is the key). */
export async function putBeacon(deps: Deps, registration: BeaconRegistration): Promise<Beacon> {
  const beaconId = beaconIdOf(registration);
  const beacon = { ...registration, beaconId, updatedAt: deps.clock.now().toISOString() } as Beacon;
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: { ...keys.beacon(beaconId), ...keys.storeBeacon(beacon.storeId, beaconId), ...beacon, entity: 'beacon' },
    }),
  );
  return beacon;
}

export async function deleteBeacon(deps: Deps, beaconId: string): Promise<boolean> {
  const res = await deps.db.send(new DeleteCommand({ TableName: deps.tableName, Key: keys.beacon(beaconId), ReturnValues: 'ALL_OLD' }));
  return res.Attributes !== undefined;
}

export async function listStoreBeacons(deps: Deps, storeId: string, page: { limit: number; cursor?: string }) {
  const PK = keys.storeBeacon(storeId, '').GSI2PK;
  const found = await queryPage(
    deps,
    { KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': PK } },
    { partition: PK, index: 'GSI2' },
    page,
  );
  return { items: found.items.map((i) => pick<Beacon>(i, BEACON_FIELDS)), nextCursor: found.nextCursor };
}

/**
 * What a sighting reads first, in ONE consistent BatchGetItem: the customer's profile (for
 * the proximity consent), their current presence, and the registered beacons among those
 * heard — however many were heard.
 */
export async function readSightingStart(deps: Deps, customerId: string, beaconIds: string[]) {
  const profileKey = keys.profile(customerId);
  const presenceKey = keys.presence(customerId);
  const items = await batchGet(deps, [profileKey, presenceKey, ...[...new Set(beaconIds)].map((id) => keys.beacon(id))], true);
  const beacons = new Map<string, Beacon>();
  let profile: Profile | undefined;
  let presence: PresenceRecord | undefined;
  for (const item of items) {
    if (item.PK === profileKey.PK && item.SK === profileKey.SK) profile = profileFromItem(item);
    else if (item.PK === presenceKey.PK && item.SK === presenceKey.SK) presence = toPresence(item);
    else beacons.set(item.beaconId as string, pick<Beacon>(item, BEACON_FIELDS));
  }
  return { profile, presence, beacons };
}

// ── stores and their proximity settings ────────────────────────────────────────────────

/** Stores with their proximity settings, in one BatchGetItem. */
export async function getStoresWithSettings(deps: Deps, storeIds: string[]) {
  const ids = [...new Set(storeIds)];
  const stores = new Map<string, Store>();
  const settings = new Map<string, ProximitySettings>();
  if (ids.length === 0) return { stores, settings };
  const items = await batchGet(
    deps,
    ids.flatMap((id) => [keys.store(id), keys.proximitySettings(id)]),
  );
  for (const item of items) {
    if (item.SK === 'STORE') stores.set(item.storeId as string, storeFromItem(item));
    else
      settings.set(item.storeId as string, {
        ...defaultProximitySettings,
        ...pick<ProximitySettings>(item, ['maxOffersPerSighting', 'cooldownSeconds']),
      });
  }
  for (const id of ids) if (!settings.has(id)) settings.set(id, defaultProximitySettings);
  return { stores, settings };
}

export async function putSettings(deps: Deps, storeId: string, settings: ProximitySettings): Promise<ProximitySettings> {
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: { ...keys.proximitySettings(storeId), entity: 'proximitySettings', storeId, ...settings },
    }),
  );
  return settings;
}

// ── presence ────────────────────────────────────────────────────────────────────────────

const PRESENCE_FIELDS = [
  'customerId',
  'storeId',
  'zone',
  'zoneName',
  'since',
  'zoneSince',
  'lastSeenAt',
  'processedAt',
  'cooldownUntil',
  'expiresAt',
  'appointmentToday',
] as const;
export const toPresence = (item: Item) => pick<PresenceRecord>(item, PRESENCE_FIELDS);

/**
 * The cheap path of a repeat sighting: ONE conditional UpdateItem that only extends the
 * presence, and only succeeds while the customer is still live in the same store and zone
 * and inside the cooldown. Undefined when it is not a repeat (then the full evaluation runs).
 */
export async function touchPresence(
  deps: Deps,
  customerId: string,
  at: { storeId: string; zone: string; now: Date },
): Promise<PresenceRecord | undefined> {
  const now = at.now.toISOString();
  try {
    const res = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.presence(customerId),
        UpdateExpression: 'SET lastSeenAt = :now, GSI2SK = :now, expiresAt = :exp',
        ConditionExpression: 'storeId = :store AND #zone = :zone AND cooldownUntil > :now AND expiresAt > :nowSeconds',
        ExpressionAttributeNames: { '#zone': 'zone' },
        ExpressionAttributeValues: {
          ':now': now,
          ':exp': presenceExpiry(at.now),
          ':store': at.storeId,
          ':zone': at.zone,
          ':nowSeconds': Math.floor(at.now.getTime() / 1000),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toPresence(res.Attributes ?? {});
  } catch (error) {
    if (isConditionalFailure(error)) return undefined;
    throw error;
  }
}

/** The customer's presence record as stored (it may have lapsed: see isPresent). */
export async function getPresence(deps: Deps, customerId: string): Promise<PresenceRecord | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.presence(customerId), ConsistentRead: true }));
  return res.Item ? toPresence(res.Item) : undefined;
}

export function presenceItem(p: PresenceRecord): Item {
  return { ...keys.presence(p.customerId), ...keys.storePresence(p.storeId, p.lastSeenAt), entity: 'presence', ...p };
}

/** Who is in a store now (last seen within the presence window), newest sighting first. */
export async function queryStorePresence(deps: Deps, storeId: string, now: Date, page: { limit: number; cursor?: string }) {
  const PK = keys.storePresence(storeId, '').GSI2PK;
  // TTL deletion is lazy: the key condition keeps lapsed presences out even before it runs.
  const cutoff = new Date(now.getTime() - PRESENCE_TTL_SECONDS * 1000).toISOString();
  const found = await queryPage(
    deps,
    {
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK > :cutoff',
      ExpressionAttributeValues: { ':pk': PK, ':cutoff': cutoff },
      ScanIndexForward: false,
    },
    { partition: PK, index: 'GSI2' },
    page,
  );
  return { items: found.items.map(toPresence), nextCursor: found.nextCursor };
}

// ── facts a full evaluation reads ───────────────────────────────────────────────────────

export type VisitFacts = {
  /** Visits to this store on record (the current one included once it has been written). */
  visits: number;
  purchases: Record<string, string>;
};

/** The visit record for this store and the purchase summary: one BatchGetItem. */
export async function readVisitFacts(deps: Deps, customerId: string, storeId: string): Promise<VisitFacts> {
  const visitKey = keys.storeVisit(customerId, storeId);
  const summaryKey = keys.purchaseSummary(customerId);
  const items = await batchGet(deps, [visitKey, summaryKey]);
  const bySk = new Map(items.map((i) => [i.SK as string, i]));
  return {
    visits: Number(bySk.get(visitKey.SK)?.visits ?? 0),
    purchases: (bySk.get(summaryKey.SK)?.categories as Record<string, string> | undefined) ?? {},
  };
}

/**
 * Whether the customer has a booked appointment at this store within [start, end): a Query
 * on the appointments context's customer index (keys.customerAppointment, start in ISO UTC).
 */
export async function hasAppointmentBetween(deps: Deps, customerId: string, storeId: string, start: Date, end: Date): Promise<boolean> {
  const gsi = keys.customerAppointment(customerId, '', '');
  const res = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      FilterExpression: '#status = :booked AND storeId = :store',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': gsi.GSI1PK,
        ':from': `${keys.customerAppointmentPrefix}${start.toISOString()}`,
        ':to': `${keys.customerAppointmentPrefix}${end.toISOString()}`,
        ':booked': 'booked',
        ':store': storeId,
      },
      Select: 'COUNT',
    }),
  );
  return (res.Count ?? 0) > 0;
}

export type OfferState = { caps: Map<string, CapRecord>; redeemed: Set<string>; available: Map<string, number> };

/** Caps and redemptions of the candidate offers and the stock lines they need: one BatchGetItem. */
export async function readOfferState(
  deps: Deps,
  customerId: string,
  offerIds: string[],
  stock: { storeId: string; skus: string[] },
  now: Date,
): Promise<OfferState> {
  const skus = [...new Set(stock.skus)];
  const items = await batchGet(deps, [
    ...offerIds.flatMap((id) => [keys.offerCap(customerId, id), keys.offerRedemption(customerId, id)]),
    ...skus.map((sku) => keys.stock(stock.storeId, sku)),
  ]);
  const state: OfferState = { caps: new Map(), redeemed: new Set(), available: new Map() };
  const stockPrefix = keys.stock(stock.storeId, '').SK;
  for (const item of items) {
    const sk = item.SK as string;
    if (sk.startsWith('OFFERCAP#'))
      state.caps.set(sk.slice('OFFERCAP#'.length), { count: Number(item.count), windowEnd: Number(item.windowEnd) });
    else if (sk.startsWith('REDEEMED#')) state.redeemed.add(sk.slice('REDEEMED#'.length));
    else if (sk.startsWith(stockPrefix)) state.available.set(sk.slice(stockPrefix.length), availableNow(lineFromItem(item), now));
  }
  return state;
}

/** Starts a visit: the per-store visit record (first, last, how many) for the "first visit" rule. */
export function visitUpdate(deps: Pick<Deps, 'tableName'>, customerId: string, storeId: string, at: string): TransactItem {
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.storeVisit(customerId, storeId),
      UpdateExpression:
        'SET firstVisitAt = if_not_exists(firstVisitAt, :at), lastVisitAt = :at, storeId = :store, entity = :entity ADD visits :one',
      ExpressionAttributeValues: { ':at': at, ':store': storeId, ':entity': 'storeVisit', ':one': 1 },
    },
  };
}
