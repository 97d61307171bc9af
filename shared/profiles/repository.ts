// Repository: customer profiles and the identities that find them. Uniqueness of an
// identity is a DynamoDB condition on its claim item, never a read-then-write.

import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { fail } from '../platform/errors.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { batchDelete } from '../table/batch.ts';
import { type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { failedConditions, type TransactItem, transactWrite } from '../table/transact.ts';
import type { IdentityKind } from './identity.ts';
import type { ConsentPurpose, Profile, ProfilePatch } from './schemas.ts';

const PROFILE_FIELDS = [
  'customerId',
  'name',
  'preferredStoreId',
  'sizes',
  'favouriteCategories',
  'communication',
  'consents',
  'identities',
  'loyaltyTier',
  'guest',
  'createdAt',
  'updatedAt',
] as const;

function toProfile(item: Record<string, unknown>): Profile {
  return Object.fromEntries(PROFILE_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as Profile;
}

export function newProfile(customerId: string, now: Date, overrides: Partial<Profile> = {}): Profile {
  const at = now.toISOString();
  return {
    customerId,
    sizes: {},
    favouriteCategories: [],
    communication: {},
    consents: {},
    identities: {},
    loyaltyTier: 'none',
    guest: false,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** A profile as stored (for another module's transaction: orders creates guest profiles). */
export const profileItem = (profile: Profile): Stored<'profile', Profile> => toItem('profile', keys.profile(profile.customerId), profile);

/** An identity's claim as stored: the one profile that owns the identity (its key from keys.identityClaim). */
export const identityClaimItem = (
  claim: { PK: string; SK: string },
  kind: IdentityKind,
  customerId: string,
): Stored<'identityClaim', { kind: IdentityKind; customerId: string }> => toItem('identityClaim', claim, { kind, customerId });

export async function getProfile(deps: Deps, customerId: string): Promise<Profile | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.profile(customerId), ConsistentRead: true }));
  return res.Item ? toProfile(res.Item) : undefined;
}

/** The signed-in customer's profile, created on first access (safe if two requests race). */
export async function ensureProfile(deps: Deps, customerId: string): Promise<Profile> {
  const existing = await getProfile(deps, customerId);
  if (existing) return existing;
  const profile = newProfile(customerId, deps.clock.now());
  try {
    await transactWrite(deps, [
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...keys.profile(customerId), entity: 'profile', ...profile },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      timelinePut(deps, customerId, { type: 'profile.created', summary: 'Profile created' }),
    ]);
    return profile;
  } catch (error) {
    if (!failedConditions(error)) throw error;
    return (await getProfile(deps, customerId)) as Profile; // created by a concurrent request
  }
}

export async function updateProfile(deps: Deps, customerId: string, patch: ProfilePatch): Promise<Profile> {
  await ensureProfile(deps, customerId);
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':now': deps.clock.now().toISOString() };
  const set = ['#updatedAt = :now'];
  const remove: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    names[`#${field}`] = field;
    if (value === null) {
      remove.push(`#${field}`);
    } else {
      values[`:${field}`] = value;
      set.push(`#${field} = :${field}`);
    }
  }
  const res = await deps.db.send(
    new UpdateCommand({
      TableName: deps.tableName,
      Key: keys.profile(customerId),
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toProfile(res.Attributes ?? {});
}

/** The loyalty programme's tier is set by the retailer's systems, not by the customer. */
export async function setLoyaltyTier(deps: Deps, customerId: string, tier: Profile['loyaltyTier']): Promise<void> {
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.tableName,
      Key: keys.profile(customerId),
      UpdateExpression: 'SET loyaltyTier = :tier, updatedAt = :at',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':tier': tier, ':at': deps.clock.now().toISOString() },
    }),
  );
}

export async function setConsent(deps: Deps, customerId: string, purpose: ConsentPurpose, granted: boolean) {
  await ensureProfile(deps, customerId);
  const at = deps.clock.now().toISOString();
  // The consent and its history entry are written together: the timeline is the audit trail.
  await transactWrite(deps, [
    {
      Update: {
        TableName: deps.tableName,
        Key: keys.profile(customerId),
        UpdateExpression: 'SET consents.#purpose = :consent, updatedAt = :at',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#purpose': purpose },
        ExpressionAttributeValues: { ':consent': { granted, updatedAt: at }, ':at': at },
      },
    },
    timelinePut(deps, customerId, {
      type: granted ? 'consent.granted' : 'consent.withdrawn',
      summary: `${purpose} consent ${granted ? 'granted' : 'withdrawn'}`,
      ref: { purpose },
    }),
  ]);
  return (await getProfile(deps, customerId)) as Profile;
}

/**
 * Attaches (or replaces) one identity of a kind. One transaction: the profile keeps the
 * value, the claim item is created only if nobody else owns it, the old claim goes away.
 * `takeOver` moves a claim a guest profile holds to this customer instead (see
 * shared/repositories/guest-merge.ts): the claim must still be the guest's, and the
 * caller's items (the guest's side of the merge) join the same transaction.
 */
export async function setIdentity(
  deps: Deps,
  customerId: string,
  kind: IdentityKind,
  value: string,
  takeOver?: { fromCustomerId: string; items: TransactItem[] },
): Promise<Profile> {
  const profile = await ensureProfile(deps, customerId);
  const previous = profile.identities[kind];
  if (previous === value) return profile;
  const claim = keys.identityClaim(kind, await deps.hashIdentity(kind, value));
  const at = deps.clock.now().toISOString();
  const items: Parameters<typeof transactWrite>[1] = [
    {
      Update: {
        TableName: deps.tableName,
        Key: keys.profile(customerId),
        UpdateExpression: 'SET identities.#kind = :value, updatedAt = :at',
        // Only if nobody changed this identity since we read it.
        ConditionExpression: previous === undefined ? 'attribute_not_exists(identities.#kind)' : 'identities.#kind = :previous',
        ExpressionAttributeNames: { '#kind': kind },
        ExpressionAttributeValues: { ':value': value, ':at': at, ...(previous === undefined ? {} : { ':previous': previous }) },
      },
    },
    {
      Put: {
        TableName: deps.tableName,
        Item: { ...claim, entity: 'identityClaim', kind, customerId },
        ConditionExpression: takeOver ? 'customerId = :owner' : 'attribute_not_exists(PK) OR customerId = :me',
        ExpressionAttributeValues: takeOver ? { ':owner': takeOver.fromCustomerId } : { ':me': customerId },
      },
    },
    timelinePut(deps, customerId, { type: 'identity.added', summary: `${kind} added`, ref: { kind } }),
    ...(takeOver?.items ?? []),
  ];
  if (previous !== undefined) {
    items.push({ Delete: { TableName: deps.tableName, Key: keys.identityClaim(kind, await deps.hashIdentity(kind, previous)) } });
  }
  try {
    await transactWrite(deps, items);
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.includes(1) || (takeOver && failed?.some((i) => i >= 3))) {
      throw fail.conflict(`This ${kind} already belongs to another customer.`, 'identity-taken');
    }
    if (failed?.includes(0)) throw fail.conflict(`Your ${kind} was changed by another request; reload and retry.`);
    throw error;
  }
  return (await getProfile(deps, customerId)) as Profile;
}

export async function removeIdentity(deps: Deps, customerId: string, kind: IdentityKind): Promise<Profile> {
  const profile = await ensureProfile(deps, customerId);
  const previous = profile.identities[kind];
  if (previous === undefined) return profile;
  try {
    await transactWrite(deps, [
      {
        Update: {
          TableName: deps.tableName,
          Key: keys.profile(customerId),
          UpdateExpression: 'REMOVE identities.#kind SET updatedAt = :at',
          ConditionExpression: 'identities.#kind = :previous',
          ExpressionAttributeNames: { '#kind': kind },
          ExpressionAttributeValues: { ':previous': previous, ':at': deps.clock.now().toISOString() },
        },
      },
      { Delete: { TableName: deps.tableName, Key: keys.identityClaim(kind, await deps.hashIdentity(kind, previous)) } },
      timelinePut(deps, customerId, { type: 'identity.removed', summary: `${kind} removed`, ref: { kind } }),
    ]);
  } catch (error) {
    if (failedConditions(error)) throw fail.conflict(`Your ${kind} was changed by another request; reload and retry.`);
    throw error;
  }
  return (await getProfile(deps, customerId)) as Profile;
}

/** The customer who owns a normalised identity, if any: one GetItem. */
export async function resolveIdentity(deps: Deps, kind: IdentityKind, value: string): Promise<string | undefined> {
  const res = await deps.db.send(
    new GetCommand({ TableName: deps.tableName, Key: keys.identityClaim(kind, await deps.hashIdentity(kind, value)) }),
  );
  return res.Item?.customerId as string | undefined;
}

/**
 * Erases a customer's items: identity claims first, then every item in the customer's
 * partition and every item indexed to them on GSI1, the profile item last — so an
 * interrupted erasure can simply be run again. shared/privacy runs it after every module
 * that holds something elsewhere has let go of it.
 */
export async function forgetCustomer(deps: Deps, customerId: string): Promise<void> {
  const profile = await getProfile(deps, customerId);
  const claims = await Promise.all(
    Object.entries(profile?.identities ?? {}).map(async ([kind, value]) =>
      keys.identityClaim(kind as IdentityKind, await deps.hashIdentity(kind, value as string)),
    ),
  );
  await batchDelete(deps, claims);

  const owned: { PK: string; SK: string }[] = [];
  for (const index of [undefined, 'GSI1'] as const) {
    let start: Record<string, unknown> | undefined;
    do {
      const res = await deps.db.send(
        new QueryCommand({
          TableName: deps.tableName,
          IndexName: index,
          KeyConditionExpression: index ? 'GSI1PK = :pk' : 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.customerPartition(customerId) },
          ProjectionExpression: 'PK, SK',
          ExclusiveStartKey: start,
        }),
      );
      owned.push(...((res.Items ?? []) as { PK: string; SK: string }[]));
      start = res.LastEvaluatedKey;
    } while (start);
  }
  const profileKey = keys.profile(customerId);
  const rest = owned.filter((k) => !(k.PK === profileKey.PK && k.SK === profileKey.SK));
  await batchDelete(deps, dedupe(rest));
  await batchDelete(deps, [profileKey]);
}

function dedupe(list: { PK: string; SK: string }[]) {
  return [...new Map(list.map((k) => [`${k.PK}\u0000${k.SK}`, k])).values()];
}

/** A profile item as read in another context's BatchGet (e.g. proximity reads it with the beacons heard). */
export const profileFromItem = toProfile;
