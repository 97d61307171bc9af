// Use case: place an order from any channel (POST /orders). However often a channel sends
// it, it is placed once; its pickup lines hold stock; an unknown customer becomes a guest.

import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
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
import { fail } from '../runtime/errors.ts';
import { keys } from '../table/keys.ts';
import { Tx } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { pickupStock } from './order-stock.ts';
import { newPickupCode, pickupCodes } from './pickup-code.ts';
import { categoriesOf, newOrder, ownerOf, pickupStoreOf, placedAtOf, placedSummary, referenceErrors } from './placing-rules.ts';
import {
  type ChannelOrderItem,
  channelClaimPut,
  getChannelClaim,
  getOrder,
  newOrderPut,
  orderFromItem,
  profileExistsCheck,
  putNew,
  readForPlacing,
} from './repository.ts';
import type { CreateOrderRequest, CustomerRef, Order } from './schemas.ts';

type PlacedOrder = { order: Order; created: boolean; pickupCode?: string; guestCreated?: boolean };

/** Attempts when a concurrent order created the same guest, or the purchase summary appeared. */
const PLACE_ATTEMPTS = 4;

type Identity = { kind: IdentityKind; value: string; hash: string; claim: { PK: string; SK: string } };

/**
 * Places an order.
 * 1. Without reading: placedAt is not in the future, the pickup lines name one store, the
 *    identities are normalised (400 naming the field otherwise).
 * 2. Read in ONE consistent BatchGetItem: the channel's claim of its order id, the stores,
 *    their stock lines, the identities' claims. A claim means the order was placed before:
 *    the same order back (200), or 409 if the channel now sends something else.
 * 3. Decide: the stores and SKUs exist, are open, offer pickup, carry the SKU (422 otherwise);
 *    the customer is the one given, the one the identities name, or a new guest.
 * 4. The pickup lines hold their units through inventory (order-stock.ts).
 * 5. Write ONE transaction: the claim, the order, the customer's existence check or the new
 *    guest with its identity claims, the purchase summary, the timeline entry, the event,
 *    the stock items. A guest or purchase summary created meanwhile: read and decide again.
 * 6. A hold the order did not keep is released.
 */
export async function placeOrder(deps: Deps, request: CreateOrderRequest): Promise<PlacedOrder> {
  const stock = pickupStock(deps);
  try {
    const placed = await writeOrder(deps, request, stock.plan);
    await stock.settle(placed.created);
    return placed;
  } catch (error) {
    await stock.settle(false);
    throw error;
  }
}

async function writeOrder(
  deps: Deps,
  request: CreateOrderRequest,
  stockPlan: ReturnType<typeof pickupStock>['plan'],
): Promise<PlacedOrder> {
  const now = deps.clock.now();
  const { placedAt, errors } = placedAtOf(request, now);
  if (errors.length) throw fail.invalid(errors);
  const pickup = pickupStoreOf(request.lines);
  if (pickup.errors.length) throw fail.invalid(pickup.errors);
  const identities = await normalizeIdentities(deps, request.customer);
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('base64url');

  // Whether the purchase summary exists: guessed, and flipped when its condition says otherwise.
  let purchasesExist = true;
  for (let attempt = 1; ; attempt++) {
    const read = await readForPlacing(deps, {
      channel: request.channel,
      channelOrderId: request.channelOrderId,
      storeIds: [...new Set(request.lines.flatMap((l) => (l.storeId ? [l.storeId] : [])))],
      stock: request.lines.flatMap((l) => (l.storeId ? [{ storeId: l.storeId, sku: l.sku }] : [])),
      claims: identities.map((i) => i.claim),
    });
    if (read.claim) return replay(deps, read.claim, requestHash);
    const refs = referenceErrors(request.lines, read.stores, read.carries);
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

    const order = newOrder(request, { orderId: ulid(placedAt.getTime()), customerId, pickupStoreId: pickup.storeId }, placedAt, now);
    const pickupCode = pickup.storeId ? newPickupCode() : undefined;
    const codes = pickupCode ? await pickupCodes(deps, order.orderId, pickupCode) : undefined;
    // The stock plan notes reservation ids on the lines: before the order item is built.
    const stockItems = await stockPlan(order, pickup.storeId ? read.stores.get(pickup.storeId) : undefined);
    const categories = categoriesOf(order.lines);

    const tx = new Tx<'claim' | 'order' | 'customer' | 'guest' | 'purchases' | 'record' | 'stock'>()
      .add('claim', channelClaimPut(deps, order, requestHash))
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
      )
      .add('stock', ...stockItems);

    try {
      await tx.write(deps);
      return { order, created: true, ...(pickupCode ? { pickupCode } : {}), ...(guest ? { guestCreated: true } : {}) };
    } catch (error) {
      const failed = tx.failed(error);
      if (!failed) throw error;
      if (failed.has('claim')) {
        const raced = await getChannelClaim(deps, request.channel, request.channelOrderId);
        if (raced) return replay(deps, raced, requestHash);
      }
      if (failed.has('customer')) throw fail.unprocessable([{ path: 'customer.customerId', message: 'No customer has this id.' }]);
      if (failed.has('stock')) {
        throw fail.conflict(
          'A reservation for this order changed while placing it (taken, cancelled or expired); retry.',
          'reservation-changed',
        );
      }
      if (failed.has('purchases')) purchasesExist = !purchasesExist;
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
async function replay(deps: Deps, claim: ChannelOrderItem, requestHash: string): Promise<PlacedOrder> {
  if (claim.requestHash !== requestHash) {
    throw fail.conflict('This channel order id was already used for a different order.', 'channel-order-id-reused', {
      orderId: claim.orderId,
    });
  }
  const item = await getOrder(deps, claim.orderId);
  if (!item) throw fail.conflict('This order was placed before and its customer has since been erased.', 'order-erased');
  return { order: orderFromItem(item), created: false };
}
