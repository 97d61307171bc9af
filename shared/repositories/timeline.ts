// Repository: the customer timeline. Other contexts append to it inside their own
// transactions with timelinePut(); the profile context lists it.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Deps } from '../runtime/deps.ts';
import type { TimelineEntry } from '../schemas/profile.ts';
import { keys } from '../table/keys.ts';
import { cursor, type TransactItem } from '../table/operations.ts';

export function timelinePut(
  deps: Pick<Deps, 'tableName' | 'clock'>,
  customerId: string,
  entry: Pick<TimelineEntry, 'type' | 'summary' | 'ref'>,
): TransactItem {
  const now = deps.clock.now();
  const entryId = ulid(now.getTime());
  return {
    Put: {
      TableName: deps.tableName,
      Item: { ...keys.timelineEntry(customerId, entryId), entryId, at: now.toISOString(), ...entry },
    },
  };
}

export async function listTimeline(
  deps: Deps,
  customerId: string,
  options: { limit: number; cursor?: string },
): Promise<{ items: TimelineEntry[]; nextCursor?: string }> {
  const PK = keys.customerPartition(customerId);
  const res = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': keys.timelinePrefix },
      ScanIndexForward: false, // newest first
      Limit: options.limit,
      ExclusiveStartKey: cursor.decode(options.cursor, { PK, skPrefix: keys.timelinePrefix }),
    }),
  );
  const items = (res.Items ?? []).map(({ entryId, at, type, summary, ref }) => ({ entryId, at, type, summary, ref }));
  return { items: items as TimelineEntry[], nextCursor: cursor.encode(res.LastEvaluatedKey) };
}
