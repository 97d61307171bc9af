// Platform: a one-off migration — give every timeline entry written before kinds existed its
// kind key on GSI1 (keys.timelineByKind), so `?kind=` pages and the contact center's card
// (offers, notes) include it. Run by an operator (`npm run backfill:timeline-kinds`), page by
// page; idempotent: an entry that has its key is left alone, and running it again, or several
// runs at once, change nothing more.

import { UpdateCommand } from '../runtime/dynamodb.ts';
import { keys } from '../table/keys.ts';
import { type MigrationPage, runMigration, type ScanPage, scanEntityPage } from '../table/scan.ts';
import type { TableDeps } from '../table/table-deps.ts';
import { isConditionalFailure } from '../table/transact.ts';
import { timelineKindOf } from './timeline.ts';

type Counts = { entries: number; updated: number; skipped: number };
type Item = Record<string, unknown>;

/**
 * Sets an entry's kind key, on condition that the entry still exists without one (erased
 * meanwhile, or keyed by another run: left as it is). False when not written.
 */
async function setKindKey(deps: TableDeps, item: Item): Promise<boolean> {
  const customerId = keys.customerIdOf(item.PK as string);
  const entryId = keys.timelineEntryIdOf(item.SK as string);
  const { GSI1PK, GSI1SK } = keys.timelineByKind(customerId, timelineKindOf(item.type as string), entryId);
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: { PK: item.PK, SK: item.SK },
        UpdateExpression: 'SET GSI1PK = :pk, GSI1SK = :sk',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(GSI1PK)',
        ExpressionAttributeValues: { ':pk': GSI1PK, ':sk': GSI1SK },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/**
 * One page of the backfill.
 * 1. Read a page of timeline entries (a Scan filtered on the entity, from where the last page stopped).
 * 2. Keep those without a kind key.
 * 3. Set their keys, each conditioned as above; in parallel, a page at a time.
 */
export async function backfillTimelineKindsPage(deps: TableDeps, page: ScanPage): Promise<MigrationPage<Counts>> {
  const { items, next } = await scanEntityPage(deps, 'timelineEntry', page);
  const missing = items.filter((item) => item.GSI1PK === undefined);
  const updated = (await Promise.all(missing.map((item) => setKindKey(deps, item)))).filter(Boolean).length;
  return { entries: items.length, updated, skipped: missing.length - updated, ...(next ? { next } : {}) };
}

/** Every page, from the start; `onPage` hears of each (progress). */
export const backfillTimelineKinds = (deps: TableDeps, pageSize = 100, onPage?: (page: MigrationPage<Counts>) => void) =>
  runMigration<Counts>((page) => backfillTimelineKindsPage(deps, page), pageSize, onPage);
