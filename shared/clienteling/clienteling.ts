// Repository: the store tablet's reads — whom the one search box means (one BatchGetItem
// over every key the text could be), the customer card (one round of parallel reads) — and
// the audit trail of lookups, which records who looked up whom but never what was typed.

import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import {
  type Channel,
  type CustomerCard,
  channels,
  listCustomerOrders,
  type matchKinds,
  pickupFromItem,
  queryStorePickups,
  searchCandidates,
} from '../orders/index.ts';
import { fail } from '../platform/errors.ts';
import type { Profile } from '../profiles/index.ts';
import { normalizeIdentity } from '../profiles/index.ts';
import { isPresent } from '../proximity/index.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { keys } from '../table/keys.ts';

type Item = Record<string, unknown>;
type Key = { PK: string; SK: string };
export type MatchKind = (typeof matchKinds)[number];
export type Match = { customerId: string; matchedBy: MatchKind };

/** Lookup audit entries are kept about 13 months (a year of accountability plus slack). */
const AUDIT_TTL_SECONDS = 400 * 24 * 3600;
/** Card bounds: upcoming appointments shown, waiting pickups per status, timeline entries scanned for visits. */
const CARD_APPOINTMENTS = 10;
const CARD_PICKUPS = 20;
const TIMELINE_WINDOW = 50;
const CARD_VISITS = 5;
/** The timeline entry proximity writes when a customer enters a store. */
const VISIT_ENTRY_TYPE = 'store.visited';

/** An appointment's start: its own field, else the instant in its index key (APPT#<start>#<id>). */
const startOf = (a: Item) => (a.start as string | undefined) ?? (a.GSI1SK as string).split('#')[1]!;

const id = (k: Key) => `${k.PK}\u0000${k.SK}`;

type Lookup = { kind: MatchKind; key: Key; channel?: Channel };

async function lookupKeys(deps: Deps, q: string, country: string): Promise<Lookup[]> {
  const candidates = searchCandidates(q);
  const out: Lookup[] = [];
  const values = new Set<string>();
  for (const kind of candidates.identities) {
    // A "+" the tablet forgot to URL-encode arrives as a space: also read the digits as international.
    const texts = kind === 'phone' && /^\s*\d/.test(q) ? [q, `+${q.trim()}`] : [q];
    for (const text of texts) {
      const normalized = normalizeIdentity(kind, text, country);
      if (!normalized.ok || values.has(`${kind}:${normalized.value}`)) continue;
      values.add(`${kind}:${normalized.value}`);
      out.push({ kind, key: keys.identityClaim(kind, await deps.hashIdentity(kind, normalized.value)) });
    }
  }
  if (candidates.orderNumber) {
    for (const channel of channels) out.push({ kind: 'order', channel, key: keys.channelOrder(channel, candidates.orderNumber) });
  }
  if (candidates.orderId) out.push({ kind: 'order', key: keys.order(candidates.orderId) });
  return out;
}

/**
 * The store (404 if unknown) and the customer the text means, if any: identities first
 * (e-mail, phone, loyalty), then order numbers. A phone typed without a country prefix is
 * read in the store's country; that needs a second BatchGetItem only when the store's
 * country differs from the default and the first found nobody.
 */
export async function findCustomer(deps: Deps, storeId: string, q: string): Promise<{ store: Store; match?: Match }> {
  const storeKey = keys.store(storeId);
  let lookups = await lookupKeys(deps, q, deps.defaultCountry);
  let found = await batchGet(deps, [storeKey, ...lookups.map((l) => l.key)]);
  const storeItem = found.find((i) => i.PK === storeKey.PK && i.SK === storeKey.SK);
  if (!storeItem) throw fail.notFound(`There is no store ${storeId}.`);
  const store = storeItem as Store; // read here, never returned
  let match = await pick(deps, lookups, found);
  if (!match && store.address.country.toUpperCase() !== deps.defaultCountry.toUpperCase()) {
    const local = (await lookupKeys(deps, q, store.address.country)).filter((l) => !lookups.some((o) => id(o.key) === id(l.key)));
    if (local.length) {
      lookups = local;
      found = await batchGet(
        deps,
        local.map((l) => l.key),
      );
      match = await pick(deps, lookups, found);
    }
  }
  return { store, ...(match ? { match } : {}) };
}

async function pick(deps: Deps, lookups: Lookup[], found: Item[]): Promise<Match | undefined> {
  const byKey = new Map(found.map((i) => [id(i as Key), i]));
  for (const kind of ['email', 'phone', 'loyalty'] as const) {
    const hit = lookups.find((l) => l.kind === kind && byKey.has(id(l.key)));
    if (hit) return { customerId: byKey.get(id(hit.key))!.customerId as string, matchedBy: kind };
  }
  // Order numbers: our order id names the order itself; a channel's number names its claim.
  const orders = lookups.flatMap((l) => {
    const item = l.kind === 'order' ? byKey.get(id(l.key)) : undefined;
    return item ? [item] : [];
  });
  const direct = orders.find((i) => i.SK === 'ORDER');
  if (direct) return { customerId: direct.customerId as string, matchedBy: 'order' };
  const orderIds = [...new Set(orders.map((i) => i.orderId as string))];
  if (!orderIds.length) return undefined;
  const owners = [
    ...new Set(
      (
        await batchGet(
          deps,
          orderIds.map((o) => keys.order(o)),
        )
      ).map((o) => o.customerId as string),
    ),
  ];
  if (owners.length > 1) {
    throw fail.conflict(
      'Orders of different customers have this number in different channels; search by e-mail or phone.',
      'ambiguous-order-number',
    );
  }
  return owners[0] ? { customerId: owners[0], matchedBy: 'order' } : undefined;
}

export type Actor = { userId: string; role: string };

/** One audit entry per lookup: the actor, the store, the customer found (or not) and how — never the query. */
export async function auditLookup(deps: Deps, storeId: string, actor: Actor, outcome: Partial<Match> & { result: 'found' | 'not_found' }) {
  const now = deps.clock.now();
  const entryId = ulid(now.getTime());
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: {
        ...keys.lookupAudit(storeId, now.toISOString().slice(0, 10), entryId),
        entity: 'lookupAudit',
        entryId,
        at: now.toISOString(),
        storeId,
        actor: actor.userId,
        actorRole: actor.role,
        ...outcome,
        expiresAt: Math.floor(now.getTime() / 1000) + AUDIT_TTL_SECONDS,
      },
    }),
  );
  deps.logger.info('customer lookup', {
    storeId,
    actor: actor.userId,
    result: outcome.result,
    customerId: outcome.customerId,
    matchedBy: outcome.matchedBy,
  });
}

/** The customer card: every read independent of the others, all in flight at once. */
export async function customerCard(
  deps: Deps,
  store: Store,
  match: Match,
  page: { limit: number; cursor?: string },
): Promise<CustomerCard> {
  const { customerId } = match;
  const now = deps.clock.now();
  // Today in the store's time zone, without bundling luxon for it: read from a day and a bit
  // back (local midnight is at most 25 h ago on a DST day) and keep local dates from today on.
  const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: store.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const today = localDate.format(now);
  const lookBack = new Date(now.getTime() - 26 * 3600_000).toISOString();
  const [items, orders, ready, preparing, appointments, visits] = await Promise.all([
    batchGet(deps, [keys.profile(customerId), keys.presence(customerId)]),
    listCustomerOrders(deps, customerId, page),
    queryStorePickups(deps, store.storeId, 'ready_for_pickup', { limit: CARD_PICKUPS, customerId }),
    queryStorePickups(deps, store.storeId, 'placed', { limit: CARD_PICKUPS, customerId }),
    deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.customerPartition(customerId),
          ':from': `${keys.customerAppointmentPrefix}${lookBack}`,
          ':to': `${keys.customerAppointmentPrefix}\uffff`,
        },
        Limit: CARD_APPOINTMENTS * 2, // yesterday's and cancelled ones are dropped below
      }),
    ),
    deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        FilterExpression: '#type = :visit',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':pk': keys.customerPartition(customerId),
          ':prefix': keys.timelinePrefix,
          ':visit': VISIT_ENTRY_TYPE,
        },
        ScanIndexForward: false,
        Limit: TIMELINE_WINDOW, // the latest entries only: a visit further back is not "recent"
      }),
    ),
  ]);
  const profile = items.find((i) => i.SK === 'PROFILE') as Profile | undefined;
  if (!profile) throw fail.notFound('This customer has no profile any more.');
  const presence = items.find((i) => i.SK === 'PRESENCE');
  const present = presence && isPresent({ expiresAt: Number(presence.expiresAt) }, now) ? presence : undefined;
  return {
    customerId,
    matchedBy: match.matchedBy,
    ...(profile.name ? { name: profile.name } : {}),
    loyaltyTier: profile.loyaltyTier,
    guest: profile.guest,
    consents: {
      marketing: profile.consents?.marketing?.granted ?? false,
      proximity: profile.consents?.proximity?.granted ?? false,
    },
    orders,
    pickupsHere: {
      ready: ready.items.map((i) => pickupFromItem(i, profile.name)),
      preparing: preparing.items.map((i) => pickupFromItem(i, profile.name)),
    },
    appointments: (appointments.Items ?? [])
      .filter((a) => a.status !== 'cancelled' && localDate.format(new Date(startOf(a))) >= today)
      .slice(0, CARD_APPOINTMENTS)
      .map((a) => ({
        appointmentId: a.appointmentId as string,
        storeId: a.storeId as string,
        start: startOf(a),
        ...(a.end ? { end: a.end as string } : {}),
        status: String(a.status ?? 'booked'),
        ...(a.serviceName ? { serviceName: a.serviceName as string } : {}),
        ...(a.stylistName ? { stylistName: a.stylistName as string } : {}),
      })),
    presence: present
      ? {
          inThisStore: present.storeId === store.storeId,
          storeId: present.storeId as string,
          ...(present.since ? { since: present.since as string } : {}),
        }
      : { inThisStore: false },
    recentVisits: (visits.Items ?? []).slice(0, CARD_VISITS).map((v) => ({
      at: v.at as string,
      ...((v.ref as Record<string, string> | undefined)?.storeId ? { storeId: (v.ref as Record<string, string>).storeId } : {}),
      summary: v.summary as string,
    })),
  };
}
