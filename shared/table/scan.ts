// Table: one-off migrations run by an operator — a Scan filtered on the entity, a page at a
// time (never on a request path: no function's role may Scan), and the loop that runs every
// page from the start and adds up what each did.

import { ScanCommand } from '../runtime/dynamodb.ts';
import type { Entity } from './item.ts';
import type { TableDeps } from './table-deps.ts';

type Item = Record<string, unknown>;
export type ScanPage = { limit: number; start?: Item };

/** One page of the table's items of one entity (a page may hold none: the filter runs after the read). */
export async function scanEntityPage(deps: TableDeps, entity: Entity, page: ScanPage): Promise<{ items: Item[]; next?: Item }> {
  const res = await deps.db.send(
    new ScanCommand({
      TableName: deps.tableName,
      FilterExpression: 'entity = :entity',
      ExpressionAttributeValues: { ':entity': entity },
      Limit: page.limit,
      ExclusiveStartKey: page.start,
    }),
  );
  return { items: res.Items ?? [], ...(res.LastEvaluatedKey ? { next: res.LastEvaluatedKey } : {}) };
}

/** What a migration's page did (counts), and where the next page starts. */
export type MigrationPage<C extends Record<string, number>> = C & { next?: Item };

/** Every page, from the start; `onPage` hears of each (progress). The counts are summed. */
export async function runMigration<C extends Record<string, number>>(
  runPage: (page: ScanPage) => Promise<MigrationPage<C>>,
  pageSize: number,
  onPage?: (page: MigrationPage<C>) => void,
): Promise<C> {
  const total: Record<string, number> = {};
  let start: Item | undefined;
  do {
    const page = await runPage({ limit: pageSize, ...(start ? { start } : {}) });
    onPage?.(page);
    const { next, ...counts } = page;
    for (const [name, count] of Object.entries(counts)) total[name] = (total[name] ?? 0) + (count as number);
    start = next;
  } while (start);
  return total as C;
}
