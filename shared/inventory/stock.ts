// Repository: stock lines (keys.stock) and the stock feed. Each feed event is one
// TransactWriteItems: its event-id record (attribute_not_exists: applied once) and the line
// update (conditioned on being newer than the last count). See shared/domain/stock.ts for
// what the line's attributes mean.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { isDomainError } from '../platform/errors.ts';
import type { Deps } from '../runtime/deps.ts';
import { batchGet } from '../table/batch.ts';
import { keys } from '../table/keys.ts';
import { pagePrefix } from '../table/query.ts';
import { failedConditions, type TransactItem, transactWrite } from '../table/transact.ts';
import type { StockEvent, StockEventResult } from './schemas.ts';
import { emptyLine, onHandDelta, type StockLine } from './stock-rules.ts';

/** Event-id records are kept 30 days: the window in which a feed may re-send. */
const EVENT_RECORD_TTL_SECONDS = 30 * 24 * 3600;
/** How often a count is retried when a concurrent delta moved on-hand under it. */
const COUNT_ATTEMPTS = 5;
/** Events of different SKUs are applied in parallel, this many at a time. */
const EVENT_CONCURRENCY = 8;

export function lineFromItem(item: Record<string, unknown>): StockLine {
  return {
    storeId: item.storeId as string,
    sku: item.sku as string,
    onHand: (item.onHand as number) ?? 0,
    safetyStock: (item.safetyStock as number) ?? 0,
    confirmed: (item.confirmed as number) ?? 0,
    holds: (item.holds as Record<string, number>) ?? {},
    freeUnits: (item.freeUnits as number) ?? 0,
    lastCountAtMs: item.lastCountAtMs as number | undefined,
    updatedAt: item.updatedAt as string | undefined,
  };
}

/** The stored item of a line (seeding and tests write lines directly with this). */
export function lineItem(line: StockLine): Record<string, unknown> {
  return { ...keys.stock(line.storeId, line.sku), entity: 'stock', ...line };
}

export const pairKey = (storeId: string, sku: string) => `${storeId}\u0000${sku}`;

/**
 * Lines for any store × SKU pairs: BatchGetItem, 100 keys a call, the calls in parallel.
 * Strongly consistent, so a stock event or reservation is visible in the very next read.
 */
export async function getLines(deps: Deps, pairs: Array<{ storeId: string; sku: string }>): Promise<Map<string, StockLine>> {
  const chunks: Array<typeof pairs> = [];
  for (let i = 0; i < pairs.length; i += 100) chunks.push(pairs.slice(i, i + 100));
  const results = await Promise.all(
    chunks.map((chunk) =>
      batchGet(
        deps,
        chunk.map((p) => keys.stock(p.storeId, p.sku)),
        true,
      ),
    ),
  );
  return new Map(results.flat().map((item) => [pairKey(item.storeId as string, item.sku as string), lineFromItem(item)]));
}

export async function getLine(deps: Deps, storeId: string, sku: string): Promise<StockLine | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.stock(storeId, sku), ConsistentRead: true }));
  return res.Item ? lineFromItem(res.Item) : undefined;
}

/** A store's lines in SKU order, one page (staff screens). */
export async function listLines(deps: Deps, storeId: string, options: { limit: number; cursor?: string }) {
  const found = await pagePrefix(deps, { partition: keys.storePartition(storeId), skPrefix: keys.stockPrefix }, options, {
    newestFirst: false,
    consistent: true,
  });
  return { lines: found.items.map(lineFromItem), nextCursor: found.nextCursor };
}

type Indexed = { index: number; event: StockEvent };

/**
 * Applies validated feed events. Events of one SKU are applied in the order sent; SKUs in
 * parallel. Each event gets its own outcome; one failing never stops the others.
 */
export async function applyStockEvents(deps: Deps, storeId: string, events: Indexed[]): Promise<Map<number, StockEventResult>> {
  if (await applyAllAtOnce(deps, storeId, events)) {
    return new Map(events.map(({ index, event }) => [index, { index, eventId: event.eventId, sku: event.sku, result: 'applied' }]));
  }
  const bySku = new Map<string, Indexed[]>();
  for (const e of events) bySku.set(e.event.sku, [...(bySku.get(e.event.sku) ?? []), e]);
  const results = new Map<number, StockEventResult>();
  const groups = [...bySku.values()];
  const worker = async () => {
    for (let group = groups.shift(); group; group = groups.shift()) {
      for (const { index, event } of group) {
        const base = { index, eventId: event.eventId, sku: event.sku };
        try {
          results.set(index, { ...base, ...(await applyOne(deps, storeId, event)) });
        } catch (error) {
          if (!isDomainError(error)) deps.logger.error('stock event failed', error as Error);
          results.set(index, { ...base, result: 'rejected', reason: 'Could not be applied now (concurrent updates); send it again.' });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(EVENT_CONCURRENCY, groups.length) }, worker));
  return results;
}

/**
 * The common case — a feed batch of new deltas for distinct SKUs — in one transaction
 * (two items per event). If any event is a duplicate or stale the whole transaction is
 * refused and the batch is applied event by event instead, which reports each outcome.
 */
async function applyAllAtOnce(deps: Deps, storeId: string, events: Indexed[]): Promise<boolean> {
  const skus = new Set(events.map((e) => e.event.sku));
  const ids = new Set(events.map((e) => e.event.eventId));
  if (
    events.length < 2 ||
    events.length > 50 ||
    skus.size !== events.length ||
    ids.size !== events.length ||
    events.some((e) => e.event.type === 'count')
  )
    return false;
  const now = deps.clock.now();
  try {
    await transactWrite(
      deps,
      events.flatMap(({ event }) => deltaItems(deps, storeId, event, now)),
    );
    return true;
  } catch {
    return false; // a refused or failed batch: one by one, each with its own outcome
  }
}

type Outcome = Pick<StockEventResult, 'result' | 'reason'>;

function eventRecord(deps: Deps, storeId: string, event: StockEvent, now: Date): TransactItem {
  return {
    Put: {
      TableName: deps.tableName,
      Item: {
        ...keys.stockEvent(storeId, event.eventId),
        storeId,
        ...event,
        eventType: event.type,
        entity: 'stockEvent',
        occurredAt: new Date(event.occurredAt).toISOString(),
        appliedAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + EVENT_RECORD_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

// Lines are created by the first event that mentions them, with every attribute a
// reservation's update expression expects.
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
 * A delta event: its id record and the line update, applied only if newer than the last
 * count. Exported for callers that move stock inside their own transaction (orders: a
 * return puts units back, an exchange hands units out). `noOversell` makes a sale also
 * require the units to be free — a feed reports sales that happened; an exchange must not
 * hand out units reserved for someone else.
 */
export function deltaItems(
  deps: Deps,
  storeId: string,
  event: StockEvent,
  now: Date,
  options: { noOversell?: boolean } = {},
): [TransactItem, TransactItem] {
  const common = lineUpsert(storeId, event, now);
  const delta = onHandDelta(event.type as Exclude<StockEvent['type'], 'count'>, event.quantity);
  const guard = options.noOversell && delta < 0 ? ' AND freeUnits >= :need' : '';
  return [
    eventRecord(deps, storeId, event, now),
    {
      Update: {
        TableName: deps.tableName,
        Key: keys.stock(storeId, event.sku),
        UpdateExpression: `SET ${common.set}, safetyStock = if_not_exists(safetyStock, :zero) ADD onHand :delta, freeUnits :delta`,
        ConditionExpression: `${common.newer}${guard}`,
        ExpressionAttributeNames: common.names,
        ExpressionAttributeValues: { ...common.values, ':delta': delta, ...(guard ? { ':need': -delta } : {}) },
      },
    },
  ];
}

async function applyOne(deps: Deps, storeId: string, event: StockEvent): Promise<Outcome> {
  const now = deps.clock.now();
  const atMs = new Date(event.occurredAt).getTime();
  const record = eventRecord(deps, storeId, event, now);
  const common = lineUpsert(storeId, event, now);
  const stale: Outcome = { result: 'stale', reason: 'Older than the last applied count, which already reflects it.' };

  if (event.type !== 'count') {
    try {
      await transactWrite(deps, deltaItems(deps, storeId, event, now));
      return { result: 'applied' };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) return { result: 'duplicate' };
      if (failed?.includes(1)) return stale;
      throw error;
    }
  }

  // A count sets on-hand absolutely: freeUnits moves by the difference, conditioned on on-hand
  // and safety stock being what was read (reservations only touch freeUnits, so they never
  // make a count retry).
  for (let attempt = 1; ; attempt++) {
    const line = (await getLine(deps, storeId, event.sku)) ?? undefined;
    if (line?.lastCountAtMs !== undefined && line.lastCountAtMs >= atMs) return stale;
    const current = line ?? emptyLine(storeId, event.sku);
    const safety = event.safetyStock ?? current.safetyStock;
    const freeDelta = event.quantity - current.onHand - (safety - current.safetyStock);
    const update: TransactItem = {
      Update: {
        TableName: deps.tableName,
        Key: keys.stock(storeId, event.sku),
        UpdateExpression: line
          ? `SET ${common.set}, onHand = :q, safetyStock = :safety, freeUnits = freeUnits + :freeDelta, lastCountAtMs = :at`
          : `SET ${common.set}, onHand = :q, safetyStock = :safety, freeUnits = :freeDelta, lastCountAtMs = :at`,
        ConditionExpression: line ? `onHand = :oldOnHand AND safetyStock = :oldSafety AND ${common.newer}` : 'attribute_not_exists(PK)',
        ExpressionAttributeNames: common.names,
        ExpressionAttributeValues: {
          ...common.values,
          ':q': event.quantity,
          ':safety': safety,
          ':freeDelta': freeDelta,
          ...(line ? { ':oldOnHand': current.onHand, ':oldSafety': current.safetyStock } : {}),
        },
      },
    };
    try {
      await transactWrite(deps, [record, update]);
      return { result: 'applied' };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) return { result: 'duplicate' };
      if (!failed?.includes(1) || attempt >= COUNT_ATTEMPTS) throw error;
    }
  }
}
