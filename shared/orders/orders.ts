// Repository: orders from every channel. Placing an order is one TransactWriteItems: the
// channel's order-id claim (so the order is placed once), the order, a guest profile and
// its identity claims when the customer is new, the purchase summary, the timeline entry
// and the outbox event. Every status change is conditioned on the status it was read in.

import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { ActorRef } from '../platform/actor.ts';
import { type FieldError, fail, isDomainError } from '../platform/errors.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import { type IdentityKind, identityKinds, newProfile, normalizeOrReject, purchasesWrite } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { keys } from '../table/keys.ts';
import { pagePrefix, queryPage } from '../table/query.ts';
import { failedConditions, isConditionalFailure, type TransactItem, transactWrite } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { pickupStock, statusStock } from './order-stock.ts';
import {
  assertNoFieldErrors,
  categoriesOf,
  isWaiting,
  MAX_PICKUP_CODE_FAILURES,
  orderTotal,
  pickupStoreOf,
  placedSummary,
  refuseTransition,
  statusTimeField,
  toOrderLines,
} from './rules.ts';
import type { CreateOrderRequest, CustomerRef, Order, OrderStatus, Pickup } from './schemas.ts';

type Item = Record<string, unknown>;

/** How far ahead of our clock a channel's placedAt may be (clock skew), in ms. */
const MAX_PLACED_AHEAD_MS = 5 * 60_000;
/** Attempts when a concurrent order created the same guest, or the purchase summary appeared. */
const PLACE_ATTEMPTS = 4;

const ORDER_FIELDS = [
  'orderId',
  'channel',
  'channelOrderId',
  'customerId',
  'status',
  'currency',
  'total',
  'lines',
  'pickupStoreId',
  'placedAt',
  'readyAt',
  'pickedUpAt',
  'cancelledAt',
  'returnedAt',
  'returns',
  'updatedAt',
] as const;

export function orderFromItem(item: Item): Order {
  const order = Object.fromEntries(ORDER_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as Order;
  if (item.pickupStoreId) order.pickupLocked = Number(item.pickupFailures ?? 0) >= MAX_PICKUP_CODE_FAILURES;
  return order;
}

export function pickupFromItem(item: Item, customerName?: string): Pickup {
  const order = orderFromItem(item);
  return {
    orderId: order.orderId,
    channel: order.channel,
    channelOrderId: order.channelOrderId,
    customerId: order.customerId,
    ...(customerName ? { customerName } : {}),
    status: order.status,
    lines: order.lines.filter((l) => l.fulfilment === 'pickup').map(({ sku, quantity }) => ({ sku, quantity })),
    placedAt: order.placedAt,
    ...(order.readyAt ? { readyAt: order.readyAt } : {}),
    pickupLocked: order.pickupLocked ?? false,
  };
}

export async function getOrderItem(deps: Deps, orderId: string): Promise<Item | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.order(orderId), ConsistentRead: true }));
  return res.Item;
}

/** The index attributes of an order in a status: on its customer's list always, on its store's pickup list while waiting. */
function indexAttributes(order: Pick<Order, 'orderId' | 'customerId' | 'pickupStoreId'>, status: OrderStatus) {
  return {
    ...keys.customerOrder(order.customerId, order.orderId),
    ...(order.pickupStoreId && isWaiting(status) ? keys.storePickup(order.pickupStoreId, status, order.customerId, order.orderId) : {}),
  };
}

// ── pickup codes ──────────────────────────────────────────────────────────────────────────

/** Six digits, read out at the counter. Only a keyed hash is stored (a dump of the table does not reveal codes). */
const newPickupCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
const pickupCodeHash = (deps: Deps, orderId: string, code: string) => deps.hashIdentity('pickup-code', `${orderId}:${code}`);

function sameHash(a: string, b: unknown): boolean {
  if (typeof b !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

// ── placing an order ──────────────────────────────────────────────────────────────────────

export type PlacedOrder = { order: Order; created: boolean; pickupCode?: string; guestCreated?: boolean };

/** Extra transaction items for the order's stock (pickup lines), given what the batch read. */
export type StockPlan = (input: { order: Order; store?: Store; items: Map<string, Item> }) => Promise<TransactItem[]>;

const unknownReference = (errors: FieldError[]) => fail.unprocessable(errors);

const at = (item: { PK: string; SK: string }) => `${item.PK}\u0000${item.SK}`;

type ResolvedIdentity = { kind: IdentityKind; value: string; claim: { PK: string; SK: string } };

async function normalizeIdentities(deps: Deps, customer: CustomerRef): Promise<ResolvedIdentity[]> {
  const out: ResolvedIdentity[] = [];
  for (const kind of identityKinds) {
    const raw = customer[kind];
    if (!raw) continue;
    const value = normalizeOrReject(deps, kind, raw, `body.customer.${kind}`, customer.country);
    out.push({ kind, value, claim: keys.identityClaim(kind, await deps.hashIdentity(kind, value)) });
  }
  return out;
}

/** Places an order; its pickup lines hold stock through inventory (shared/repositories/order-stock.ts). */
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

async function writeOrder(deps: Deps, request: CreateOrderRequest, stockPlan: StockPlan): Promise<PlacedOrder> {
  const now = deps.clock.now();
  const placedAt = request.placedAt ? new Date(request.placedAt) : now;
  if (placedAt.getTime() - now.getTime() > MAX_PLACED_AHEAD_MS) {
    throw fail.invalid([{ path: 'body.placedAt', message: 'placedAt is in the future.' }]);
  }
  const pickup = pickupStoreOf(request.lines);
  assertNoFieldErrors(pickup.errors);
  const identities = await normalizeIdentities(deps, request.customer);
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('base64url');
  const claimKey = keys.channelOrder(request.channel, request.channelOrderId);
  const storeIds = [...new Set(request.lines.flatMap((l) => (l.storeId ? [l.storeId] : [])))];
  const stockKeys = request.lines.flatMap((l) => (l.storeId ? [keys.stock(l.storeId, l.sku)] : []));

  // Whether the purchase summary exists: guessed, and flipped when its condition says otherwise.
  let purchasesExist = true;
  for (let attempt = 1; ; attempt++) {
    // One consistent BatchGetItem: the channel claim, the stores, the stock lines, the identity claims.
    const read = await batchGet(
      deps,
      [claimKey, ...storeIds.map((id) => keys.store(id)), ...stockKeys, ...identities.map((i) => i.claim)],
      true,
    );
    const items = new Map(read.map((i) => [at(i as { PK: string; SK: string }), i]));
    const claim = items.get(at(claimKey));
    if (claim) return replay(deps, claim, requestHash);

    // Only read here (services, status), never returned: the raw item serves as the store.
    const stores = new Map(
      storeIds.flatMap((id) => {
        const item = items.get(at(keys.store(id)));
        return item ? [[id, item as Store] as const] : [];
      }),
    );
    assertReferences(request, stores, items);

    // Who the customer is: given, found by an identity, or a new guest.
    let customerId = request.customer.customerId;
    let guest: { profile: ReturnType<typeof newProfile>; claims: ResolvedIdentity[] } | undefined;
    if (!customerId) {
      const owners = [...new Set(identities.flatMap((i) => (items.get(at(i.claim))?.customerId as string | undefined) ?? []))];
      if (owners.length > 1) {
        throw fail.conflict('These identities belong to different customers; send one of them, or the customerId.', 'identities-disagree');
      }
      customerId = owners[0];
      if (!customerId) {
        customerId = `guest-${ulid(now.getTime())}`;
        guest = {
          profile: newProfile(customerId, now, {
            guest: true,
            ...(request.customer.name ? { name: request.customer.name } : {}),
            identities: Object.fromEntries(identities.map((i) => [i.kind, i.value])),
          }),
          claims: identities,
        };
      }
    }

    const orderId = ulid(placedAt.getTime());
    const lines = toOrderLines(request);
    const order: Order = {
      orderId,
      channel: request.channel,
      channelOrderId: request.channelOrderId,
      customerId,
      status: 'placed',
      currency: request.currency,
      total: orderTotal(lines),
      lines,
      ...(pickup.storeId ? { pickupStoreId: pickup.storeId, pickupLocked: false } : {}),
      placedAt: placedAt.toISOString(),
      updatedAt: now.toISOString(),
    };
    const pickupCode = pickup.storeId ? newPickupCode() : undefined;
    // The stock plan may note reservation ids on the lines: before the order item is written.
    const stockItems = await stockPlan({ order, store: pickup.storeId ? stores.get(pickup.storeId) : undefined, items });
    const { pickupLocked: _locked, ...stored } = order;

    const tx: TransactItem[] = [
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...claimKey, entity: 'channelOrder', orderId, requestHash },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...keys.order(orderId),
            ...indexAttributes(order, 'placed'),
            entity: 'order',
            ...stored,
            ...(pickupCode ? { pickupCodeHash: await pickupCodeHash(deps, orderId, pickupCode), pickupFailures: 0 } : {}),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
    const profileCheck = tx.length;
    if (request.customer.customerId) {
      // The customer must exist (an integration cannot invent profiles); a condition, so a concurrent erasure cannot slip between.
      tx.push({
        ConditionCheck: { TableName: deps.tableName, Key: keys.profile(customerId), ConditionExpression: 'attribute_exists(PK)' },
      });
    }
    const guestItems = tx.length;
    if (guest) {
      tx.push({
        Put: {
          TableName: deps.tableName,
          Item: { ...keys.profile(customerId), entity: 'profile', ...guest.profile },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
      for (const c of guest.claims) {
        tx.push({
          Put: {
            TableName: deps.tableName,
            Item: { ...c.claim, entity: 'identityClaim', kind: c.kind, customerId },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        });
      }
    }
    const guestEnd = tx.length;
    const categories = categoriesOf(lines);
    const purchasesAt = tx.length;
    if (categories.length)
      tx.push(purchasesWrite(deps, customerId, Object.fromEntries(categories.map((c) => [c, order.placedAt])), purchasesExist));
    tx.push(
      timelinePut(deps, customerId, { type: 'order.placed', summary: placedSummary(order), ref: { orderId, channel: order.channel } }),
    );
    tx.push(
      outboxPut(deps, { event: orderEvents.placed, subject: `order#${orderId}`, detail: { ...order, guestCreated: Boolean(guest) } }),
    );
    const stockStart = tx.length;
    tx.push(...stockItems);

    try {
      await transactWrite(deps, tx);
      return { order, created: true, ...(pickupCode ? { pickupCode } : {}), ...(guest ? { guestCreated: true } : {}) };
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      if (failed.includes(0)) {
        const raced = await getClaim(deps, claimKey);
        if (raced) return replay(deps, raced, requestHash);
      }
      if (request.customer.customerId && failed.includes(profileCheck)) {
        throw unknownReference([{ path: 'body.customer.customerId', message: 'No customer has this id.' }]);
      }
      if (failed.some((i) => i >= stockStart)) {
        throw fail.conflict(
          'A reservation for this order changed while placing it (taken, cancelled or expired); retry.',
          'reservation-changed',
        );
      }
      const retry = failed.some((i) => i >= guestItems && i < guestEnd) || (categories.length > 0 && failed.includes(purchasesAt));
      if (categories.length > 0 && failed.includes(purchasesAt)) purchasesExist = !purchasesExist;
      if (!retry || attempt >= PLACE_ATTEMPTS) {
        if (isDomainError(error)) throw error;
        throw fail.busy('The customer for this order changed while placing it; retry.');
      }
    }
  }
}

function assertReferences(request: CreateOrderRequest, stores: Map<string, Store>, items: Map<string, Item>): void {
  const errors: FieldError[] = [];
  request.lines.forEach((line, i) => {
    if (!line.storeId) return;
    const store = stores.get(line.storeId);
    if (!store) {
      errors.push({ path: `body.lines[${i}].storeId`, message: `There is no store ${line.storeId}.` });
      return;
    }
    if (store.status === 'closed') {
      errors.push({ path: `body.lines[${i}].storeId`, message: `Store ${line.storeId} is closed.` });
      return;
    }
    if (line.fulfilment === 'pickup' && !store.services.includes('pickup')) {
      errors.push({ path: `body.lines[${i}].storeId`, message: `Store ${line.storeId} does not offer pickup.` });
      return;
    }
    if (!items.has(at(keys.stock(line.storeId, line.sku)))) {
      errors.push({ path: `body.lines[${i}].sku`, message: `Store ${line.storeId} does not carry ${line.sku}.` });
    }
  });
  if (errors.length) throw unknownReference(errors);
}

async function getClaim(deps: Deps, key: { PK: string; SK: string }) {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true }));
  return res.Item;
}

/** The channel sent an order it already sent: the same order back, or 409 if it now says something else. */
async function replay(deps: Deps, claim: Item, requestHash: string): Promise<PlacedOrder> {
  if (claim.requestHash !== requestHash) {
    throw fail.conflict('This channel order id was already used for a different order.', 'channel-order-id-reused', {
      orderId: claim.orderId,
    });
  }
  const item = await getOrderItem(deps, claim.orderId as string);
  if (!item) throw fail.conflict('This order was placed before and its customer has since been erased.', 'order-erased');
  return { order: orderFromItem(item), created: false };
}

// ── status changes ────────────────────────────────────────────────────────────────────────

export type Actor = ActorRef;

/** The event of each status an order is moved to (placing and returns publish their own). */
const statusEvent = {
  ready_for_pickup: orderEvents.readyForPickup,
  picked_up: orderEvents.pickedUp,
  cancelled: orderEvents.cancelled,
} as const;
export type StatusChange = keyof typeof statusEvent;

/** Extra transaction items a status change needs for stock (release on cancel, take on pickup). */
export type StatusStock = (order: Order, to: OrderStatus) => Promise<TransactItem[]>;

const statusSummary: Record<OrderStatus, string> = {
  placed: 'placed',
  ready_for_pickup: 'ready for pickup',
  picked_up: 'picked up',
  cancelled: 'cancelled',
  returned: 'returned',
};

/** The order's update to a new status: conditioned on the status read, index attributes moved along. */
export function statusUpdate(
  deps: Deps,
  order: Order,
  to: OrderStatus,
  atIso: string,
  extra: { set?: string[]; condition?: string[]; values?: Record<string, unknown>; names?: Record<string, string> } = {},
): TransactItem {
  const index = indexAttributes(order, to);
  const set = ['#status = :to', `${statusTimeField[to]} = :at`, 'updatedAt = :at', ...(extra.set ?? [])];
  const values: Record<string, unknown> = {
    ':to': to,
    ':from': order.status,
    ':cid': order.customerId,
    ':at': atIso,
    ...(extra.values ?? {}),
  };
  let remove = '';
  if ('GSI2PK' in index) {
    set.push('GSI2PK = :g2pk', 'GSI2SK = :g2sk');
    Object.assign(values, { ':g2pk': index.GSI2PK, ':g2sk': index.GSI2SK });
  } else if (order.pickupStoreId) {
    remove = ' REMOVE GSI2PK, GSI2SK';
  }
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.order(order.orderId),
      UpdateExpression: `SET ${set.join(', ')}${remove}`,
      // The customer too: a guest merge regroups the index under another customer meanwhile.
      ConditionExpression: ['#status = :from', 'customerId = :cid', ...(extra.condition ?? [])].join(' AND '),
      ExpressionAttributeNames: { '#status': 'status', ...(extra.names ?? {}) },
      ExpressionAttributeValues: values,
    },
  };
}

export function statusEvents(deps: Deps, order: Order, to: StatusChange, actor: Actor): TransactItem[] {
  return [
    timelinePut(deps, order.customerId, {
      type: `order.${to}`,
      summary: `Order ${order.channelOrderId} ${statusSummary[to]}`,
      ref: { orderId: order.orderId, ...(order.pickupStoreId ? { storeId: order.pickupStoreId } : {}) },
    }),
    outboxPut(deps, {
      event: statusEvent[to],
      subject: `order#${order.orderId}`,
      detail: {
        orderId: order.orderId,
        customerId: order.customerId,
        from: order.status,
        to,
        by: actor,
        pickupStoreId: order.pickupStoreId,
      },
    }),
  ];
}

/** Reads the order again after a condition failed, to say what changed. */
async function changedMeanwhile(deps: Deps, orderId: string): Promise<never> {
  const fresh = await getOrderItem(deps, orderId);
  if (!fresh) throw fail.notFound('No such order.');
  throw fail.conflict(`The order changed meanwhile; it is now ${String(fresh.status).replaceAll('_', ' ')}.`, 'order-changed', {
    status: fresh.status,
  });
}

/**
 * Moves an order to a new status. `guard` authorises the caller against the order as read
 * (e.g. staff of its pickup store). Repeating a change that already happened answers the order.
 */
export async function changeStatus(
  deps: Deps,
  orderId: string,
  to: StatusChange,
  actor: Actor,
  options: { guard?: (order: Order) => void; stock?: StatusStock } = {},
): Promise<Order> {
  const item = await getOrderItem(deps, orderId);
  if (!item) throw fail.notFound('No such order.');
  const order = orderFromItem(item);
  options.guard?.(order);
  if (order.status === to) return order;
  const refusal = refuseTransition(order, to);
  if (refusal) throw fail.conflict(refusal, 'order-status');
  const now = deps.clock.now().toISOString();
  const tx = [
    statusUpdate(deps, order, to, now),
    ...statusEvents(deps, order, to, actor),
    ...(await (options.stock ?? statusStock(deps))(order, to)),
  ];
  try {
    await transactWrite(deps, tx);
  } catch (error) {
    if (failedConditions(error)?.includes(0)) await changedMeanwhile(deps, orderId);
    throw error;
  }
  return orderFromItem({ ...item, status: to, [statusTimeField[to]]: now, updatedAt: now });
}

// ── pickup: code, handover ────────────────────────────────────────────────────────────────

/** A new pickup code (the old one stops working, wrong attempts are forgotten): for the customer or the channel. */
export async function reissuePickupCode(deps: Deps, order: Order, actor: Actor): Promise<string> {
  if (!order.pickupStoreId) throw fail.conflict('This order has nothing to pick up.', 'order-status');
  if (!isWaiting(order.status))
    throw fail.conflict(`This order is ${order.status.replaceAll('_', ' ')}; its pickup is over.`, 'order-status');
  const code = newPickupCode();
  try {
    await transactWrite(deps, [
      {
        Update: {
          TableName: deps.tableName,
          Key: keys.order(order.orderId),
          UpdateExpression: 'SET pickupCodeHash = :h, pickupFailures = :zero, updatedAt = :at',
          ConditionExpression: '#status IN (:placed, :ready)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':h': await pickupCodeHash(deps, order.orderId, code),
            ':zero': 0,
            ':at': deps.clock.now().toISOString(),
            ':placed': 'placed',
            ':ready': 'ready_for_pickup',
          },
        },
      },
      outboxPut(deps, {
        event: orderEvents.pickupCodeReissued,
        subject: `order#${order.orderId}`,
        detail: { orderId: order.orderId, by: actor },
      }),
    ]);
  } catch (error) {
    if (failedConditions(error)) await changedMeanwhile(deps, order.orderId);
    throw error;
  }
  return code;
}

/**
 * Hands a ready pickup over at its store against the customer's code. A wrong code is
 * counted with a condition-written counter; at MAX_PICKUP_CODE_FAILURES the pickup locks.
 */
export async function handOver(
  deps: Deps,
  storeId: string,
  orderId: string,
  code: string,
  actor: Actor,
  stock?: StatusStock,
): Promise<Order> {
  const item = await getOrderItem(deps, orderId);
  if (!item || item.pickupStoreId !== storeId) throw fail.notFound(`Order ${orderId} is not a pickup at store ${storeId}.`);
  const order = orderFromItem(item);
  if (order.status !== 'ready_for_pickup') {
    throw fail.conflict(`The order is ${order.status.replaceAll('_', ' ')}, not ready for pickup.`, 'order-not-ready', {
      status: order.status,
    });
  }
  if (order.pickupLocked) throw locked();
  const hash = await pickupCodeHash(deps, orderId, code);
  const values = { ':stored': item.pickupCodeHash, ':max': MAX_PICKUP_CODE_FAILURES };
  const guard = ['pickupCodeHash = :stored', 'pickupFailures < :max'];

  if (!sameHash(hash, item.pickupCodeHash)) {
    let failures: number;
    try {
      const res = await deps.db.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: keys.order(orderId),
          UpdateExpression: 'ADD pickupFailures :one SET updatedAt = :at',
          ConditionExpression: ['#status = :ready', ...guard].join(' AND '),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...values, ':one': 1, ':ready': 'ready_for_pickup', ':at': deps.clock.now().toISOString() },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      failures = Number(res.Attributes?.pickupFailures);
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      const fresh = await getOrderItem(deps, orderId);
      if (fresh && Number(fresh.pickupFailures) >= MAX_PICKUP_CODE_FAILURES) throw locked();
      return changedMeanwhile(deps, orderId);
    }
    deps.logger.warn('wrong pickup code', { orderId, storeId, failures });
    if (failures >= MAX_PICKUP_CODE_FAILURES) throw locked();
    throw fail.refused('That is not the pickup code of this order.', 'wrong-pickup-code', {
      attemptsLeft: MAX_PICKUP_CODE_FAILURES - failures,
    });
  }

  const now = deps.clock.now().toISOString();
  const tx = [
    statusUpdate(deps, order, 'picked_up', now, { set: ['pickedUpBy = :by'], condition: guard, values: { ...values, ':by': actor.id } }),
    ...statusEvents(deps, order, 'picked_up', actor),
    ...(await (stock ?? statusStock(deps))(order, 'picked_up')),
  ];
  try {
    await transactWrite(deps, tx);
  } catch (error) {
    if (failedConditions(error)?.includes(0)) await changedMeanwhile(deps, orderId);
    throw error;
  }
  return orderFromItem({ ...item, status: 'picked_up', pickedUpAt: now, updatedAt: now });
}

const locked = () =>
  fail.locked(
    'Too many wrong pickup codes: the pickup is locked. The customer can get a new code in the app, or the channel can re-issue it.',
  );

// ── lists ─────────────────────────────────────────────────────────────────────────────────

export async function listCustomerOrders(deps: Deps, customerId: string, options: { limit: number; cursor?: string }) {
  const page = await pagePrefix(
    deps,
    { partition: keys.customerPartition(customerId), skPrefix: keys.customerOrderPrefix, index: 'GSI1' },
    options,
  );
  return { items: page.items.map(orderFromItem), nextCursor: page.nextCursor };
}

/** Orders waiting at a store in one status; with `customerId`, only that customer's. */
export async function queryStorePickups(
  deps: Deps,
  storeId: string,
  status: 'placed' | 'ready_for_pickup',
  options: { limit: number; cursor?: string; customerId?: string },
) {
  const { GSI2PK } = keys.storePickup(storeId, status, '', '');
  return queryPage(
    deps,
    {
      KeyConditionExpression: options.customerId ? 'GSI2PK = :pk AND begins_with(GSI2SK, :customer)' : 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': GSI2PK, ...(options.customerId ? { ':customer': `${options.customerId}#` } : {}) },
    },
    { partition: GSI2PK, index: 'GSI2' },
    options,
  );
}
