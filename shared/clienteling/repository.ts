// Repository: the lookup audit (the tablet's own item) and the tablet's reads of items other
// modules own — identity and channel-order claims, orders, the customer's profile, presence,
// appointments and timeline. Decides nothing.

import { recentEntriesOfType } from '../platform/timeline.ts';
import { type Profile, profileFromItem } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { PutCommand } from '../runtime/dynamodb.ts';
import { batchGet, type Key } from '../table/batch.ts';
import { epochSeconds, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import type { MatchKind } from './rules.ts';

/** Who looked up whom, when, and how it matched — never what was typed. */
type LookupAudit = {
  entryId: string;
  at: string;
  storeId: string;
  /** The staff user and their role. */
  actor: string;
  actorRole: string;
  result: 'found' | 'not_found';
  /**
   * Whom, pseudonymised: a keyed hash (HMAC, the identity key) of the customer id — never the
   * id. Who looked up a given customer is answered by hashing their id with the same key;
   * after their erasure nothing in the entry leads back to them.
   */
  customerRef?: string;
  matchedBy?: MatchKind;
};
type LookupAuditItem = Stored<'lookupAudit', LookupAudit>;

/** Lookup audit entries are kept about 13 months (a year of accountability plus slack). */
const AUDIT_TTL_SECONDS = 400 * 24 * 3600;

export async function putLookupAudit(deps: Deps, audit: LookupAudit): Promise<void> {
  const item: LookupAuditItem = toItem(
    'lookupAudit',
    keys.lookupAudit(audit.storeId, audit.at.slice(0, 10), audit.entryId),
    audit,
    epochSeconds(new Date(audit.at)) + AUDIT_TTL_SECONDS,
  );
  await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: item }));
}

/** The items among these keys that exist (a store, identity claims, order claims, orders): one BatchGetItem. */
export function readKeys(deps: Deps, candidates: Key[]) {
  return batchGet(deps, candidates);
}

/** The customers who own these orders: one BatchGetItem. */
export async function orderOwners(deps: Deps, orderIds: string[]): Promise<string[]> {
  const orders = await batchGet(
    deps,
    orderIds.map((id) => keys.order(id)),
  );
  return orders.map((o) => o.customerId as string);
}

type CardPresence = { storeId: string; since?: string; expiresAt: number };
type CardVisit = { at: string; storeId?: string; summary: string };

/** The timeline entry proximity writes when a customer enters a store. */
const VISIT_ENTRY_TYPE = 'store.visited';

/**
 * What the card reads about the customer besides orders and appointments, at once: profile
 * and presence (one BatchGetItem) and the store visits among the latest timeline entries
 * (a Query).
 */
export async function readCustomerFacts(
  deps: Deps,
  customerId: string,
  bounds: { timelineWindow: number },
): Promise<{ profile?: Profile; presence?: CardPresence; visits: CardVisit[] }> {
  const [items, visits] = await Promise.all([
    batchGet(deps, [keys.profile(customerId), keys.presence(customerId)]),
    recentEntriesOfType(deps, customerId, VISIT_ENTRY_TYPE, bounds.timelineWindow),
  ]);
  const profile = items.find((i) => i.SK === keys.profile(customerId).SK);
  const presence = items.find((i) => i.SK === keys.presence(customerId).SK);
  return {
    ...(profile ? { profile: profileFromItem(profile) } : {}),
    ...(presence
      ? {
          presence: {
            storeId: presence.storeId as string,
            since: presence.since as string | undefined,
            expiresAt: Number(presence.expiresAt),
          },
        }
      : {}),
    visits: visits.map((v) => ({ at: v.at, ...(v.ref?.storeId ? { storeId: v.ref.storeId } : {}), summary: v.summary })),
  };
}
