// Repository: the beacon registry, per-store proximity settings, customers' presence and
// store visits <-> their items, and the facts a sighting reads about the customer (profile,
// purchase summary, appointments). Decides nothing.

import type { Profile } from '../profiles/index.ts';
import { profileFromItem } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { DeleteCommand, PutCommand, UpdateCommand } from '../runtime/dynamodb.ts';
import type { Store } from '../stores/index.ts';
import { storeFromItem } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, type Page, queryPage } from '../table/query.ts';
import { isConditionalFailure, type TransactItem } from '../table/transact.ts';
import { updateParts } from '../table/update.ts';
import { PRESENCE_TTL_SECONDS, type PresenceRecord, presenceExpiry } from './presence-rules.ts';
import { type Beacon, defaultProximitySettings, type ProximitySettings } from './schemas.ts';

type BeaconItem = Stored<'beacon', Beacon>;
type ProximitySettingsItem = Stored<'proximitySettings', ProximitySettings & { storeId: string }>;
type PresenceItem = Stored<'presence', PresenceRecord>;
/** First and last visit of a customer to one store, and how many (the "first visit" audience rule). */
type StoreVisit = { storeId: string; firstVisitAt: string; lastVisitAt: string; visits: number };
type StoreVisitItem = Stored<'storeVisit', StoreVisit>;
type Item = Record<string, unknown>;
type PageRequest = { limit: number; cursor?: string };

const is = (item: Item, key: { PK: string; SK: string }) => item.PK === key.PK && item.SK === key.SK;

// ── beacons ─────────────────────────────────────────────────────────────────────────────

const beaconItem = (beacon: Beacon): BeaconItem =>
  toItem('beacon', { ...keys.beacon(beacon.beaconId), ...keys.storeBeacon(beacon.storeId, beacon.beaconId) }, beacon);

/** Registers a beacon, or moves it (its identity is its key). */
export async function putBeacon(deps: Deps, beacon: Beacon): Promise<void> {
  await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: beaconItem(beacon) }));
}

/** Whether there was a beacon to delete. */
export async function deleteBeacon(deps: Deps, beaconId: string): Promise<boolean> {
  const res = await deps.db.send(new DeleteCommand({ TableName: deps.tableName, Key: keys.beacon(beaconId), ReturnValues: 'ALL_OLD' }));
  return res.Attributes !== undefined;
}

export async function listStoreBeacons(deps: Deps, storeId: string, page: PageRequest): Promise<Page<Beacon>> {
  const PK = keys.storeBeacon(storeId, '').GSI2PK;
  const found = await queryPage(
    deps,
    { KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': PK } },
    { partition: PK, index: 'GSI2' },
    page,
  );
  return { items: found.items.map((i) => fromItem<Beacon>(i)), nextCursor: found.nextCursor };
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
    if (is(item, profileKey)) profile = profileFromItem(item);
    else if (is(item, presenceKey)) presence = presenceFromItem(item);
    else beacons.set(item.beaconId as string, fromItem<Beacon>(item));
  }
  return { profile, presence, beacons };
}

// ── stores and their proximity settings ────────────────────────────────────────────────

/** Stores with their proximity settings (the defaults where a store has none), in one BatchGetItem. */
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
    const storeId = item.storeId as string;
    if (is(item, keys.store(storeId))) stores.set(storeId, storeFromItem(item));
    else {
      const { storeId: _, ...stored } = fromItem<ProximitySettingsItem>(item);
      settings.set(storeId, { ...defaultProximitySettings, ...stored });
    }
  }
  for (const id of ids) if (!settings.has(id)) settings.set(id, defaultProximitySettings);
  return { stores, settings };
}

export async function putSettings(deps: Deps, storeId: string, settings: ProximitySettings): Promise<void> {
  const item: ProximitySettingsItem = toItem('proximitySettings', keys.proximitySettings(storeId), { storeId, ...settings });
  await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: item }));
}

// ── presence ────────────────────────────────────────────────────────────────────────────

/** The record keeps its TTL: it says until when the customer counts as present. */
function presenceFromItem(item: Item): PresenceRecord {
  return { ...fromItem<PresenceRecord>(item), expiresAt: Number(item.expiresAt) };
}

const presenceItem = (p: PresenceRecord): PresenceItem =>
  toItem('presence', { ...keys.presence(p.customerId), ...keys.storePresence(p.storeId, p.lastSeenAt) }, p);

/** The presence after a full evaluation, only over the one it was based on (none: only if there is none). */
export function presencePut(deps: Deps, presence: PresenceRecord, basedOn: PresenceRecord | undefined): TransactItem {
  return {
    Put: {
      TableName: deps.tableName,
      Item: presenceItem(presence),
      ...(basedOn
        ? { ConditionExpression: 'processedAt = :seen', ExpressionAttributeValues: { ':seen': basedOn.processedAt } }
        : { ConditionExpression: 'attribute_not_exists(PK)' }),
    },
  };
}

/**
 * The cheap path of a repeat sighting: ONE conditional UpdateItem that only extends the
 * presence, and only succeeds while the customer is still live in the same store and zone
 * and inside the cooldown. Undefined when that condition does not hold.
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
        ...updateParts({
          set: { lastSeenAt: now, GSI2SK: now, expiresAt: presenceExpiry(at.now) },
          condition: 'storeId = :store AND #zone = :zone AND cooldownUntil > :now AND expiresAt > :nowSeconds',
          names: { '#zone': 'zone' },
          values: { ':store': at.storeId, ':zone': at.zone, ':now': now, ':nowSeconds': Math.floor(at.now.getTime() / 1000) },
        }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return presenceFromItem(res.Attributes ?? {});
  } catch (error) {
    if (isConditionalFailure(error)) return undefined;
    throw error;
  }
}

/** The customer's presence record as stored (it may have lapsed: see isPresent). */
export async function getPresence(deps: Deps, customerId: string): Promise<PresenceRecord | undefined> {
  const item = await getItem(deps, keys.presence(customerId));
  return item && presenceFromItem(item);
}

/** Who is in a store now (last seen within the presence window), newest sighting first. */
export async function queryStorePresence(deps: Deps, storeId: string, now: Date, page: PageRequest): Promise<Page<PresenceRecord>> {
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
  return { items: found.items.map(presenceFromItem), nextCursor: found.nextCursor };
}

// ── visits, and the facts a full evaluation reads ───────────────────────────────────────

/** A visit starts: the per-store visit record (first, last, how many). */
export function visitUpdate(deps: Pick<Deps, 'tableName'>, customerId: string, storeId: string, at: string): TransactItem {
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.storeVisit(customerId, storeId),
      ...updateParts({
        setIfAbsent: { firstVisitAt: at },
        set: { lastVisitAt: at, storeId, entity: 'storeVisit' },
        add: { visits: 1 },
      }),
    },
  };
}

type VisitFacts = {
  /** Visits to this store on record (the current one included once it has been written). */
  visits: number;
  purchases: Record<string, string>;
};

/** The visit record for this store and the purchase summary: one BatchGetItem. */
export async function readVisitFacts(deps: Deps, customerId: string, storeId: string): Promise<VisitFacts> {
  const visitKey = keys.storeVisit(customerId, storeId);
  const summaryKey = keys.purchaseSummary(customerId);
  const items = await batchGet(deps, [visitKey, summaryKey]);
  const visit = items.find((i) => is(i, visitKey)) as StoreVisitItem | undefined;
  const summary = items.find((i) => is(i, summaryKey));
  return {
    visits: Number(visit?.visits ?? 0),
    purchases: (summary?.categories as Record<string, string> | undefined) ?? {},
  };
}
