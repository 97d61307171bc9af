// Use case: a store's stock feed (sales, receipts, returns, adjustments, counts). Each event
// is applied exactly once: its event-id record is condition-written with the line update.

import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import { fieldsOf } from '../platform/schemas.ts';
import type { Deps } from '../runtime/deps.ts';
import { isDomainError } from '../runtime/errors.ts';
import { requireStore } from '../stores/index.ts';
import { Tx, transactWrite } from '../table/transact.ts';
import { type StockEvent, type StockEventResult, type StockEventsOutcome, stockEventSchema } from './schemas.ts';
import { countUpdate, deltaItems, eventRecordPut, getLine } from './stock-repository.ts';
import { countChange, fitsOneTransaction } from './stock-rules.ts';

/** How often a count is retried when a concurrent delta moved on-hand under it. */
const COUNT_ATTEMPTS = 5;
/** Events of different SKUs are applied in parallel, this many at a time. */
const EVENT_CONCURRENCY = 8;

type Indexed = { index: number; event: StockEvent };
type Outcome = Pick<StockEventResult, 'result' | 'reason'>;

/**
 * Up to 100 events from a store's feed, each with its own outcome; one failing never stops
 * the others.
 * 1. Staff of the store or inventory integrations; the store must be in the directory.
 * 2. Validate each event on its own: a malformed one is rejected naming its field
 *    (`events[2].quantity`), the rest still apply.
 * 3. Apply the valid ones: a batch of new deltas of distinct SKUs in one transaction;
 *    otherwise event by event — SKUs in parallel, one SKU's events in the order sent —
 *    applied, duplicate (its id was applied before) or stale (older than the last count).
 * 4. Count the outcomes.
 */
export async function applyStockEvents(
  deps: Deps,
  command: { storeId: string; events: unknown[] },
  actor: Actor,
): Promise<StockEventsOutcome> {
  const { storeId } = command;
  assertStoreAccess(actor, storeId);
  await requireStore(deps, storeId);
  return applyStockEventsAt(deps, storeId, command.events);
}

/**
 * Steps 2–4 at any stock location (a store, or a warehouse: keys.warehouseLocation); the
 * caller has checked who may and that the location exists.
 */
export async function applyStockEventsAt(deps: Deps, locationId: string, events: unknown[]): Promise<StockEventsOutcome> {
  const results: StockEventResult[] = [];
  const valid: Indexed[] = [];
  events.forEach((raw, index) => {
    const parsed = stockEventSchema.safeParse(raw);
    if (parsed.success) valid.push({ index, event: parsed.data });
    else results.push(rejected(raw, index, fieldsOf(parsed.error, `events[${index}]`)[0]!));
  });
  results.push(...(await applyValid(deps, locationId, valid)));
  results.sort((a, b) => a.index - b.index);
  const count = (r: StockEventResult['result']) => results.filter((x) => x.result === r).length;
  return { applied: count('applied'), duplicate: count('duplicate'), stale: count('stale'), rejected: count('rejected'), results };
}

function rejected(raw: unknown, index: number, field: { path: string; message: string }): StockEventResult {
  const r = raw as { eventId?: unknown; sku?: unknown } | null;
  return {
    index,
    ...(typeof r?.eventId === 'string' ? { eventId: r.eventId } : {}),
    ...(typeof r?.sku === 'string' ? { sku: r.sku } : {}),
    result: 'rejected',
    field: field.path,
    reason: field.message,
  };
}

async function applyValid(deps: Deps, storeId: string, events: Indexed[]): Promise<StockEventResult[]> {
  const result = ({ index, event }: Indexed, outcome: Outcome): StockEventResult => ({
    index,
    eventId: event.eventId,
    sku: event.sku,
    ...outcome,
  });
  if (await applyAllAtOnce(deps, storeId, events)) return events.map((e) => result(e, { result: 'applied' }));
  const bySku = new Map<string, Indexed[]>();
  for (const e of events) bySku.set(e.event.sku, [...(bySku.get(e.event.sku) ?? []), e]);
  const groups = [...bySku.values()];
  const results: StockEventResult[] = [];
  const worker = async () => {
    for (let group = groups.shift(); group; group = groups.shift()) {
      for (const e of group) {
        try {
          results.push(result(e, await applyOne(deps, storeId, e.event)));
        } catch (error) {
          if (!isDomainError(error)) deps.logger.error('stock event failed', error as Error);
          results.push(result(e, { result: 'rejected', reason: 'Could not be applied now (concurrent updates); send it again.' }));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(EVENT_CONCURRENCY, groups.length) }, worker));
  return results;
}

/**
 * The common case — a feed batch of new deltas for distinct SKUs — in one transaction. If any
 * event is a duplicate or stale the whole transaction is refused, and the batch is applied
 * event by event instead, which reports each outcome.
 */
async function applyAllAtOnce(deps: Deps, storeId: string, events: Indexed[]): Promise<boolean> {
  if (!fitsOneTransaction(events.map((e) => e.event))) return false;
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

const stale: Outcome = { result: 'stale', reason: 'Older than the last applied count, which already reflects it.' };

/**
 * One event, its id record and its line update in one transaction. A delta ADDs to the line
 * unless a newer count already reflects it (stale). A count reads the line and sets on-hand
 * absolutely, conditioned on the line being as read: a concurrent delta makes it read again.
 */
async function applyOne(deps: Deps, storeId: string, event: StockEvent): Promise<Outcome> {
  const now = deps.clock.now();
  for (let attempt = 1; ; attempt++) {
    const tx = new Tx<'record' | 'line'>();
    if (event.type === 'count') {
      const line = await getLine(deps, storeId, event.sku);
      const change = countChange(line, event);
      if (change === 'stale') return stale;
      tx.add('record', eventRecordPut(deps, storeId, event, now)).add('line', countUpdate(deps, storeId, event, now, line, change));
    } else {
      const [record, update] = deltaItems(deps, storeId, event, now);
      tx.add('record', record).add('line', update);
    }
    try {
      await tx.write(deps);
      return { result: 'applied' };
    } catch (error) {
      const failed = tx.failed(error);
      if (failed?.has('record')) return { result: 'duplicate' };
      if (failed?.has('line') && event.type !== 'count') return stale;
      if (!failed?.has('line') || attempt >= COUNT_ATTEMPTS) throw error;
    }
  }
}
