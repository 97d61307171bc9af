// Runtime: counts DynamoDB calls and the capacity they consumed, by an interceptor on the
// client (not guessed). Used by the benchmark; could be attached in AWS for sampling too.

import type { DocumentClient } from './dynamodb.ts';

export type Meter = {
  calls: number;
  byCommand: Record<string, number>;
  capacityUnits: number;
  /** Items DynamoDB read (a Query's ScannedCount, the items a Get or BatchGet returned). */
  itemsRead: number;
  reset: () => void;
  /** Stops counting. */
  detach: () => void;
};

export function attachMeter(db: DocumentClient): Meter {
  const meter: Meter = {
    calls: 0,
    byCommand: {},
    capacityUnits: 0,
    itemsRead: 0,
    reset() {
      meter.calls = 0;
      meter.byCommand = {};
      meter.capacityUnits = 0;
      meter.itemsRead = 0;
    },
    detach: () => undefined,
  };
  meter.detach = db.intercept('omnistoreMeter', async (call, next) => {
    call.input.ReturnConsumedCapacity ??= 'TOTAL';
    meter.calls += 1;
    meter.byCommand[call.operation] = (meter.byCommand[call.operation] ?? 0) + 1;
    const output = (await next()) as { ConsumedCapacity?: unknown; ScannedCount?: number; Item?: unknown; Responses?: unknown };
    meter.itemsRead += itemsIn(output);
    const consumed = output.ConsumedCapacity;
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      meter.capacityUnits += Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0);
    }
    return output;
  });
  return meter;
}

function itemsIn(output: { ScannedCount?: number; Item?: unknown; Responses?: unknown }): number {
  if (typeof output.ScannedCount === 'number') return output.ScannedCount;
  if (output.Item) return 1;
  if (Array.isArray(output.Responses)) return output.Responses.filter((r) => (r as { Item?: unknown }).Item).length;
  if (output.Responses && typeof output.Responses === 'object') {
    return Object.values(output.Responses as Record<string, unknown[]>).reduce((n, items) => n + items.length, 0);
  }
  return 0;
}
