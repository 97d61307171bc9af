// Repository: profiles, identity claims and the purchase summary <-> their items, and the
// transaction items that change them (other modules put some in their own transactions).
// It decides nothing: an identity's uniqueness is its claim's condition, and what a failed
// condition means is the use case's to say.

import type { Deps } from '../runtime/deps.ts';
import { UpdateCommand } from '../runtime/dynamodb.ts';
import { batchGet } from '../table/batch.ts';
import { type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, queryAll } from '../table/query.ts';
import { isConditionalFailure, type TransactItem } from '../table/transact.ts';
import { updateParts } from '../table/update.ts';
import type { IdentityKind } from './identity-rules.ts';
import type { ConsentPurpose, Profile } from './schemas.ts';

type ProfileItem = Stored<'profile', Profile>;
/** Who owns one identity value: one item per (kind, keyed hash of the value). */
type IdentityClaim = { kind: IdentityKind; customerId: string };
type IdentityClaimItem = Stored<'identityClaim', IdentityClaim>;
/** Category → last purchase (ISO): orders keeps it, proximity's bought / not-bought rules read it. */
type PurchaseSummary = { customerId: string; categories: Record<string, string>; updatedAt: string };
type PurchaseSummaryItem = Stored<'purchaseSummary', PurchaseSummary>;
type Key = { PK: string; SK: string };

const PROFILE_FIELDS = [
  'customerId',
  'name',
  'preferredStoreId',
  'sizes',
  'favouriteCategories',
  'communication',
  'uncollectedPickups',
  'consents',
  'identities',
  'loyaltyTier',
  'guest',
  'createdAt',
  'updatedAt',
] as const;

/** A profile item as read here or in another module's BatchGet (proximity reads it with the beacons heard). */
export function profileFromItem(item: Record<string, unknown>): Profile {
  return Object.fromEntries(PROFILE_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as Profile;
}

export const profileItem = (profile: Profile): ProfileItem => toItem('profile', keys.profile(profile.customerId), profile);

export const identityClaimItem = (kind: IdentityKind, hash: string, customerId: string): IdentityClaimItem =>
  toItem('identityClaim', keys.identityClaim(kind, hash), { kind, customerId });

export async function getProfile(deps: Deps, customerId: string): Promise<Profile | undefined> {
  const item = await getItem(deps, keys.profile(customerId));
  return item && profileFromItem(item);
}

/** Several customers' profiles (names on a list, consent checks): one BatchGetItem. */
export async function getProfiles(deps: Deps, customerIds: string[]): Promise<Map<string, Profile>> {
  const ids = [...new Set(customerIds)];
  const items = ids.length
    ? await batchGet(
        deps,
        ids.map((id) => keys.profile(id)),
      )
    : [];
  return new Map(items.map((item) => [item.customerId as string, profileFromItem(item)]));
}

/** The key of a normalised identity's claim: the value itself never becomes a key. */
export async function claimKey(deps: Deps, kind: IdentityKind, value: string): Promise<Key> {
  return keys.identityClaim(kind, await deps.hashIdentity(kind, value));
}

/** The customer who owns a normalised identity, if any: one GetItem. */
export async function resolveIdentity(deps: Deps, kind: IdentityKind, value: string): Promise<string | undefined> {
  const claim = await getItem(deps, await claimKey(deps, kind, value), false);
  return (claim as IdentityClaimItem | undefined)?.customerId;
}

// ── transaction items ─────────────────────────────────────────────────────────────────────

/** A new profile, only if there is none. */
export function profileCreate(deps: Deps, profile: Profile): TransactItem {
  return { Put: { TableName: deps.tableName, Item: profileItem(profile), ConditionExpression: 'attribute_not_exists(PK)' } };
}

/** A consent of an existing profile. */
export function consentSet(deps: Deps, customerId: string, purpose: ConsentPurpose, consent: { granted: boolean; updatedAt: string }) {
  return profileUpdate(deps, customerId, {
    setIn: [[['consents', purpose], consent]],
    set: { updatedAt: consent.updatedAt },
    condition: 'attribute_exists(PK)',
  });
}

/** One identity of a profile set to `value`, only if it still is `previous` (undefined: none). */
export function identitySet(deps: Deps, customerId: string, kind: IdentityKind, change: { value: string; previous?: string; at: string }) {
  return profileUpdate(deps, customerId, {
    setIn: [[['identities', kind], change.value]],
    set: { updatedAt: change.at },
    ...identityIs(kind, change.previous),
  });
}

/** One identity removed from a profile, only if it still is `previous`. */
export function identityRemove(deps: Deps, customerId: string, kind: IdentityKind, change: { previous: string; at: string }) {
  return profileUpdate(deps, customerId, {
    removeIn: [['identities', kind]],
    set: { updatedAt: change.at },
    ...identityIs(kind, change.previous),
  });
}

/**
 * A guest profile gives an identity up to the customer it merges into: only while it is
 * still a guest holding that very value (the identity's claim moves in the same transaction).
 */
export function guestMerged(deps: Deps, guestId: string, kind: IdentityKind, change: { value: string; into: string; at: string }) {
  const owned = identityIs(kind, change.value);
  return profileUpdate(deps, guestId, {
    removeIn: [['identities', kind]],
    set: { mergedInto: change.into, updatedAt: change.at },
    condition: `#guest = :true AND ${owned.condition}`,
    names: { ...owned.names, '#guest': 'guest' },
    values: { ...owned.values, ':true': true },
  });
}

/** The condition "this identity of the profile is `value`" (undefined: it has none). */
function identityIs(kind: IdentityKind, value: string | undefined) {
  const names = { '#identities': 'identities', '#kind': kind };
  return value === undefined
    ? { condition: 'attribute_not_exists(#identities.#kind)', names }
    : { condition: '#identities.#kind = :previous', names, values: { ':previous': value } };
}

function profileUpdate(deps: Deps, customerId: string, spec: Parameters<typeof updateParts>[0]): TransactItem {
  return { Update: { TableName: deps.tableName, Key: keys.profile(customerId), ...updateParts(spec) } };
}

/**
 * The claim on an identity for `customerId`: created if nobody holds it (or already theirs),
 * or with `takeOverFrom`, moved from that customer only while it is still theirs.
 */
export function claimPut(deps: Deps, claim: IdentityClaimItem, takeOverFrom?: string): TransactItem {
  return {
    Put: {
      TableName: deps.tableName,
      Item: claim,
      ConditionExpression: takeOverFrom ? 'customerId = :owner' : 'attribute_not_exists(PK) OR customerId = :me',
      ExpressionAttributeValues: takeOverFrom ? { ':owner': takeOverFrom } : { ':me': claim.customerId },
    },
  };
}

export const claimDelete = (deps: Deps, key: Key): TransactItem => ({ Delete: { TableName: deps.tableName, Key: key } });

/** The categories a customer bought, with each one's last purchase (empty when none). */
export async function purchasedCategories(deps: Deps, customerId: string): Promise<Record<string, string>> {
  const item = (await getItem(deps, keys.purchaseSummary(customerId))) as PurchaseSummaryItem | undefined;
  return item?.categories ?? {};
}

/**
 * The purchase summary: set each category's last purchase. A nested SET needs the map to
 * exist, so the first purchase creates the item instead (both condition-written; the caller
 * retries with the other form if it guessed wrong).
 */

export function purchasesWrite(deps: Deps, customerId: string, bought: Record<string, string>, exists: boolean): TransactItem {
  const updatedAt = deps.clock.now().toISOString();
  if (!exists) {
    const item: PurchaseSummaryItem = toItem('purchaseSummary', keys.purchaseSummary(customerId), {
      customerId,
      categories: bought,
      updatedAt,
    });
    return { Put: { TableName: deps.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } };
  }
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.purchaseSummary(customerId),
      ...updateParts({
        setIn: Object.entries(bought).map(([category, at]) => [['categories', category], at]),
        set: { updatedAt },
        condition: 'attribute_exists(categories)',
      }),
    },
  };
}

// ── direct writes ─────────────────────────────────────────────────────────────────────────

/** Sets and removes top-level fields of an existing profile; undefined when there is none. */
export async function patchProfile(
  deps: Deps,
  customerId: string,
  changes: { set: Record<string, unknown>; remove: string[] },
): Promise<Profile | undefined> {
  try {
    const res = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.profile(customerId),
        ...updateParts({ set: changes.set, remove: changes.remove, condition: 'attribute_exists(PK)' }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return profileFromItem(res.Attributes ?? {});
  } catch (error) {
    if (isConditionalFailure(error)) return undefined;
    throw error;
  }
}

// ── erasure ───────────────────────────────────────────────────────────────────────────────

/** Every key in the customer's partition and of every item indexed to them on GSI1. */
export async function customerKeys(deps: Deps, customerId: string): Promise<Key[]> {
  const partition = keys.customerPartition(customerId);
  const [own, indexed] = await Promise.all([
    queryAll(deps, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partition }, ProjectionExpression: 'PK, SK' }),
    queryAll(deps, {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ProjectionExpression: 'PK, SK',
    }),
  ]);
  return [...own, ...indexed].map((k) => ({ PK: k.PK as string, SK: k.SK as string }));
}

/** One more pickup the customer let expire (orders' expiry transaction), while the profile exists. */
export const uncollectedPickupCounted = (deps: Deps, customerId: string): TransactItem => ({
  Update: {
    TableName: deps.tableName,
    Key: keys.profile(customerId),
    ...updateParts({ add: { uncollectedPickups: 1 }, condition: 'attribute_exists(PK)' }),
  },
});

/** A transaction item: the customer's profile must exist (a concurrent erasure cannot slip in between). */
export const profileExists = (deps: Deps, customerId: string): TransactItem => ({
  ConditionCheck: { TableName: deps.tableName, Key: keys.profile(customerId), ConditionExpression: 'attribute_exists(PK)' },
});
