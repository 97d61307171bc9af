// Platform: the customer timeline. Modules append to it inside their own transactions with
// timelinePut(); profiles lists it for the customer, the tablet reads recent visits from it.

import { ulid } from 'ulid';
import type { Clock } from '../runtime/clock.ts';
import { fromItem, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { pagePrefix } from '../table/query.ts';
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

/** The customer's timeline, newest first. */
export async function listTimeline(deps: TableDeps, customerId: string, page: PageRequest) {
  const found = await pagePrefix(deps, { partition: keys.customerPartition(customerId), skPrefix: keys.timelinePrefix }, page);
  const items = found.items.map((i) => ({ entryId: keys.timelineEntryIdOf(i.SK), ...fromItem<Omit<TimelineEntry, 'entryId'>>(i) }));
  return { items, nextCursor: found.nextCursor };
}
