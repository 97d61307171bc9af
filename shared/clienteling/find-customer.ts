// Use case: the tablet's one search box (GET /stores/{storeId}/customers) — whom the text
// means, the lookup audited, the customer card. Whom the text means is one implementation
// shared with the contact center's chain-wide search (findCustomerInChain).

import { channels } from '../orders/index.ts';
import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import type { PageRequest } from '../platform/schemas.ts';
import { normalizeIdentity } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { type Store, storeFromItem } from '../stores/index.ts';
import type { Key } from '../table/batch.ts';
import { keys } from '../table/keys.ts';
import { customerCard } from './customer-card.ts';
import { auditLookup } from './lookup-audit.ts';
import { orderOwners, readKeys } from './repository.ts';
import {
  identityPrecedence,
  type Match,
  type MatchKind,
  orderOwner,
  readAgainInStoreCountry,
  searchCandidates,
  textsToRead,
} from './rules.ts';

type Item = Record<string, unknown>;
type Lookup = { kind: MatchKind; key: Key };
const id = (k: Key) => `${k.PK}\u0000${k.SK}`;

/**
 * 1. Staff of this store only (regional and admin roles: every store).
 * 2. Find whom the text means (findCustomer); an unknown store is not found.
 * 3. Nobody: audit the miss, then not found.
 * 4. Someone: audit the hit (before anything is shown: the audit write and the card's reads
 *    are in flight together and the answer waits for both), and answer the card.
 */
export async function searchCustomer(deps: Deps, actor: Actor, command: { storeId: string; q: string } & PageRequest) {
  const { storeId, q, ...page } = command;
  if (actor.kind !== 'staff') throw fail.forbidden('Only store staff can do this.');
  assertStoreAccess(actor, storeId);
  const { store, match } = await findCustomer(deps, storeId, q);
  if (!match) {
    await auditLookup(deps, actor, store.storeId, { result: 'not_found' });
    throw fail.notFound('No customer matches this e-mail, phone, loyalty number or order number.');
  }
  const [card] = await Promise.all([
    customerCard(deps, store, match, page),
    auditLookup(deps, actor, store.storeId, { result: 'found', match }),
  ]);
  return card;
}

/**
 * The store (not found if unknown) and the customer the text means, if any.
 * 1. Every key the text could be, read with the store in ONE BatchGetItem (lookupRound).
 * 2. Whom they name (pick).
 * 3. A phone typed without a country prefix is read in the store's country: a second round
 *    only when the store's country differs from the default and the first found nobody.
 */
export async function findCustomer(deps: Deps, storeId: string, q: string): Promise<{ store: Store; match?: Match }> {
  const storeKey = keys.store(storeId);
  const first = await lookupRound(deps, q, deps.defaultCountry, [storeKey]);
  const storeItem = first.found.find((i) => id(i as Key) === id(storeKey));
  if (!storeItem) throw fail.notFound(`There is no store ${storeId}.`);
  const store = storeFromItem(storeItem); // read here, never returned
  const match = await pick(deps, first.lookups, first.found);
  if (!readAgainInStoreCountry(match !== undefined, store.address.country, deps.defaultCountry))
    return { store, ...(match ? { match } : {}) };
  const again = await lookupRound(deps, q, store.address.country, [], first.lookups);
  const local = again.lookups.length ? await pick(deps, again.lookups, again.found) : undefined;
  return { store, ...(local ? { match: local } : {}) };
}

/**
 * The customer the text means anywhere in the chain (the contact center's search): one
 * round, a phone without a prefix read in the deployment's default country.
 */
export async function findCustomerInChain(deps: Deps, q: string): Promise<Match | undefined> {
  const { lookups, found } = await lookupRound(deps, q, deps.defaultCountry);
  return lookups.length ? pick(deps, lookups, found) : undefined;
}

/**
 * One reading of the text: every key it could be (phones without a prefix read in `country`;
 * keys already read in an earlier round left out) and the items among them that exist, read
 * with `alongside` in one BatchGetItem — identity claims of each kind it may be, channel
 * order claims, our order id.
 */
async function lookupRound(deps: Deps, q: string, country: string, alongside: Key[] = [], readBefore: Lookup[] = []) {
  const lookups = (await lookupKeys(deps, q, country)).filter((l) => !readBefore.some((o) => id(o.key) === id(l.key)));
  const wanted = [...alongside, ...lookups.map((l) => l.key)];
  const found = wanted.length ? await readKeys(deps, wanted) : [];
  return { lookups, found };
}

/** The keys the text could be, reading phone numbers without a prefix in `country`. */
async function lookupKeys(deps: Deps, q: string, country: string): Promise<Lookup[]> {
  const candidates = searchCandidates(q);
  const out: Lookup[] = [];
  const values = new Set<string>();
  for (const kind of candidates.identities) {
    for (const text of textsToRead(kind, q)) {
      const normalized = normalizeIdentity(kind, text, country);
      if (!normalized.ok || values.has(`${kind}:${normalized.value}`)) continue;
      values.add(`${kind}:${normalized.value}`);
      out.push({ kind, key: keys.identityClaim(kind, await deps.hashIdentity(kind, normalized.value)) });
    }
  }
  if (candidates.orderNumber) {
    for (const channel of channels) out.push({ kind: 'order', key: keys.channelOrder(channel, candidates.orderNumber) });
  }
  if (candidates.orderId) out.push({ kind: 'order', key: keys.order(candidates.orderId) });
  return out;
}

/**
 * Whom the keys found name: identities first (e-mail, phone, loyalty), then order numbers
 * (their orders' owners: one more BatchGetItem; owners that disagree are a conflict).
 */
async function pick(deps: Deps, lookups: Lookup[], found: Item[]): Promise<Match | undefined> {
  const byKey = new Map(found.map((i) => [id(i as Key), i]));
  for (const kind of identityPrecedence) {
    const hit = lookups.find((l) => l.kind === kind && byKey.has(id(l.key)));
    if (hit) return { customerId: byKey.get(id(hit.key))!.customerId as string, matchedBy: kind };
  }
  // Order numbers: our order id names the order itself; a channel's number names its claim.
  const orders = lookups.flatMap((l) => {
    const item = l.kind === 'order' ? byKey.get(id(l.key)) : undefined;
    return item ? [item] : [];
  });
  const direct = orders.find((i) => i.SK === keys.order('').SK);
  if (direct) return { customerId: direct.customerId as string, matchedBy: 'order' };
  // A claim still pending (its order being placed right now) names no order yet.
  const orderIds = [...new Set(orders.flatMap((i) => (typeof i.orderId === 'string' ? [i.orderId] : [])))];
  const owner = orderIds.length ? orderOwner(await orderOwners(deps, orderIds)) : undefined;
  return owner ? { customerId: owner, matchedBy: 'order' } : undefined;
}
