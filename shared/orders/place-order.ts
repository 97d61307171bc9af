// Use case: place an order from any channel (POST /orders). However often a channel sends
// it, it is placed once; its pickup lines hold stock; an unknown customer becomes a guest.

import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { unknownSkuErrors } from '../catalog/index.ts';
import { planShipment } from '../fulfilment/index.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import {
  type IdentityKind,
  identityClaimItem,
  identityKinds,
  newProfile,
  normalizeOrReject,
  profileItem,
  purchasesWrite,
} from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail, isDomainError } from '../runtime/errors.ts';
import { keys } from '../table/keys.ts';
import { cancellationCode, type TransactItem, Tx } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { pickupStock } from './order-stock.ts';
import { newPickupCode, pickupCodes } from './pickup-code.ts';
import {
  categoriesOf,
  newOrder,
  ownerOf,
  pickupStoreOf,
  placedAtOf,
  placedInStoreDetail,
  placedSummary,
  referenceErrors,
  shipLinesOf,
  withShipment,
} from './placing-rules.ts';
import type { CreateOrderRequest, CustomerRef } from './placing-schemas.ts';
import {
  type ChannelOrderItem,
  channelClaimPut,
  getChannelClaim,
  getOrder,
  newOrderPut,
  orderFromItem,
  pendingClaimPut,
  profileExistsCheck,
  putNew,
  readForPlacing,
  releasePendingClaim,
} from './repository.ts';
import type { Order } from './schemas.ts';

/** An associate-assisted order: sold at this store by this associate (and announced to the customer). */
type PlaceOptions = { soldAt?: { storeId: string; associateId: string } };
export type PlacedOrder = { order: Order; created: boolean; pickupCode?: string; guestCreated?: boolean };

/** Attempts when a concurrent order created the same guest, or the purchase summary appeared. */
const PLACE_ATTEMPTS = 4;
/** Attempts when the units of a ship line went to another order between our read and our write. */
const SHIP_ATTEMPTS = 50;

type Identity = { kind: IdentityKind; value: string; hash: string; claim: { PK: string; SK: string } };

/**
 * Places an order.
 * 1. Without reading: placedAt is not in the future, the pickup lines name one store, the
 *    identities are normalised (400 naming the field otherwise).
 * 2. Read in ONE consistent BatchGetItem: the channel's claim of its order id, the stores,
 *    their stock lines, the identities' claims. A claim means the order was placed before:
 *    the same order back (200), or 409 if the channel now sends something else; a pending
 *    claim means it is being placed right now: 409 request-in-progress (Retry-After).
 * 3. Decide: the stores and SKUs exist, are open, offer pickup, carry the SKU (422 otherwise);
 *    the customer is the one given, the one the identities name, or a new guest.
 *    Every SKU must be in the catalogue (422 naming `lines[i].sku`).
 * 4. The pickup lines hold their units through inventory (order-stock.ts), the channel
 *    order id claimed as pending in the same transaction; the ship lines are planned by
 *    fulfilment: a warehouse each (named, or the earliest promise with the units), the
 *    promise fixed on the line and the order, their units allocated.
 * 5. Write ONE transaction: the claim, the order, the customer's existence check or the new
 *    guest with its identity claims, the purchase summary, the timeline entry, the event(s),
 *    the stock items. A guest or purchase summary created meanwhile, or a warehouse's units
 *    taken meanwhile: read and decide again.
 * 6. A hold the order did not keep is released, with its pending claim. A failure that a
 *    twin of this request may have caused is checked against the claim (repeatOf): never a
 *    business error the first request did not get.
 */
export async function placeOrder(deps: Deps, request: CreateOrderRequest, options: PlaceOptions = {}): Promise<PlacedOrder> {
  const claim: ClaimRef = {
    channel: request.channel,
    channelOrderId: request.channelOrderId,
    requestHash: createHash('sha256').update(JSON.stringify(request)).digest('base64url'),
    token: ulid(),
  };
  const pending = pendingClaimPut(deps, claim, deps.clock.now(), PENDING_CLAIM_SECONDS);
  const stock = pickupStock(deps, pending);
  try {
    const placed = await writeOrder(deps, request, claim, stock.plan, options);
    await stock.settle(placed.created);
    return placed;
  } catch (error) {
    await stock.settle(false);
    if (stock.held()) await releasePendingClaim(deps, claim);
    const repeat = await repeatOf(deps, claim, error, pending);
    if (repeat) return repeat;
    throw error;
  }
}

/** How long a pending claim tells twins "in progress" should its request die before finishing. */
const PENDING_CLAIM_SECONDS = 30;

type ClaimRef = Parameters<typeof releasePendingClaim>[1];

/** Refusals that are the request's own (a twin cannot cause them): answered without reading the claim. */
const ownRefusals = new Set(['validation', 'channel-order-id-reused', 'order-erased', 'request-in-progress']);

/**
 * Placing failed: was it a twin of this request? The pending claim's condition failed or
 * conflicted (a twin holds the id), or placing was refused (the stock the twin holds, the
 * reservation it took over): read the claim. Placed: the twin's order back. Pending under a
 * twin: 409 request-in-progress. Otherwise the refusal stands (undefined).
 */
async function repeatOf(deps: Deps, claim: ClaimRef, error: unknown, pending: TransactItem): Promise<PlacedOrder | undefined> {
  const onClaim = cancellationCode(error, pending);
  const raced = onClaim === 'ConditionalCheckFailed' || onClaim === 'TransactionConflict';
  if (!raced && !(isDomainError(error) && !ownRefusals.has(error.code))) return undefined;
  const found = await getChannelClaim(deps, claim.channel, claim.channelOrderId);
  const answer = found && (await answerFromClaim(deps, found, claim, deps.clock.now()));
  if (answer) return answer;
  if (raced) throw fail.inProgress();
  return undefined;
}

/** A claim found: the order it names (replayed), a twin still placing it (in progress), or nothing to say (ours, or dead). */
async function answerFromClaim(deps: Deps, found: ChannelOrderItem, claim: ClaimRef, now: Date): Promise<PlacedOrder | undefined> {
  if (found.orderId !== undefined) return replay(deps, found, claim.requestHash);
  if (found.pendingToken !== claim.token && found.pendingUntil > now.toISOString()) throw fail.inProgress();
  return undefined;
}

async function writeOrder(
  deps: Deps,
  request: CreateOrderRequest,
  claim: ClaimRef,
  stockPlan: ReturnType<typeof pickupStock>['plan'],
  { soldAt }: PlaceOptions,
): Promise<PlacedOrder> {
  const now = deps.clock.now();
  const { placedAt, errors } = placedAtOf(request, now);
  if (errors.length) throw fail.invalid(errors);
  const pickup = pickupStoreOf(request.lines);
  if (pickup.errors.length) throw fail.invalid(pickup.errors);
  const identities = await normalizeIdentities(deps, request.customer);
  const { requestHash } = claim;

  // Whether the purchase summary exists: guessed, and flipped when its condition says otherwise.
  let purchasesExist = true;
  for (let attempt = 1; ; attempt++) {
    const read = await readForPlacing(deps, {
      channel: request.channel,
      channelOrderId: request.channelOrderId,
      storeIds: [...new Set(request.lines.flatMap((l) => (l.storeId ? [l.storeId] : [])))],
      stock: request.lines.flatMap((l) => (l.storeId ? [{ storeId: l.storeId, sku: l.sku }] : [])),
      claims: identities.map((i) => i.claim),
      skus: request.lines.map((l) => l.sku),
    });
    const earlier = read.claim && (await answerFromClaim(deps, read.claim, claim, now));
    if (earlier) return earlier;
    const refs = [
      ...unknownSkuErrors(request.lines, read.variants, (i) => `lines[${i}].sku`),
      ...referenceErrors(request.lines, read.stores, read.carries),
    ];
    if (refs.length) throw fail.unprocessable(refs);

    // Who the customer is: given, found by an identity, or a new guest.
    const known = request.customer.customerId ?? ownerOf(read.claimOwners);
    const customerId = known ?? `guest-${ulid(now.getTime())}`;
    const guest = known
      ? undefined
      : newProfile(customerId, now, {
          guest: true,
          ...(request.customer.name ? { name: request.customer.name } : {}),
          identities: Object.fromEntries(identities.map((i) => [i.kind, i.value])),
        });

    // Ship lines: the warehouse and promise of each, and the writes that hold their units.
    const shipment = await planShipment(deps, {
      lines: shipLinesOf(request.lines),
      postalCode: request.shipTo?.postalCode ?? '',
      postalCodePath: 'shipTo.postalCode',
      linePath: (i) => `lines[${i}]`,
      orderedAt: placedAt,
    });
    const order = withShipment(
      {
        ...newOrder(request, { orderId: ulid(placedAt.getTime()), customerId, pickupStoreId: pickup.storeId }, placedAt, now),
        ...(soldAt ? { soldAt } : {}),
      },
      shipment.lines,
    );
    const pickupCode = pickup.storeId ? newPickupCode() : undefined;
    const codes = pickupCode ? await pickupCodes(deps, order.orderId, pickupCode) : undefined;
    // The stock plan notes reservation ids on the lines: before the order item is built.
    const stockItems = await stockPlan(order, pickup.storeId ? read.stores.get(pickup.storeId) : undefined);
    const categories = categoriesOf(order.lines);

    const tx = new Tx<'claim' | 'order' | 'customer' | 'guest' | 'purchases' | 'record' | 'stock' | 'ship'>()
      .add('claim', channelClaimPut(deps, order, requestHash, claim.token))
      .add('order', newOrderPut(deps, order, codes))
      // An integration cannot invent profiles: the customer it names must exist.
      .add('customer', request.customer.customerId ? profileExistsCheck(deps, customerId) : undefined)
      .add(
        'guest',
        ...(guest
          ? [putNew(deps, profileItem(guest)), ...identities.map((i) => putNew(deps, identityClaimItem(i.kind, i.hash, customerId)))]
          : []),
      )
      .add(
        'purchases',
        categories.length
          ? purchasesWrite(deps, customerId, Object.fromEntries(categories.map((c) => [c, order.placedAt])), purchasesExist)
          : undefined,
      )
      .add(
        'record',
        timelinePut(deps, customerId, {
          type: 'order.placed',
          summary: placedSummary(order),
          ref: { orderId: order.orderId, channel: order.channel },
        }),
        outboxPut(deps, {
          event: orderEvents.placed,
          subject: `order#${order.orderId}`,
          detail: { ...order, guestCreated: Boolean(guest) },
        }),
        soldAt
          ? outboxPut(deps, {
              event: orderEvents.placedInStore,
              subject: `order#${order.orderId}`,
              detail: placedInStoreDetail(order, soldAt),
            })
          : undefined,
      )
      .add('stock', ...stockItems)
      .add('ship', ...shipment.items);

    try {
      await tx.write(deps);
      return { order, created: true, ...(pickupCode ? { pickupCode } : {}), ...(guest ? { guestCreated: true } : {}) };
    } catch (error) {
      // Many orders racing for a warehouse's units: another transaction kept taking them first.
      if (isDomainError(error, 'busy') && shipment.items.length && attempt < SHIP_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 5 + 20 * Math.random()));
        continue;
      }
      const failed = tx.failed(error);
      if (!failed) throw error;
      if (failed.has('claim')) {
        const raced = await getChannelClaim(deps, request.channel, request.channelOrderId);
        const answer = raced && (await answerFromClaim(deps, raced, claim, now));
        if (answer) return answer;
        throw fail.inProgress();
      }
      if (failed.has('customer')) throw fail.unprocessable([{ path: 'customer.customerId', message: 'No customer has this id.' }]);
      if (failed.has('stock')) {
        throw fail.conflict(
          'A reservation for this order changed while placing it (taken, cancelled or expired); retry.',
          'reservation-changed',
        );
      }
      if (failed.has('purchases')) purchasesExist = !purchasesExist;
      // A warehouse's units went to another order meanwhile: plan again (short now: 409).
      if (failed.has('ship') && attempt < SHIP_ATTEMPTS) continue;
      const retry = failed.has('guest') || failed.has('purchases');
      if (!retry || attempt >= PLACE_ATTEMPTS) throw fail.busy('The customer for this order changed while placing it; retry.');
    }
  }
}

/** The customer's identities, normalised (400 naming the field), with the keys of their claims. */
async function normalizeIdentities(deps: Deps, customer: CustomerRef): Promise<Identity[]> {
  const out: Identity[] = [];
  for (const kind of identityKinds) {
    const raw = customer[kind];
    if (!raw) continue;
    const value = normalizeOrReject(deps, kind, raw, `customer.${kind}`, customer.country);
    const hash = await deps.hashIdentity(kind, value);
    out.push({ kind, value, hash, claim: keys.identityClaim(kind, hash) });
  }
  return out;
}

/** The channel sent an order it already sent: the same order back, or 409 if it now says something else. */
async function replay(deps: Deps, claim: ChannelOrderItem & { orderId: string }, requestHash: string): Promise<PlacedOrder> {
  if (claim.requestHash !== requestHash) {
    throw fail.conflict('This channel order id was already used for a different order.', 'channel-order-id-reused', {
      orderId: claim.orderId,
    });
  }
  const item = await getOrder(deps, claim.orderId);
  if (!item) throw fail.conflict('This order was placed before and its customer has since been erased.', 'order-erased');
  return { order: orderFromItem(item), created: false };
}
