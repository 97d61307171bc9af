// Runtime: counts DynamoDB calls and the capacity they consumed, by SDK middleware (not
// guessed). Used by the benchmark; could be attached in AWS for sampling too.

import type { DocumentClient } from './dynamodb.ts';

export type Meter = {
  calls: number;
  byCommand: Record<string, number>;
  capacityUnits: number;
  reset: () => void;
};

export function attachMeter(db: DocumentClient): Meter {
  const meter: Meter = {
    calls: 0,
    byCommand: {},
    capacityUnits: 0,
    reset() {
      meter.calls = 0;
      meter.byCommand = {};
      meter.capacityUnits = 0;
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
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        meter.capacityUnits += Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0);
      }
      return result;
    },
    { step: 'initialize', name: 'omnistoreMeter' },
  );
  return meter;
}
