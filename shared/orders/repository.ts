// Repository: orders and channel-order claims as items — their reads and queries, their index
// entries, and the transaction items and updates the use cases write. It decides nothing:
// "not there" is `undefined`, "the condition failed" a boolean; refusals are the rules'.

import { variantFromItem } from '../catalog/index.ts';
import type { PageRequest } from '../platform/schemas.ts';
import type { Deps } from '../runtime/deps.ts';
import { DeleteCommand, UpdateCommand } from '../runtime/dynamodb.ts';
import { storeFromItem } from '../stores/index.ts';
import { batchGet, type Key } from '../table/batch.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, type Page, pagePrefix, queryPage } from '../table/query.ts';
import { isConditionalFailure, type TransactItem } from '../table/transact.ts';
import { type UpdateSpec, updateParts } from '../table/update.ts';
import { unsealPickupCode } from './pickup-code.ts';
import type { ReturnRecord } from './return-rules.ts';
import type { OpenAuthorization } from './rma-rules.ts';
import { isPickupLocked, isWaiting, statusTimeField, waitingStatuses } from './rules.ts';
import type { Channel, Order, OrderLine, OrderStatus } from './schemas.ts';
import type { Pickup } from './tablet-schemas.ts';

/**
 * An order as stored: the order, its pickup code (the keyed hash the hand-over checks, and the
 * code sealed for the customer's ready-for-pickup message — never in an answer), the wrong
 * codes counted, who handed it over.
 */
type OrderRecord = Omit<Order, 'pickupLocked'> & {
  pickupCodeHash?: string;
  pickupCodeSealed?: string;
  pickupFailures?: number;
  pickedUpBy?: string;
  /** Bumped by the contact center's changes (pickup extend/move, RMAs): what their conditions compare. */
  revision?: number;
  /** Open return authorizations' outstanding units (rma-rules.ts). */
  authorizations?: OpenAuthorization[];
};
type PickupCodes = { pickupCodeHash: string; pickupCodeSealed: string };
export type OrderItem = Stored<'order', OrderRecord>;
/**
 * A channel's order id, claimed once: our order id and a hash of the request that placed it.
 * While an order with pickup lines holds its stock, its claim is pending (a token, until a
 * short deadline, no order id yet): a twin of the request arriving meanwhile learns that the
 * first is in flight instead of finding the stock it holds gone.
 */
export type ChannelOrderItem = Stored<
  'channelOrder',
  { requestHash: string } & (
    | { orderId: string; pendingToken?: undefined }
    | { orderId?: undefined; pendingToken: string; pendingUntil: string }
  )
>;

const at = (key: Key) => `${key.PK}\u0000${key.SK}`;

// ── records ↔ items ───────────────────────────────────────────────────────────────────────

export function orderFromItem(item: OrderRecord): Order {
  const {
    pickupCodeHash: _hash,
    pickupCodeSealed: _sealed,
    pickupFailures,
    pickedUpBy: _by,
    revision: _revision,
    authorizations: _authorizations,
    ...order
  } = fromItem<OrderRecord>(item);
  return order.pickupStoreId ? { ...order, pickupLocked: isPickupLocked(Number(pickupFailures ?? 0)) } : order;
}

/** An order as the store's pickup list shows it: only its pickup lines, and the name to call out. */
export function pickupFromItem(item: OrderRecord, customerName?: string): Pickup {
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
    ...(order.pickupDeadline ? { pickupDeadline: order.pickupDeadline } : {}),
    pickupLocked: order.pickupLocked ?? false,
  };
}

/** The index attributes of an order in a status: on its customer's list always, on its store's pickup list while waiting. */
export function indexAttributes(order: Pick<Order, 'orderId' | 'customerId' | 'pickupStoreId'>, status: OrderStatus) {
  const pickup =
    order.pickupStoreId && isWaiting(status) ? keys.storePickup(order.pickupStoreId, status, order.customerId, order.orderId) : {};
  return { ...keys.customerOrder(order.customerId, order.orderId), ...pickup } as Record<'GSI1PK' | 'GSI1SK', string> &
    Partial<Record<'GSI2PK' | 'GSI2SK', string>>;
}

// ── reads ─────────────────────────────────────────────────────────────────────────────────

export async function getOrder(deps: Deps, orderId: string): Promise<OrderItem | undefined> {
  return (await getItem(deps, keys.order(orderId))) as OrderItem | undefined;
}

/** The order as the customer's messages need it (notifications): with its pickup code, unsealed; or undefined. */
export async function getOrderRecord(deps: Deps, orderId: string): Promise<(Order & { pickupCode?: string }) | undefined> {
  const item = await getOrder(deps, orderId);
  if (!item) return undefined;
  const code = item.pickupCodeSealed ? await unsealPickupCode(deps, orderId, item.pickupCodeSealed) : undefined;
  return { ...orderFromItem(item), ...(code ? { pickupCode: code } : {}) };
}

export async function getChannelClaim(deps: Deps, channel: Channel, channelOrderId: string): Promise<ChannelOrderItem | undefined> {
  return (await getItem(deps, keys.channelOrder(channel, channelOrderId))) as ChannelOrderItem | undefined;
}

/**
 * What placing an order reads, in ONE consistent BatchGetItem: the channel's claim of its
 * order id, the stores the lines name, their stock lines (whether the store carries the
 * SKU), the claims of the customer's identities (who owns them), and the catalogue's
 * variants of its SKUs.
 */
export async function readForPlacing(
  deps: Deps,
  input: {
    channel: Channel;
    channelOrderId: string;
    storeIds: string[];
    stock: Array<{ storeId: string; sku: string }>;
    claims: Key[];
    skus: string[];
  },
) {
  const claimKey = keys.channelOrder(input.channel, input.channelOrderId);
  const stockKeys = input.stock.map((s) => keys.stock(s.storeId, s.sku));
  const variantKeys = [...new Set(input.skus)].map((sku) => keys.variant(sku));
  const read = await batchGet(
    deps,
    [claimKey, ...input.storeIds.map((id) => keys.store(id)), ...stockKeys, ...input.claims, ...variantKeys],
    true,
  );
  const items = new Map(read.map((i) => [at(i as Key), i]));
  return {
    variants: new Map(
      variantKeys.flatMap((key) => {
        const item = items.get(at(key));
        return item ? [[item.sku as string, variantFromItem(item)] as const] : [];
      }),
    ),
    claim: items.get(at(claimKey)) as ChannelOrderItem | undefined,
    stores: new Map(
      input.storeIds.flatMap((id) => {
        const item = items.get(at(keys.store(id)));
        return item ? [[id, storeFromItem(item)] as const] : [];
      }),
    ),
    carries: (storeId: string, sku: string) => items.has(at(keys.stock(storeId, sku))),
    claimOwners: input.claims.map((c) => items.get(at(c))?.customerId as string | undefined),
  };
}

/** What a return reads, in parallel: the order, and in one BatchGetItem the store and its stock lines of the exchange SKUs. */
export async function readForReturn(deps: Deps, orderId: string, storeId: string, exchangeSkus: string[]) {
  const storeKey = keys.store(storeId);
  const [item, found] = await Promise.all([
    getOrder(deps, orderId),
    batchGet(deps, [storeKey, ...exchangeSkus.map((sku) => keys.stock(storeId, sku))], true),
  ]);
  const storeItem = found.find((i) => i.SK === storeKey.SK);
  return {
    item,
    store: storeItem ? storeFromItem(storeItem) : undefined,
    carried: new Set(found.filter((i) => i !== storeItem).map((i) => i.sku as string)),
  };
}

export async function customerOrderItems(deps: Deps, customerId: string, page: PageRequest): Promise<Page<OrderItem>> {
  return (await pagePrefix(
    deps,
    { partition: keys.customerPartition(customerId), skPrefix: keys.customerOrderPrefix, index: 'GSI1' },
    page,
  )) as Page<OrderItem>;
}

/** A customer's orders from every channel, newest first. */
export async function listCustomerOrders(deps: Deps, customerId: string, page: PageRequest): Promise<Page<Order>> {
  const found = await customerOrderItems(deps, customerId, page);
  return { items: found.items.map(orderFromItem), nextCursor: found.nextCursor };
}

/** Orders waiting at a store in one status; with `customerId`, only that customer's. */
export async function queryStorePickups(
  deps: Deps,
  storeId: string,
  status: 'placed' | 'ready_for_pickup',
  options: PageRequest & { customerId?: string },
): Promise<Page<OrderItem>> {
  const { GSI2PK } = keys.storePickup(storeId, status, '', '');
  const page = { limit: options.limit, cursor: options.cursor };
  const found = options.customerId
    ? await pagePrefix(deps, { partition: GSI2PK, skPrefix: `${options.customerId}#`, index: 'GSI2' }, page, { newestFirst: false })
    : await queryPage(
        deps,
        { KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': GSI2PK } },
        { partition: GSI2PK, index: 'GSI2' },
        page,
      );
  return found as Page<OrderItem>;
}

// ── writes ────────────────────────────────────────────────────────────────────────────────

/** Puts an item only if there is none with its key (a claim, a new order, a new guest profile). */
export const putNew = (deps: Deps, item: Key & Record<string, unknown>): TransactItem => ({
  Put: { TableName: deps.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' },
});

/** The claim, final: new, or replacing the pending claim this request holds (its token). */
export const channelClaimPut = (
  deps: Deps,
  order: Pick<Order, 'channel' | 'channelOrderId' | 'orderId'>,
  requestHash: string,
  pendingToken: string,
): TransactItem => ({
  Put: {
    TableName: deps.tableName,
    Item: toItem('channelOrder', keys.channelOrder(order.channel, order.channelOrderId), { orderId: order.orderId, requestHash }),
    ConditionExpression: 'attribute_not_exists(PK) OR pendingToken = :token',
    ExpressionAttributeValues: { ':token': pendingToken },
  },
});

type ClaimRef = { channel: Channel; channelOrderId: string; requestHash: string; token: string };

/** The claim, pending while the order's stock is held: new, or over a pending claim whose deadline passed (its request died). */
export const pendingClaimPut = (deps: Deps, ref: ClaimRef, now: Date, seconds: number): TransactItem => ({
  Put: {
    TableName: deps.tableName,
    Item: toItem('channelOrder', keys.channelOrder(ref.channel, ref.channelOrderId), {
      requestHash: ref.requestHash,
      pendingToken: ref.token,
      pendingUntil: new Date(now.getTime() + seconds * 1000).toISOString(),
    }),
    ConditionExpression: 'attribute_not_exists(PK) OR pendingUntil < :now',
    ExpressionAttributeValues: { ':now': now.toISOString() },
  },
});

/** Gives a pending claim up (its order was not placed); a claim made final or taken over meanwhile stays. */
export async function releasePendingClaim(deps: Deps, ref: ClaimRef): Promise<void> {
  try {
    await deps.db.send(
      new DeleteCommand({
        TableName: deps.tableName,
        Key: keys.channelOrder(ref.channel, ref.channelOrderId),
        ConditionExpression: 'pendingToken = :token',
        ExpressionAttributeValues: { ':token': ref.token },
      }),
    );
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
  }
}

/** A new order, on its indexes; a pickup carries its code (hash and code) and no wrong attempts yet. */
export function newOrderPut(deps: Deps, order: Order, codes?: PickupCodes): TransactItem {
  const { pickupLocked: _derived, ...record } = order;
  const stored: OrderRecord = { ...record, ...(codes ? { ...codes, pickupFailures: 0 } : {}) };
  return putNew(deps, toItem('order', { ...keys.order(order.orderId), ...indexAttributes(order, order.status) }, stored));
}

/** The customer's profile must exist when the order names them: a condition, so a concurrent erasure cannot slip between. */
export const profileExistsCheck = (deps: Deps, customerId: string): TransactItem => ({
  ConditionCheck: { TableName: deps.tableName, Key: keys.profile(customerId), ConditionExpression: 'attribute_exists(PK)' },
});

/** More of a status update: attributes set along, and conditions beyond "still in the status and of the customer read". */
export type StatusGuard = Pick<UpdateSpec, 'set' | 'expect' | 'condition' | 'names' | 'values'>;

/** The order's update to a new status: conditioned on the status (and customer) read, index attributes moved along. */
export function statusUpdate(deps: Deps, order: Order, to: OrderStatus, atIso: string, guard: StatusGuard = {}): TransactItem {
  const { GSI2PK, GSI2SK } = indexAttributes(order, to);
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.order(order.orderId),
      ...updateParts({
        set: { status: to, [statusTimeField[to]]: atIso, updatedAt: atIso, GSI2PK, GSI2SK, ...guard.set },
        remove: GSI2PK === undefined && order.pickupStoreId ? ['GSI2PK', 'GSI2SK'] : undefined,
        // The customer too: a guest merge regroups the index under another customer meanwhile;
        // and the pickup store: a pickup moved meanwhile (pickup/move) is not this one any more.
        expect: {
          status: order.status,
          customerId: order.customerId,
          ...(order.pickupStoreId ? { pickupStoreId: order.pickupStoreId } : {}),
          ...guard.expect,
        },
        condition: guard.condition,
        names: guard.names,
        values: guard.values,
      }),
    },
  };
}

/** The handover's guard: the code and the wrong-code counter as read (a code re-issued or locked meanwhile refuses). */
export const handoverGuard = (item: OrderRecord, maxFailures: number, by: string): StatusGuard => ({
  set: { pickedUpBy: by },
  expect: { pickupCodeHash: item.pickupCodeHash },
  condition: '#pickupFailures < :max',
  names: { '#pickupFailures': 'pickupFailures' },
  values: { ':max': maxFailures },
});

/** A new pickup code, the wrong attempts forgotten — while the order still waits at its store. */
export function pickupCodeUpdate(deps: Deps, orderId: string, codes: PickupCodes, atIso: string): TransactItem {
  const waiting = waitingStatuses.map((_, i) => `:waiting${i}`);
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.order(orderId),
      ...updateParts({
        set: { ...codes, pickupFailures: 0, updatedAt: atIso },
        condition: `#status IN (${waiting.join(', ')})`,
        names: { '#status': 'status' },
        values: Object.fromEntries(waitingStatuses.map((s, i) => [waiting[i], s])),
      }),
    },
  };
}

/**
 * Counts one wrong pickup code, conditioned on the order, its code and its counter being as
 * read and below `maxFailures`: the count after it, or undefined when the condition failed.
 */
export async function countWrongCode(deps: Deps, item: OrderRecord, maxFailures: number, atIso: string): Promise<number | undefined> {
  try {
    const res = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.order(item.orderId),
        ReturnValues: 'UPDATED_NEW',
        ...updateParts({
          add: { pickupFailures: 1 },
          set: { updatedAt: atIso },
          expect: { status: item.status, pickupCodeHash: item.pickupCodeHash },
          condition: '#pickupFailures < :max',
          names: { '#pickupFailures': 'pickupFailures' },
          values: { ':max': maxFailures },
        }),
      }),
    );
    return Number(res.Attributes?.pickupFailures);
  } catch (error) {
    if (isConditionalFailure(error)) return undefined;
    throw error;
  }
}

/**
 * A return on the order: its lines and the return record, conditioned on the order not having
 * changed since it was read — and moved to `returned` when everything came back.
 */
export function returnUpdate(deps: Deps, order: Order, lines: OrderLine[], record: ReturnRecord, returned: boolean): TransactItem {
  const set = { lines, returns: [...(order.returns ?? []), record] };
  const unchanged = { updatedAt: order.updatedAt };
  if (returned) return statusUpdate(deps, order, 'returned', record.at, { set, expect: unchanged });
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.order(order.orderId),
      ...updateParts({ set: { ...set, updatedAt: record.at }, expect: { status: order.status, ...unchanged } }),
    },
  };
}

/** Moves an order to another customer (a guest merge), conditioned on it still being the one read's. */
export function moveOrderUpdate(deps: Deps, item: OrderRecord, toId: string): TransactItem {
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.order(item.orderId),
      // Both indexes are grouped by customer: regroup under the new one.
      ...updateParts({
        set: { customerId: toId, ...indexAttributes({ ...item, customerId: toId }, item.status) },
        expect: { customerId: item.customerId },
      }),
    },
  };
}
