// Repository: proximity offers, their live-by-target index, per-customer frequency caps and
// redemptions. "Once per customer" and "never above the total limit" are DynamoDB conditions.

import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { fail } from '../platform/errors.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { keys } from '../table/keys.ts';
import { failedConditions, isConditionalFailure, type TransactItem, transactWrite } from '../table/transact.ts';
import { proximityEvents } from './events.ts';
import type { Offer, OfferInput } from './schemas.ts';

type Item = Record<string, unknown>;
const OFFER_FIELDS = [
  'offerId',
  'title',
  'description',
  'target',
  'audience',
  'validFrom',
  'validUntil',
  'openingHoursOnly',
  'priority',
  'frequencyCap',
  'totalRedemptionLimit',
  'requiresStock',
  'redemptions',
  'createdAt',
  'updatedAt',
] as const;
const toOffer = (item: Item) => Object.fromEntries(OFFER_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as Offer;

/** Instants in keys are UTC ISO, so they sort as strings. */
const utc = (iso: string) => new Date(iso).toISOString();

function definition(input: OfferInput) {
  return { ...input, validFrom: utc(input.validFrom), validUntil: utc(input.validUntil) };
}

/** The offer's Put, for a create (with the caller's idempotency record in the same transaction). */
export function newOffer(deps: Deps, input: OfferInput): { offer: Offer; put: TransactItem } {
  const now = deps.clock.now();
  const offerId = ulid(now.getTime());
  const offer: Offer = { ...definition(input), offerId, redemptions: 0, createdAt: now.toISOString(), updatedAt: now.toISOString() };
  return {
    offer,
    put: {
      Put: {
        TableName: deps.tableName,
        Item: { ...keys.offer(offerId), ...keys.offerTarget(offer.target.storeId, offer.validUntil, offerId), entity: 'offer', ...offer },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  };
}

export async function getOffer(deps: Deps, offerId: string, consistent = false): Promise<Offer | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.offer(offerId), ConsistentRead: consistent }));
  return res.Item ? toOffer(res.Item) : undefined;
}

/** Replaces an offer's definition; its redemption counter and creation time stay. */
export async function replaceOffer(deps: Deps, offerId: string, input: OfferInput): Promise<Offer> {
  const def = definition(input);
  const target = keys.offerTarget(def.target.storeId, def.validUntil, offerId);
  const values = Object.entries({ ...def, ...target, updatedAt: deps.clock.now().toISOString() }).filter(([, v]) => v !== undefined);
  const optional = ['description', 'audience', 'totalRedemptionLimit', 'requiresStock'] as const;
  const set = values.map(([f]) => `#${f} = :${f}`);
  const remove = optional.filter((f) => def[f] === undefined).map((f) => `#${f}`);
  const names = Object.fromEntries([...values.map(([f]) => f), ...optional].map((f) => [`#${f}`, f]));
  try {
    const res = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.offer(offerId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.fromEntries(values.map(([k, v]) => [`:${k}`, v])),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toOffer(res.Attributes ?? {});
  } catch (error) {
    if (isConditionalFailure(error)) throw fail.notFound(`There is no offer ${offerId}.`);
    throw error;
  }
}

/** Offers that target this store and chain-wide ones, not yet ended: two Queries in parallel. */
export const MAX_LIVE_OFFERS_PER_TARGET = 100;
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
  return [...(store.Items ?? []), ...(chain.Items ?? [])].map(toOffer);
}

/**
 * Counts one showing against the customer's cap, condition-written so two concurrent
 * sightings cannot both use the last showing of a window.
 */
export function capPut(
  deps: Pick<Deps, 'tableName'>,
  customerId: string,
  shown: { offerId: string; times: number; newWindow: boolean; windowEnd: number; nowSeconds: number },
): TransactItem {
  const key = keys.offerCap(customerId, shown.offerId);
  return shown.newWindow
    ? {
        Update: {
          TableName: deps.tableName,
          Key: key,
          UpdateExpression: 'SET #count = :one, windowEnd = :end, expiresAt = :end, entity = :entity',
          ConditionExpression: 'attribute_not_exists(PK) OR windowEnd <= :now',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':end': shown.windowEnd, ':now': shown.nowSeconds, ':entity': 'offerCap' },
        },
      }
    : {
        Update: {
          TableName: deps.tableName,
          Key: key,
          UpdateExpression: 'ADD #count :one',
          ConditionExpression: 'windowEnd > :now AND #count < :times',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':now': shown.nowSeconds, ':times': shown.times },
        },
      };
}

export type Redemption = { offerId: string; customerId: string; storeId: string; redeemedAt: string };

/**
 * Redeems an offer for a customer. One transaction: the redemption record only if there is
 * none (once per customer), the offer's counter only while below its limit, the timeline
 * entry and the outbox event. Concurrency cannot push the counter past the limit.
 */
export async function redeemOffer(deps: Deps, offer: Offer, customerId: string, storeId: string, by: string): Promise<Redemption> {
  const redeemedAt = deps.clock.now().toISOString();
  const redemption = { offerId: offer.offerId, customerId, storeId, redeemedAt };
  try {
    await transactWrite(deps, [
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...keys.offerRedemption(customerId, offer.offerId), entity: 'offerRedemption', ...redemption, by },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Update: {
          TableName: deps.tableName,
          Key: keys.offer(offer.offerId),
          UpdateExpression: 'ADD redemptions :one',
          ConditionExpression:
            'attribute_exists(PK) AND (attribute_not_exists(totalRedemptionLimit) OR redemptions < totalRedemptionLimit)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      timelinePut(deps, customerId, {
        type: 'offer.redeemed',
        summary: `Redeemed “${offer.title}”`,
        ref: { offerId: offer.offerId, storeId },
      }),
      outboxPut(deps, { event: proximityEvents.offerRedeemed, subject: `offer#${offer.offerId}`, detail: redemption }),
    ]);
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.includes(0)) throw fail.conflict('This customer already redeemed this offer.', 'already-redeemed');
    if (failed?.includes(1)) throw fail.conflict('This offer has reached its redemption limit.', 'redemption-limit-reached');
    throw error;
  }
  return redemption;
}
