// Storage layer: Query, written once — every page of a bounded range, or one page behind an
// opaque cursor — and GetItem.

import { GetCommand, type NativeAttributeValue, QueryCommand, type QueryCommandInput } from '../runtime/dynamodb.ts';
import { fail } from '../runtime/errors.ts';
import type { TableDeps } from './table-deps.ts';

type Item = Record<string, NativeAttributeValue>;
export type QueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;
export type IndexName = 'GSI1' | 'GSI2' | 'GSI3';
export type Page<T> = { items: T[]; nextCursor?: string };

/** One item by key (strongly consistent unless told otherwise: callers read their own writes). */
export async function getItem(deps: TableDeps, key: { PK: string; SK: string }, consistent = true): Promise<Item | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: consistent }));
  return res.Item;
}

/** Every page of a Query. Only for ranges bounded by their key condition (one day, one store's catalogue…). */
export async function queryAll(deps: TableDeps, input: QueryInput): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const res = await deps.db.send(new QueryCommand({ TableName: deps.tableName, ...input, ExclusiveStartKey: start }));
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** One page of a Query (at most its `Limit` items) and the key it stopped at, if it did. */
export async function queryOnce(deps: TableDeps, input: QueryInput): Promise<{ items: Item[]; lastKey?: Item }> {
  const res = await deps.db.send(new QueryCommand({ TableName: deps.tableName, ...input }));
  return { items: res.Items ?? [], lastKey: res.LastEvaluatedKey };
}

/** Where a paged list lives: its partition (on the table or an index) and, optionally, a sort-key prefix. */
export type PageScope = { partition: string; skPrefix?: string; index?: IndexName };

/**
 * One page of a Query, continued by an opaque cursor that is checked to belong to this
 * list (a cursor from another customer's list is refused, not followed).
 */
export async function queryPage(
  deps: TableDeps,
  input: QueryInput,
  scope: PageScope,
  page: { limit: number; cursor?: string },
): Promise<Page<Item>> {
  const res = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      ...input,
      ...(scope.index ? { IndexName: scope.index } : {}),
      Limit: page.limit,
      ExclusiveStartKey: cursor.decode(page.cursor, scope),
    }),
  );
  return { items: res.Items ?? [], nextCursor: cursor.encode(res.LastEvaluatedKey) };
}

/**
 * One page of a partition's items under a sort-key prefix, newest first by default (our ids
 * are ULIDs, so they sort by time): the customer's orders and reservations on GSI1, the
 * timeline in the customer's partition…
 */
export function pagePrefix(
  deps: TableDeps,
  scope: PageScope & { skPrefix: string },
  page: { limit: number; cursor?: string },
  options: { newestFirst?: boolean; consistent?: boolean } = {},
): Promise<Page<Item>> {
  const [pk, sk] = scope.index ? [`${scope.index}PK`, `${scope.index}SK`] : ['PK', 'SK'];
  return queryPage(
    deps,
    {
      KeyConditionExpression: `${pk} = :pk AND begins_with(${sk}, :prefix)`,
      ExpressionAttributeValues: { ':pk': scope.partition, ':prefix': scope.skPrefix },
      ScanIndexForward: !(options.newestFirst ?? true),
      ...(options.consistent ? { ConsistentRead: true } : {}),
    },
    scope,
    page,
  );
}

/** Opaque pagination cursors: the last evaluated key, checked against the partition it came from. */
export const cursor = {
  encode(lastKey: Record<string, unknown> | undefined): string | undefined {
    return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined;
  },
  decode(value: string | undefined, scope: PageScope): Item | undefined {
    if (value === undefined) return undefined;
    const [pk, sk] = scope.index ? [`${scope.index}PK`, `${scope.index}SK`] : ['PK', 'SK'];
    try {
      const key = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Item;
      const ok =
        key &&
        typeof key === 'object' &&
        key[pk] === scope.partition &&
        typeof key[sk] === 'string' &&
        (!scope.skPrefix || (key[sk] as string).startsWith(scope.skPrefix));
      if (ok) return key;
    } catch {
      // fall through
    }
    throw fail.invalid([{ path: 'cursor', message: 'This cursor is not one this list handed out.' }]);
  },
};
