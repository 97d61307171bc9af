// Rules: what a stock line means at an instant, what a hold or a feed event does to it. Pure.
//
// A stock line (keys.stock) keeps:
//   onHand       units in the store (stock events move it)
//   safetyStock  units never offered
//   confirmed    units of confirmed reservations (no expiry; released by cancel or pickup)
//   holds        { "<holdUntil epoch seconds>": units } — reservations not yet confirmed,
//                aggregated per expiry minute so the item stays small however many holds exist
//   freeUnits    onHand − safetyStock − confirmed − Σ holds (ALL buckets, expired or not):
//                the one number a DynamoDB condition can compare (`freeUnits >= :qty`), since
//                condition expressions cannot add.
// A hold expires without anyone writing: readers count only live buckets, and the next
// reservation on the line removes expired buckets inside its own transaction, adding their
// units back to `freeUnits` (conditioned on each bucket still holding what was read). TTL plays
// no part in it.

import { epochSeconds } from '../table/item.ts';
import type { StockEvent } from './schemas.ts';

export type StockLine = {
  storeId: string;
  sku: string;
  onHand: number;
  safetyStock: number;
  confirmed: number;
  holds: Record<string, number>;
  freeUnits: number;
  lastCountAtMs?: number;
  updatedAt?: string;
};

type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock';

type StockView = {
  sku: string;
  onHand: number;
  safetyStock: number;
  /** Units held by live reservations plus confirmed ones. */
  reserved: number;
  held: number;
  confirmed: number;
  /** onHand − reserved − safetyStock, never below zero. */
  available: number;
  status: StockStatus;
};

const isLive = (bucket: string, now: Date) => Number(bucket) > epochSeconds(now);

export function liveHeld(line: Pick<StockLine, 'holds'>, now: Date): number {
  return Object.entries(line.holds ?? {}).reduce((n, [bucket, qty]) => (isLive(bucket, now) ? n + qty : n), 0);
}

/** Expired buckets still on the line, to release in the next reservation's transaction. */
export function expiredBuckets(line: Pick<StockLine, 'holds'>, now: Date): Array<{ bucket: string; quantity: number }> {
  return Object.entries(line.holds ?? {})
    .filter(([bucket]) => !isLive(bucket, now))
    .map(([bucket, quantity]) => ({ bucket, quantity }));
}

/** Units a new reservation could take now (may be negative after an oversold sale). */
export function availableNow(line: StockLine, now: Date): number {
  return line.onHand - line.safetyStock - line.confirmed - liveHeld(line, now);
}

export function stockStatus(available: number, lowStockThreshold: number): StockStatus {
  if (available <= 0) return 'out_of_stock';
  return available <= lowStockThreshold ? 'low_stock' : 'in_stock';
}

export function viewOf(line: StockLine | undefined, sku: string, now: Date, lowStockThreshold: number): StockView {
  if (!line) {
    return { sku, onHand: 0, safetyStock: 0, reserved: 0, held: 0, confirmed: 0, available: 0, status: 'out_of_stock' };
  }
  const held = liveHeld(line, now);
  const available = Math.max(0, availableNow(line, now));
  return {
    sku,
    onHand: line.onHand,
    safetyStock: line.safetyStock,
    reserved: held + line.confirmed,
    held,
    confirmed: line.confirmed,
    available,
    status: stockStatus(available, lowStockThreshold),
  };
}

/** How long a hold may last when a client asks (an order's own hold takes the least). */
export const MIN_HOLD_MINUTES = 5;
export const MAX_HOLD_MINUTES = 24 * 60;
export const DEFAULT_HOLD_MINUTES = 30;

/** A hold's expiry, rounded up to the whole minute so holds share buckets. */
export function holdUntil(now: Date, holdMinutes: number): Date {
  const ms = now.getTime() + holdMinutes * 60_000;
  return new Date(Math.ceil(ms / 60_000) * 60_000);
}

export const bucketOf = (until: Date) => String(epochSeconds(until));

/** The signed change to on-hand of a delta event (a count is absolute, not a delta). */
export function onHandDelta(event: Pick<StockEvent, 'type' | 'quantity'>): number {
  if (event.type === 'count') throw new TypeError('A count sets on-hand; it is not a delta.');
  return event.type === 'sale' ? -event.quantity : event.quantity;
}

// ── holds ─────────────────────────────────────────────────────────────────────────────

/** Expired buckets released per line per reservation (the rest go with the next one). */
const MAX_RELEASES_PER_LINE = 20;

/** The expired buckets a new hold on this line releases in its own transaction. */
export const releasableBuckets = (line: Pick<StockLine, 'holds'>, now: Date) => expiredBuckets(line, now).slice(0, MAX_RELEASES_PER_LINE);

type ShortLine = { sku: string; requested: number; available: number };

/** The wanted lines a store cannot hold now (a SKU without a line has nothing), with what it has. */
export function shortLines(
  wanted: Array<{ sku: string; quantity: number }>,
  lineOf: (sku: string) => StockLine | undefined,
  now: Date,
): ShortLine[] {
  return wanted.flatMap(({ sku, quantity }) => {
    const line = lineOf(sku);
    const available = line ? availableNow(line, now) : 0;
    return available >= quantity ? [] : [{ sku, requested: quantity, available: Math.max(0, available) }];
  });
}

// ── the stock feed ────────────────────────────────────────────────────────────────────

/** Feed events that fit in one transaction (two items each): new deltas of distinct SKUs, at most 50. */
export function fitsOneTransaction(events: Array<Pick<StockEvent, 'eventId' | 'sku' | 'type'>>): boolean {
  const distinct = (values: string[]) => new Set(values).size === values.length;
  return (
    events.length >= 2 &&
    events.length <= 50 &&
    distinct(events.map((e) => e.sku)) &&
    distinct(events.map((e) => e.eventId)) &&
    events.every((e) => e.type !== 'count')
  );
}

export type CountChange = { onHand: number; safetyStock: number; freeDelta: number };

/**
 * What a count does to a line (undefined when it is not there yet): on-hand and safety stock
 * become what was counted, free units move by the difference. A count no newer than the last
 * applied one is stale: that one already reflects it.
 */
export function countChange(
  line: StockLine | undefined,
  count: Pick<StockEvent, 'quantity' | 'occurredAt' | 'safetyStock'>,
): CountChange | 'stale' {
  if (line?.lastCountAtMs !== undefined && line.lastCountAtMs >= Date.parse(count.occurredAt)) return 'stale';
  const onHand = line?.onHand ?? 0;
  const safety = line?.safetyStock ?? 0;
  const safetyStock = count.safetyStock ?? safety;
  return { onHand: count.quantity, safetyStock, freeDelta: count.quantity - onHand - (safetyStock - safety) };
}

/** Stores with at least one SKU available first; the order within each group is kept (nearest first). */
export const stockedFirst = <T extends { skusAvailable: number }>(stores: T[]): T[] =>
  stores.toSorted((a, b) => Number(b.skusAvailable > 0) - Number(a.skusAvailable > 0));
