// Repository: stock lines (keys.stock) and the stock feed's event records (keys.stockEvent),
// and the transaction items that move units on a line. What a line's attributes mean is in
// stock-rules.ts; every condition here is part of the no-oversell invariant.

import { type Variant, variantFromItem } from '../catalog/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { GetCommand } from '../runtime/dynamodb.ts';
import { type Store, storeFromItem } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { epochSeconds, fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { pagePrefix } from '../table/query.ts';
import type { TransactItem } from '../table/transact.ts';
import type { LineMove } from './reservation-rules.ts';
import type { StockEvent } from './schemas.ts';
import { type CountChange, onHandDelta, type StockLine } from './stock-rules.ts';

type StockItem = Stored<'stock', StockLine>;
type StockEventRecord = StockEvent & { storeId: string; eventType: StockEvent['type']; appliedAt: string };
type StockEventItem = Stored<'stockEvent', StockEventRecord>;

/** Event-id records are kept 30 days: the window in which a feed may re-send. */
const EVENT_RECORD_TTL_SECONDS = 30 * 24 * 3600;

/** A line as read (a BatchGet, a Query, someone else's read of the store partition). */
export function lineFromItem(item: Record<string, unknown>): StockLine {
  const line = fromItem<Partial<StockLine> & Pick<StockLine, 'storeId' | 'sku'>>(item);
  return { onHand: 0, safetyStock: 0, confirmed: 0, holds: {}, freeUnits: 0, ...line };
}

/** The stored item of a line (seeding and tests write lines directly with this). */
export const lineItem = (line: StockLine): StockItem => toItem('stock', keys.stock(line.storeId, line.sku), line);

export const pairKey = (storeId: string, sku: string) => `${storeId}\u0000${sku}`;

/**
 * Lines for any store × SKU pairs, by pairKey: BatchGetItem, 100 keys a call, the calls in
 * parallel. Strongly consistent, so a stock event or reservation is visible in the very next read.
 */
export async function getLines(deps: Deps, pairs: Array<{ storeId: string; sku: string }>): Promise<Map<string, StockLine>> {
  const items = await batchGet(
    deps,
    pairs.map((p) => keys.stock(p.storeId, p.sku)),
    true,
  );
  return new Map(items.map((item) => [pairKey(item.storeId as string, item.sku as string), lineFromItem(item)]));
}

/**
 * A store, its lines for some SKUs and those SKUs' catalogue entries in ONE strongly
 * consistent BatchGetItem: what a reservation needs before it writes.
 */
export async function getStoreAndLines(
  deps: Deps,
  storeId: string,
  skus: string[],
): Promise<{ store: Store | undefined; lines: Map<string, StockLine>; variants: Map<string, Variant> }> {
  const unique = [...new Set(skus)];
  const items = await batchGet(
    deps,
    [keys.store(storeId), ...unique.map((sku) => keys.stock(storeId, sku)), ...unique.map((sku) => keys.variant(sku))],
    true,
  );
  const storeItem = items.find((item) => item.entity === 'store');
  const lines = items.filter((item) => item.entity === 'stock');
  return {
    store: storeItem && storeFromItem(storeItem),
    lines: new Map(lines.map((item) => [pairKey(item.storeId as string, item.sku as string), lineFromItem(item)])),
    variants: new Map(items.filter((item) => item.entity === 'variant').map((item) => [item.sku as string, variantFromItem(item)])),
  };
}

export async function getLine(deps: Deps, storeId: string, sku: string): Promise<StockLine | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.stock(storeId, sku), ConsistentRead: true }));
  return res.Item ? lineFromItem(res.Item) : undefined;
}

/** A store's lines in SKU order, one page (staff screens). */
export async function listLines(deps: Deps, storeId: string, page: { limit: number; cursor?: string }) {
  const found = await pagePrefix(deps, { partition: keys.stockPartition(storeId), skPrefix: keys.stockPrefix }, page, {
    newestFirst: false,
    consistent: true,
  });
  return { lines: found.items.map(lineFromItem), nextCursor: found.nextCursor };
}

// ── the stock feed ────────────────────────────────────────────────────────────────────

/** The event's id record, written once (attribute_not_exists): a re-sent event is a duplicate. */
export function eventRecordPut(deps: Deps, storeId: string, event: StockEvent, now: Date): TransactItem {
  const record: StockEventRecord = {
    storeId,
    ...event,
    eventType: event.type,
    occurredAt: new Date(event.occurredAt).toISOString(),
    appliedAt: now.toISOString(),
  };
  const item: StockEventItem = toItem(
    'stockEvent',
    keys.stockEvent(storeId, event.eventId),
    record,
    epochSeconds(now) + EVENT_RECORD_TTL_SECONDS,
  );
  return {
    Put: {
      TableName: deps.tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

// Lines are created by the first event that mentions them, with every attribute a
// reservation's update expression expects; an event applies only if newer than the last count.
function lineUpsert(storeId: string, event: StockEvent, now: Date) {
  return {
    names: { '#entity': 'entity' },
    values: {
      ':store': storeId,
      ':sku': event.sku,
      ':entity': 'stock',
      ':empty': {},
      ':zero': 0,
      ':now': now.toISOString(),
      ':at': new Date(event.occurredAt).getTime(),
    },
    set: 'storeId = :store, sku = :sku, #entity = :entity, holds = if_not_exists(holds, :empty), confirmed = if_not_exists(confirmed, :zero), updatedAt = :now',
    newer: '(attribute_not_exists(lastCountAtMs) OR lastCountAtMs < :at)',
  };
}

/**
 * A delta event: its id record and the line update (ADD to on-hand and free units), applied
 * only if newer than the last count. Also for callers that move stock inside their own
 * transaction (orders: a return puts units back, an exchange hands units out). `noOversell`
 * makes a sale also require the units to be free — a feed reports sales that happened; an
 * exchange must not hand out units reserved for someone else.
 */
export function deltaItems(
  deps: Deps,
  storeId: string,
  event: StockEvent,
  now: Date,
  options: { noOversell?: boolean } = {},
): [record: TransactItem, line: TransactItem] {
  const line = lineUpsert(storeId, event, now);
  const delta = onHandDelta(event);
  const guard = options.noOversell === true && delta < 0;
  return [
    eventRecordPut(deps, storeId, event, now),
    {
      Update: {
        TableName: deps.tableName,
        Key: keys.stock(storeId, event.sku),
        UpdateExpression: `SET ${line.set}, safetyStock = if_not_exists(safetyStock, :zero) ADD onHand :delta, freeUnits :delta`,
        ConditionExpression: guard ? `${line.newer} AND freeUnits >= :need` : line.newer,
        ExpressionAttributeNames: line.names,
        ExpressionAttributeValues: { ...line.values, ':delta': delta, ...(guard ? { ':need': -delta } : {}) },
      },
    },
  ];
}

/**
 * A count's line update: on-hand and safety stock set absolutely, free units moved by the
 * difference — conditioned on on-hand and safety stock being what was read (`line`), or on
 * the line not existing yet. Reservations only touch freeUnits, so they never make a count retry.
 */
export function countUpdate(
  deps: Deps,
  storeId: string,
  event: StockEvent,
  now: Date,
  line: StockLine | undefined,
  change: CountChange,
): TransactItem {
  const common = lineUpsert(storeId, event, now);
  const set = `SET ${common.set}, onHand = :q, safetyStock = :safety, lastCountAtMs = :at`;
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.stock(storeId, event.sku),
      UpdateExpression: line ? `${set}, freeUnits = freeUnits + :freeDelta` : `${set}, freeUnits = :freeDelta`,
      ConditionExpression: line ? `onHand = :oldOnHand AND safetyStock = :oldSafety AND ${common.newer}` : 'attribute_not_exists(PK)',
      ExpressionAttributeNames: common.names,
      ExpressionAttributeValues: {
        ...common.values,
        ':q': change.onHand,
        ':safety': change.safetyStock,
        ':freeDelta': change.freeDelta,
        ...(line ? { ':oldOnHand': line.onHand, ':oldSafety': line.safetyStock } : {}),
      },
    },
  };
}

// ── holds and their moves ─────────────────────────────────────────────────────────────

export type Hold = {
  quantity: number;
  /** The hold's expiry bucket (stock-rules bucketOf); 'confirmed': units held without expiry (for an order). */
  bucket: string | 'confirmed';
  /** Expired buckets released in the same update (stock-rules releasableBuckets). */
  release: Array<{ bucket: string; quantity: number }>;
  now: Date;
};

/**
 * Takes `quantity` into the hold's bucket, releasing expired buckets to freeUnits in the same
 * update: conditioned on enough free units (net of what is released) and on each released
 * bucket still holding what was read — so two writers never release the same units twice.
 */
export function holdUpdate(deps: Deps, line: Pick<StockLine, 'storeId' | 'sku'>, hold: Hold): TransactItem {
  const released = hold.release.reduce((n, e) => n + e.quantity, 0);
  const confirmed = hold.bucket === 'confirmed';
  const names: Record<string, string> = confirmed ? {} : { '#b': hold.bucket };
  const values: Record<string, unknown> = {
    ':need': hold.quantity - released,
    ':q': hold.quantity,
    ':zero': 0,
    ':now': hold.now.toISOString(),
  };
  hold.release.forEach((e, i) => {
    names[`#x${i}`] = e.bucket;
    values[`:x${i}`] = e.quantity;
  });
  const remove = hold.release.length ? ` REMOVE ${hold.release.map((_, i) => `holds.#x${i}`).join(', ')}` : '';
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.stock(line.storeId, line.sku),
      UpdateExpression: `SET freeUnits = freeUnits - :need, ${confirmed ? 'confirmed = if_not_exists(confirmed, :zero) + :q' : 'holds.#b = if_not_exists(holds.#b, :zero) + :q'}, updatedAt = :now${remove}`,
      ConditionExpression: ['freeUnits >= :need', ...hold.release.map((_, i) => `holds.#x${i} = :x${i}`)].join(' AND '),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
}

const moves: Record<LineMove, { set: string; condition: string }> = {
  /** Confirm: the held units no longer expire. */
  'hold-to-confirmed': { set: 'holds.#b = holds.#b - :q, confirmed = confirmed + :q', condition: 'holds.#b >= :q' },
  /** Cancel a live hold: its units are free again. */
  'hold-to-free': { set: 'holds.#b = holds.#b - :q, freeUnits = freeUnits + :q', condition: 'holds.#b >= :q' },
  /** Cancel a confirmed reservation. */
  'confirmed-to-free': { set: 'confirmed = confirmed - :q, freeUnits = freeUnits + :q', condition: 'confirmed >= :q' },
  /** Allocate free units to an order (a ship line at a warehouse): never below zero. */
  'free-to-confirmed': { set: 'freeUnits = freeUnits - :q, confirmed = confirmed + :q', condition: 'freeUnits >= :q' },
  /** The pickup handover: the units leave the store (on-hand and confirmed drop, freeUnits stays). */
  'confirmed-out': { set: 'confirmed = confirmed - :q, onHand = onHand - :q', condition: 'confirmed >= :q' },
};

export function lineMoveUpdate(
  deps: Deps,
  storeId: string,
  line: { sku: string; quantity: number },
  move: LineMove,
  bucket: string,
  at: string,
): TransactItem {
  const { set, condition } = moves[move];
  const fromHold = move.startsWith('hold');
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.stock(storeId, line.sku),
      UpdateExpression: `SET ${set}, updatedAt = :at`,
      ConditionExpression: condition,
      ...(fromHold ? { ExpressionAttributeNames: { '#b': bucket } } : {}),
      ExpressionAttributeValues: { ':q': line.quantity, ':at': at },
    },
  };
}

/** Units allocated to an order straight from a location's free stock (no hold, no expiry), or given back. */
export const allocationUpdate = (
  deps: Deps,
  locationId: string,
  line: { sku: string; quantity: number },
  move: 'allocate' | 'release',
  at: string,
): TransactItem => lineMoveUpdate(deps, locationId, line, move === 'allocate' ? 'free-to-confirmed' : 'confirmed-to-free', '', at);
