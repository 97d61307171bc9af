// A fresh table on the run's DynamoDB Local for one test file.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { createTable, deleteTable } from '#infra/local/table.ts';
import type { Clock } from '#shared/runtime/clock.ts';
import { type Deps, localDeps } from '#shared/runtime/deps.ts';
import type { DocumentClient } from '#shared/runtime/dynamodb.ts';
import { QueryCommand, ScanCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';

/** This worker's own DynamoDB Local (VITEST_POOL_ID counts workers from 1). */
export function workerEndpoint(): string {
  const endpoints = inject('dynamodbEndpoints');
  return endpoints[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % endpoints.length]!;
}

export async function createTestTable(options: { clock?: Clock; db?: DocumentClient } = {}) {
  const endpoint = workerEndpoint();
  const tableName = `test-${randomUUID()}`;
  await createTable(endpoint, tableName);
  const deps = localDeps({ endpoint, tableName, logLevel: (process.env.TEST_LOG_LEVEL as 'ERROR' | undefined) ?? 'SILENT', ...options });
  return { deps, endpoint, tableName, drop: () => deleteTable(endpoint, tableName) };
}

/** beforeAll/afterAll pair: `const t = useTestTable(); … t.deps` inside tests. */
export function useTestTable(options: { clock?: Clock } = {}) {
  const holder = {} as { deps: Deps; endpoint: string; tableName: string };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const created = await createTestTable(options);
    Object.assign(holder, created);
    drop = created.drop;
  });
  afterAll(async () => {
    await drop?.();
  });
  return holder;
}

/** Every item of the table, page by page — a Scan, fine in a test (erasure and fuzz checks), never on a request path. */
export async function scanTable(deps: Pick<Deps, 'db' | 'tableName'>): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(new ScanCommand({ TableName: deps.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** One caller's access-audit entries of today (by the deps' clock), oldest first. */
export async function accessAuditOf(
  deps: Pick<Deps, 'db' | 'tableName' | 'clock'>,
  actorKey: string,
): Promise<Array<Record<string, unknown>>> {
  const day = deps.clock.now().toISOString().slice(0, 10);
  const found = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.accessAudit(actorKey, day, '').PK },
      ConsistentRead: true,
    }),
  );
  return found.Items ?? [];
}
