// Storage layer: BatchGetItem and BatchWriteItem over any number of keys or items.

import { BatchGetCommand, BatchWriteCommand, type NativeAttributeValue } from '../runtime/dynamodb.ts';
import type { TableDeps } from './table-deps.ts';

type Item = Record<string, NativeAttributeValue>;
export type Key = { PK: string; SK: string };

const backoff = (round: number) => new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(round, 5)));

/** BatchGetItem over any number of keys: chunks of 100 in parallel, unprocessed keys retried. */
export async function batchGet(deps: TableDeps, keys: Key[], consistent = false): Promise<Item[]> {
  const chunks: Key[][] = [];
  for (let i = 0; i < keys.length; i += 100) chunks.push(keys.slice(i, i + 100));
  const results = await Promise.all(
    chunks.map(async (chunk) => {
      const out: Item[] = [];
      let pending: Key[] | undefined = chunk;
      for (let round = 0; pending && pending.length > 0; round++) {
        if (round > 0) await backoff(round);
        const res = await deps.db.send(
          new BatchGetCommand({ RequestItems: { [deps.tableName]: { Keys: pending, ConsistentRead: consistent } } }),
        );
        out.push(...(res.Responses?.[deps.tableName] ?? []));
        pending = res.UnprocessedKeys?.[deps.tableName]?.Keys as Key[] | undefined;
      }
      return out;
    }),
  );
  return results.flat();
}

/** BatchWriteItem deletes in chunks of 25, unprocessed items retried. */
export async function batchDelete(deps: TableDeps, keys: Key[]): Promise<void> {
  const unique = [...new Map(keys.map((k) => [`${k.PK}\u0000${k.SK}`, k])).values()];
  await batchWrite(
    deps,
    unique.map((Key) => ({ DeleteRequest: { Key } })),
  );
}

/** BatchWriteItem puts (unconditional: for seeding and bulk loads) in chunks of 25, `parallel` calls at a time. */
export async function batchPut(deps: TableDeps, items: Item[], parallel = 8): Promise<void> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      await batchWrite(
        deps,
        chunk.map((Item) => ({ PutRequest: { Item } })),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, worker));
}

type WriteRequest = { DeleteRequest: { Key: Key } } | { PutRequest: { Item: Item } };

async function batchWrite(deps: TableDeps, requests: WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) await backoff(round);
      const res = await deps.db.send(new BatchWriteCommand({ RequestItems: { [deps.tableName]: pending } }));
      pending = (res.UnprocessedItems?.[deps.tableName] ?? []) as typeof pending;
    }
  }
}
