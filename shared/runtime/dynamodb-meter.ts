// Runtime: counts DynamoDB calls and the capacity they consumed, by SDK middleware (not
// guessed). Used by the benchmark; could be attached in AWS for sampling too.

import type { DocumentClient } from './dynamodb.ts';

export type Meter = {
  calls: number;
  byCommand: Record<string, number>;
  capacityUnits: number;
  /** Items DynamoDB read (a Query's ScannedCount, the items a Get or BatchGet returned). */
  itemsRead: number;
  reset: () => void;
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
  };
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity ??= 'TOTAL';
      meter.calls += 1;
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      meter.byCommand[name] = (meter.byCommand[name] ?? 0) + 1;
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: unknown; ScannedCount?: number; Item?: unknown; Responses?: unknown };
      meter.itemsRead += itemsIn(output);
      const consumed = output.ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        meter.capacityUnits += Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0);
      }
      return result;
    },
    { step: 'initialize', name: 'omnistoreMeter' },
  );
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
