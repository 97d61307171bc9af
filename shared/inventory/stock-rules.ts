// Domain: what a stock line means at an instant. Pure functions over the stored line.
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

export type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock';

export type StockView = {
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

const epochSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

export const isLive = (bucket: string, now: Date) => Number(bucket) > epochSeconds(now);

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

/** A hold's expiry, rounded up to the whole minute so holds share buckets. */
export function holdUntil(now: Date, holdMinutes: number): Date {
  const ms = now.getTime() + holdMinutes * 60_000;
  return new Date(Math.ceil(ms / 60_000) * 60_000);
}

export const bucketOf = (until: Date) => String(epochSeconds(until));

/** A new, empty line (stock events create lines on first sight). */
export function emptyLine(storeId: string, sku: string): StockLine {
  return { storeId, sku, onHand: 0, safetyStock: 0, confirmed: 0, holds: {}, freeUnits: 0 };
}

export const stockEventTypes = ['sale', 'receipt', 'return', 'adjustment', 'count'] as const;
export type StockEventType = (typeof stockEventTypes)[number];

/** The signed change to on-hand of a delta event (a count is absolute, not a delta). */
export function onHandDelta(type: Exclude<StockEventType, 'count'>, quantity: number): number {
  return type === 'sale' ? -quantity : quantity;
}
