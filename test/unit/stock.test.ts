import { describe, expect, it } from 'vitest';
import {
  availableNow,
  bucketOf,
  expiredBuckets,
  holdUntil,
  liveHeld,
  type StockLine,
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
