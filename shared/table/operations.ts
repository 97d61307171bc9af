// Storage layer: the few DynamoDB idioms every repository needs, written once.

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  QueryCommand,
  type NativeAttributeValue,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { problems } from '../http/problem.ts';
import type { DocumentClient } from '../runtime/dynamodb.ts';

type Item = Record<string, NativeAttributeValue>;
type Key = { PK: string; SK: string };
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export function isConditionalFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException';
}

/** Which transaction items failed their condition (by index), or undefined if it was not that. */
export function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException) && (error as Error)?.name !== 'TransactionCanceledException') {
    return undefined;
  }
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
  return failed.length > 0 ? failed : undefined;
}

function isTransactionConflict(error: unknown): boolean {
  const reasons = (error as TransactionCanceledException)?.CancellationReasons ?? [];
  return (error as Error)?.name === 'TransactionCanceledException' && reasons.some((r) => r.Code === 'TransactionConflict');
}

/**
 * TransactWriteItems that retries a transaction conflict (another transaction touched the
 * same item) a few times with jitter. The SDK does not retry these itself. A condition
 * failure is the caller's business and is rethrown untouched.
 */
export async function transactWrite(
  db: DocumentClient,
  items: TransactItem[],
  options: { clientRequestToken?: string; attempts?: number } = {},
): Promise<void> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: options.clientRequestToken }));
      return;
    } catch (error) {
      if (!isTransactionConflict(error) || failedConditions(error)) throw error;
      if (attempt >= attempts) throw problems.conflict('Another update to the same data was in progress; retry.', 'busy');
      await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
    }
  }
}

/** BatchGetItem over any number of keys: chunks of 100, unprocessed keys retried. */
export async function batchGet(db: DocumentClient, tableName: string, keys: Key[], consistent = false): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Key[] | undefined = keys.slice(i, i + 100);
    for (let round = 0; pending && pending.length > 0; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(round, 5)));
      const res = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistent } } }),
      );
      out.push(...(res.Responses?.[tableName] ?? []));
      pending = res.UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined;
    }
  }
  return out;
}

/** BatchWriteItem deletes in chunks of 25, unprocessed items retried. */
export async function batchDelete(db: DocumentClient, tableName: string, keys: Key[]): Promise<void> {
  await batchWrite(db, tableName, keys.map((Key) => ({ DeleteRequest: { Key } })));
}

/** BatchWriteItem puts (unconditional: for seeding and bulk loads) in chunks of 25, `parallel` calls at a time. */
export async function batchPut(db: DocumentClient, tableName: string, items: Item[], parallel = 8): Promise<void> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      await batchWrite(db, tableName, chunk.map((Item) => ({ PutRequest: { Item } })));
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, worker));
}

type WriteRequest = { DeleteRequest: { Key: Key } } | { PutRequest: { Item: Item } };

async function batchWrite(db: DocumentClient, tableName: string, requests: WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(round, 5)));
      const res = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (res.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}

/**
 * One page of a customer's items listed on GSI1 under a prefix (orders, reservations…),
 * newest first: GSI1PK = the customer partition, GSI1SK begins with the prefix.
 */
export async function pageCustomerIndex(
  db: DocumentClient,
  tableName: string,
  customerPartition: string,
  prefix: string,
  options: { limit: number; cursor?: string },
): Promise<{ items: Item[]; nextCursor?: string }> {
  const res = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': customerPartition, ':prefix': prefix },
      ScanIndexForward: false, // ids are ULIDs: newest first
      Limit: options.limit,
      ExclusiveStartKey: cursor.decode(options.cursor, { PK: customerPartition, skPrefix: prefix, index: 'GSI1' }),
    }),
  );
  return { items: res.Items ?? [], nextCursor: cursor.encode(res.LastEvaluatedKey) };
}

/** Opaque pagination cursors: the last evaluated key, checked against the partition it came from. */
export const cursor = {
  encode(lastKey: Record<string, unknown> | undefined): string | undefined {
    return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined;
  },
  /** `index`: the list is a Query on that GSI, so the cursor's partition and sort keys are the index's. */
  decode(value: string | undefined, expected: { PK: string; skPrefix?: string; index?: 'GSI1' | 'GSI2' }): Item | undefined {
    if (value === undefined) return undefined;
    const [pk, sk] = expected.index ? [`${expected.index}PK`, `${expected.index}SK`] : ['PK', 'SK'];
    try {
      const key = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Item;
      const ok =
        key && typeof key === 'object' && key[pk] === expected.PK && typeof key[sk] === 'string' &&
        (!expected.skPrefix || (key[sk] as string).startsWith(expected.skPrefix));
      if (ok) return key;
    } catch {
      // fall through
    }
    throw problems.validation([{ path: 'query.cursor', message: 'This cursor is not one this list handed out.' }]);
  },
};
