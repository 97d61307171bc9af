import { describe, expect, it } from 'vitest';
import {
  availableNow,
  bucketOf,
  countChange,
  expiredBuckets,
  fitsOneTransaction,
  holdUntil,
  liveHeld,
  onHandDelta,
  releasableBuckets,
  type StockLine,
  shortLines,
  stockedFirst,
  stockStatus,
  viewOf,
} from '#shared/inventory/stock-rules.ts';

const now = new Date('2026-11-23T10:00:00Z');
const sec = (iso: string) => String(new Date(iso).getTime() / 1000);
const line = (overrides: Partial<StockLine> = {}): StockLine => ({
  storeId: 's',
  sku: 'k',
  onHand: 10,
  safetyStock: 1,
  confirmed: 2,
  holds: { [sec('2026-11-23T10:30:00Z')]: 3, [sec('2026-11-23T09:59:00Z')]: 4 },
  freeUnits: 10 - 1 - 2 - 7,
  ...overrides,
});

describe('stock line at an instant', () => {
  it('counts live holds only: expired ones are available again before anyone writes', () => {
    expect(liveHeld(line(), now)).toBe(3);
    expect(availableNow(line(), now)).toBe(10 - 1 - 2 - 3);
    expect(expiredBuckets(line(), now)).toEqual([{ bucket: sec('2026-11-23T09:59:00Z'), quantity: 4 }]);
  });

  it('treats a hold as expired at its exact end', () => {
    const l = line({ holds: { [sec('2026-11-23T10:00:00Z')]: 5 } });
    expect(liveHeld(l, now)).toBe(0);
  });

  it('never shows negative availability and derives the status from the store threshold', () => {
    const oversold = viewOf(line({ onHand: 2 }), 'k', now, 3);
    expect(oversold.available).toBe(0);
    expect(oversold.status).toBe('out_of_stock');
    expect(oversold.reserved).toBe(5);
    expect(stockStatus(3, 3)).toBe('low_stock');
    expect(stockStatus(4, 3)).toBe('in_stock');
    expect(stockStatus(0, 0)).toBe('out_of_stock');
    expect(stockStatus(1, 0)).toBe('in_stock');
  });

  it('reads a missing line as nothing in stock', () => {
    expect(viewOf(undefined, 'k', now, 3)).toMatchObject({ onHand: 0, available: 0, status: 'out_of_stock' });
  });

  it('rounds a hold up to the whole minute so holds share buckets', () => {
    const until = holdUntil(new Date('2026-11-23T10:00:20.500Z'), 30);
    expect(until.toISOString()).toBe('2026-11-23T10:31:00.000Z');
    expect(bucketOf(until)).toBe(sec('2026-11-23T10:31:00Z'));
    expect(holdUntil(now, 30).toISOString()).toBe('2026-11-23T10:30:00.000Z');
  });
});

describe('Rule: a new hold', () => {
  it('releases at most 20 expired buckets of a line, never a live one', () => {
    const holds = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [String(now.getTime() / 1000 - 60 * (i + 1)), 1]));
    const live = sec('2026-11-23T10:30:00Z');
    const release = releasableBuckets({ holds: { ...holds, [live]: 2 } }, now);
    expect(release).toHaveLength(20);
    expect(release.map((r) => r.bucket)).not.toContain(live);
  });

  it('names each line short of what is wanted, a missing line having nothing', () => {
    const lines = new Map([['k', line()]]); // 4 available
    const short = shortLines(
      [
        { sku: 'k', quantity: 2 },
        { sku: 'missing', quantity: 1 },
      ],
      (sku) => lines.get(sku),
      now,
    );
    expect(short).toEqual([{ sku: 'missing', requested: 1, available: 0 }]);
    expect(shortLines([{ sku: 'k', quantity: 5 }], (sku) => lines.get(sku), now)).toEqual([{ sku: 'k', requested: 5, available: 4 }]);
    // Oversold: never a negative figure.
    expect(shortLines([{ sku: 'k', quantity: 1 }], () => line({ onHand: 0 }), now)).toEqual([{ sku: 'k', requested: 1, available: 0 }]);
  });
});

describe('Rule: the stock feed', () => {
  const event = (eventId: string, sku: string, type: 'sale' | 'receipt' | 'count' = 'sale') => ({ eventId, sku, type });

  it('moves on-hand by a delta event in the direction its type says', () => {
    expect(onHandDelta({ type: 'sale', quantity: 3 })).toBe(-3);
    expect(onHandDelta({ type: 'receipt', quantity: 3 })).toBe(3);
    expect(onHandDelta({ type: 'return', quantity: 1 })).toBe(1);
    expect(onHandDelta({ type: 'adjustment', quantity: -2 })).toBe(-2);
    expect(() => onHandDelta({ type: 'count', quantity: 5 })).toThrow();
  });

  it('applies a batch in one transaction only when it is 2 to 50 new deltas of distinct SKUs and ids', () => {
    expect(fitsOneTransaction([event('e1', 'a'), event('e2', 'b')])).toBe(true);
    expect(fitsOneTransaction([event('e1', 'a')])).toBe(false);
    expect(fitsOneTransaction([event('e1', 'a'), event('e2', 'a')])).toBe(false);
    expect(fitsOneTransaction([event('e1', 'a'), event('e1', 'b')])).toBe(false);
    expect(fitsOneTransaction([event('e1', 'a'), event('e2', 'b', 'count')])).toBe(false);
    expect(fitsOneTransaction(Array.from({ length: 51 }, (_, i) => event(`e${i}`, `s${i}`)))).toBe(false);
  });

  it('sets on-hand by a count and moves free units by the difference, safety stock included', () => {
    const counted = line({ onHand: 10, safetyStock: 1, freeUnits: 2, lastCountAtMs: Date.parse('2026-11-23T08:00:00Z') });
    expect(countChange(counted, { quantity: 7, occurredAt: '2026-11-23T09:00:00Z' })).toEqual({ onHand: 7, safetyStock: 1, freeDelta: -3 });
    expect(countChange(counted, { quantity: 7, occurredAt: '2026-11-23T09:00:00Z', safetyStock: 3 })).toEqual({
      onHand: 7,
      safetyStock: 3,
      freeDelta: -5,
    });
    expect(countChange(undefined, { quantity: 4, occurredAt: '2026-11-23T09:00:00Z', safetyStock: 1 })).toEqual({
      onHand: 4,
      safetyStock: 1,
      freeDelta: 3,
    });
  });

  it('finds a count no newer than the last one stale', () => {
    const counted = line({ lastCountAtMs: Date.parse('2026-11-23T09:00:00Z') });
    expect(countChange(counted, { quantity: 1, occurredAt: '2026-11-23T09:00:00Z' })).toBe('stale');
    expect(countChange(counted, { quantity: 1, occurredAt: '2026-11-23T10:00:00+02:00' })).toBe('stale');
    expect(countChange(counted, { quantity: 1, occurredAt: '2026-11-23T09:00:01Z' })).not.toBe('stale');
  });
});

describe('Rule: availability order', () => {
  it('puts stores with something first and keeps the nearest-first order within each group', () => {
    const stores = [
      { id: 'near-empty', skusAvailable: 0 },
      { id: 'near', skusAvailable: 1 },
      { id: 'mid-empty', skusAvailable: 0 },
      { id: 'far', skusAvailable: 3 },
    ];
    expect(stockedFirst(stores).map((s) => s.id)).toEqual(['near', 'far', 'near-empty', 'mid-empty']);
  });
});
