// Platform: the customer timeline. Modules append to it inside their own transactions with
// timelinePut(); profiles lists it for the customer, the tablet reads recent visits from it,
// the contact center pages it by kind. Every entry's kind is derived from its `type` by one
// pure mapping (timelineKindOf); entries written since kinds exist are also on GSI1 by kind.

import { ulid } from 'ulid';
import type { Clock } from '../runtime/clock.ts';
import { fromItem, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { pagePrefix, queryPage } from '../table/query.ts';
import type { TableDeps } from '../table/table-deps.ts';
import type { TransactItem } from '../table/transact.ts';
import type { PageRequest, TimelineEntry, TimelineKind } from './schemas.ts';

/** The kind of each entry `type`'s subject (the part before the dot). */
const kindOfSubject: Record<string, TimelineKind> = {
  order: 'order',
  pickup: 'order', // pickup.extended, pickup.moved
  guest: 'order', // guest.merged: a guest's orders linked to the account
  reservation: 'reservation',
  appointment: 'appointment',
  store: 'visit', // store.visited
  offer: 'offer',
  consent: 'consent',
  // What the customer gave us: the profile's creation and their identities (e-mail, phone, loyalty).
  profile: 'consent',
  identity: 'consent',
  notification: 'message', // notification.sent, notification.failed
  return: 'return', // return.authorized, return.received
  note: 'note',
};
/** Types whose subject says less than the type: in-store returns and exchanges are returns. */
const kindOfType: Record<string, TimelineKind> = {
  'order.returned': 'return',
  'order.exchanged': 'return',
};

/**
 * The kind of a timeline entry, from its type ("order.placed" → order, "order.exchanged" →
 * return). A type of an unknown subject is a programming error: timelinePut refuses it.
 */
export function timelineKindOf(type: string): TimelineKind {
  const dot = type.indexOf('.');
  const subject = dot > 0 ? type.slice(0, dot) : '';
  const kind = Object.hasOwn(kindOfType, type)
    ? kindOfType[type]
    : Object.hasOwn(kindOfSubject, subject)
      ? kindOfSubject[subject]
      : undefined;
  if (!kind) throw new Error(`Timeline entry type ${type} has no kind: add its subject to shared/platform/timeline.ts.`);
  return kind;
}

type NewEntry = Pick<TimelineEntry, 'type' | 'summary' | 'ref' | 'actor' | 'text'> & {
  /** An id minted by the caller that answers with it (a note); a ULID of now otherwise. */
  entryId?: string;
};

export function timelinePut(deps: { tableName: string; clock: Clock }, customerId: string, entry: NewEntry): TransactItem {
  const now = deps.clock.now();
  const { entryId = ulid(now.getTime()), ...record } = entry;
  const kind = timelineKindOf(entry.type);
  const item = toItem(
    'timelineEntry',
    { ...keys.timelineEntry(customerId, entryId), ...keys.timelineByKind(customerId, kind, entryId) },
    { at: now.toISOString(), ...record },
  );
  return { Put: { TableName: deps.tableName, Item: item } };
}

const entryFromItem = (item: Record<string, unknown>): TimelineEntry => {
  const record = fromItem<Omit<TimelineEntry, 'entryId' | 'kind'>>(item);
  return { entryId: keys.timelineEntryIdOf(item.SK as string), ...record, kind: timelineKindOf(record.type) };
};

/**
 * The customer's timeline, newest first; with `kind`, only entries of that kind — one Query
 * on GSI1 that reads what it returns (entries from before kinds existed are not on it).
 */
export async function listTimeline(deps: TableDeps, customerId: string, page: PageRequest & { kind?: TimelineKind }) {
  const { kind, ...request } = page;
  const partition = keys.customerPartition(customerId);
  const scope = kind
    ? { partition, skPrefix: keys.timelineKindPrefix(kind), index: 'GSI1' as const }
    : { partition, skPrefix: keys.timelinePrefix };
  const found = await pagePrefix(deps, scope, request);
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
