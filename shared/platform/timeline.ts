// Platform: the customer timeline. Modules append to it inside their own transactions with
// timelinePut(); profiles lists it for the customer, the tablet reads recent visits from it.

import { ulid } from 'ulid';
import type { Clock } from '../runtime/clock.ts';
import { fromItem, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { pagePrefix, queryPage } from '../table/query.ts';
import type { TableDeps } from '../table/table-deps.ts';
import type { TransactItem } from '../table/transact.ts';
import type { PageRequest, TimelineEntry } from './schemas.ts';

export function timelinePut(
  deps: { tableName: string; clock: Clock },
  customerId: string,
  entry: Pick<TimelineEntry, 'type' | 'summary' | 'ref'>,
): TransactItem {
  const now = deps.clock.now();
  const entryId = ulid(now.getTime());
  return {
    Put: {
      TableName: deps.tableName,
      Item: toItem('timelineEntry', keys.timelineEntry(customerId, entryId), { at: now.toISOString(), ...entry }),
    },
  };
}

const entryFromItem = (item: Record<string, unknown>): TimelineEntry => ({
  entryId: keys.timelineEntryIdOf(item.SK as string),
  ...fromItem<Omit<TimelineEntry, 'entryId'>>(item),
});

/** The customer's timeline, newest first. */
export async function listTimeline(deps: TableDeps, customerId: string, page: PageRequest) {
  const found = await pagePrefix(deps, { partition: keys.customerPartition(customerId), skPrefix: keys.timelinePrefix }, page);
  return { items: found.items.map(entryFromItem), nextCursor: found.nextCursor };
}

/**
 * The entries of one type among the customer's latest `window` entries, newest first: one
 * Query that reads at most `window` items however long the timeline is (older ones are not
 * "recent").
 */
export async function recentEntriesOfType(deps: TableDeps, customerId: string, type: string, window: number): Promise<TimelineEntry[]> {
  const found = await queryPage(
    deps,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      FilterExpression: '#type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':pk': keys.customerPartition(customerId), ':prefix': keys.timelinePrefix, ':type': type },
      ScanIndexForward: false,
    },
    { partition: keys.customerPartition(customerId), skPrefix: keys.timelinePrefix },
    { limit: window },
  );
  return found.items.map(entryFromItem);
}
