// Repository: proximity offers, their live-by-target index, per-customer frequency caps and
// redemptions <-> their items, and what a sighting reads about its candidate offers (caps,
// redemptions, stock). "Once per customer" and "never above the total limit" are conditions
// of the items built here; what a failed one means is the use case's to say.

import { ulid } from 'ulid';
import { availableNow, lineFromItem } from '../inventory/index.ts';
import type { ActorRef } from '../platform/actor.ts';
import type { Deps } from '../runtime/deps.ts';
import { GetCommand, QueryCommand, UpdateCommand } from '../runtime/dynamodb.ts';
import { batchGet } from '../table/batch.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { isConditionalFailure, type TransactItem } from '../table/transact.ts';
import { updateParts } from '../table/update.ts';
import type { CapRecord, OfferState } from './offer-rules.ts';
import type { Offer, OfferInput } from './schemas.ts';

type OfferItem = Stored<'offer', Offer>;
type OfferCapItem = Stored<'offerCap', CapRecord>;
export type Redemption = { offerId: string; customerId: string; storeId: string; redeemedAt: string };
type OfferRedemptionItem = Stored<'offerRedemption', Redemption & { by: ActorRef }>;

/** Instants in keys are UTC ISO, so they sort as strings. */
const utc = (iso: string) => new Date(iso).toISOString();

function definition(input: OfferInput) {
  return { ...input, validFrom: utc(input.validFrom), validUntil: utc(input.validUntil) };
}

const offerKeys = (offer: Pick<Offer, 'offerId' | 'target' | 'validUntil'>) => ({
  ...keys.offer(offer.offerId),
  ...keys.offerTarget(offer.target.storeId, offer.validUntil, offer.offerId),
});

/** A new offer and its Put (only if the id is new), for the caller's transaction. */
export function newOffer(deps: Deps, input: OfferInput): { offer: Offer; put: TransactItem } {
  const now = deps.clock.now();
  const offer: Offer = {
    ...definition(input),
    offerId: ulid(now.getTime()),
    redemptions: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const item: OfferItem = toItem('offer', offerKeys(offer), offer);
  return { offer, put: { Put: { TableName: deps.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } } };
}

export async function getOffer(deps: Deps, offerId: string, consistent = false): Promise<Offer | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.offer(offerId), ConsistentRead: consistent }));
  return res.Item && fromItem<Offer>(res.Item);
}

/** The optional parts of a definition: a replacement without them removes them. */
const OPTIONAL = ['description', 'audience', 'totalRedemptionLimit', 'requiresStock'] as const;

/** Replaces an offer's definition (its counter and creation time stay); undefined when there is no such offer. */
export async function replaceDefinition(deps: Deps, offerId: string, input: OfferInput): Promise<Offer | undefined> {
  const def = definition(input);
  try {
    const res = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.offer(offerId),
        ...updateParts({
          set: { ...def, ...keys.offerTarget(def.target.storeId, def.validUntil, offerId), updatedAt: deps.clock.now().toISOString() },
          remove: OPTIONAL.filter((f) => def[f] === undefined),
          condition: 'attribute_exists(PK)',
        }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem<Offer>(res.Attributes ?? {});
  } catch (error) {
    if (isConditionalFailure(error)) return undefined;
    throw error;
  }
}

/** Offers that target this store and chain-wide ones, not yet ended: two Queries in parallel. */
const MAX_LIVE_OFFERS_PER_TARGET = 100;
export async function liveOffers(deps: Deps, storeId: string, now: Date): Promise<Offer[]> {
  const query = (pk: string) =>
    deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK > :now',
        ExpressionAttributeValues: { ':pk': pk, ':now': now.toISOString() },
        Limit: MAX_LIVE_OFFERS_PER_TARGET,
      }),
    );
  const [store, chain] = await Promise.all([
    query(keys.offerTarget(storeId, '', '').GSI2PK),
    query(keys.offerTarget(undefined, '', '').GSI2PK),
  ]);
  return [...(store.Items ?? []), ...(chain.Items ?? [])].map((i) => fromItem<Offer>(i));
}

/**
 * Counts one showing against the customer's cap, condition-written so two concurrent
 * sightings cannot both use the last showing of a window. A new window starts the count
 * (its end is also the item's TTL).
 */
export function capPut(
  deps: Pick<Deps, 'tableName'>,
  customerId: string,
  shown: { offerId: string; times: number; newWindow: boolean; windowEnd: number; nowSeconds: number },
): TransactItem {
  const update = shown.newWindow
    ? updateParts({
        set: { count: 1, windowEnd: shown.windowEnd, expiresAt: shown.windowEnd, entity: 'offerCap' },
        condition: 'attribute_not_exists(PK) OR windowEnd <= :now',
        values: { ':now': shown.nowSeconds },
      })
    : updateParts({
        add: { count: 1 },
        condition: 'windowEnd > :now AND #count < :times',
        names: { '#count': 'count' },
        values: { ':now': shown.nowSeconds, ':times': shown.times },
      });
  return { Update: { TableName: deps.tableName, Key: keys.offerCap(customerId, shown.offerId), ...update } };
}

/** The customer's redemption of an offer, only if they have none (once per customer). */
export function redemptionPut(deps: Deps, redemption: Redemption, by: ActorRef): TransactItem {
  const item: OfferRedemptionItem = toItem('offerRedemption', keys.offerRedemption(redemption.customerId, redemption.offerId), {
    ...redemption,
    by,
  });
  return { Put: { TableName: deps.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } };
}

/** One more redemption on the offer's counter, only while below its total limit. */
export function redemptionCount(deps: Deps, offerId: string): TransactItem {
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.offer(offerId),
      ...updateParts({
        add: { redemptions: 1 },
        condition: 'attribute_exists(PK) AND (attribute_not_exists(totalRedemptionLimit) OR redemptions < totalRedemptionLimit)',
      }),
    },
  };
}

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
  const prefix = { cap: keys.offerCap(customerId, '').SK, redeemed: keys.offerRedemption(customerId, '').SK, stock: keys.stockPrefix };
  for (const item of items) {
    const sk = item.SK as string;
    if (sk.startsWith(prefix.cap)) {
      const cap = item as OfferCapItem;
      state.caps.set(sk.slice(prefix.cap.length), { count: Number(cap.count), windowEnd: Number(cap.windowEnd) });
    } else if (sk.startsWith(prefix.redeemed)) state.redeemed.add(sk.slice(prefix.redeemed.length));
    else if (sk.startsWith(prefix.stock)) state.available.set(sk.slice(prefix.stock.length), availableNow(lineFromItem(item), now));
  }
  return state;
}
