// Platform: domain events, written in the same transaction as the change they announce
// (a transactional outbox). In AWS the table's stream feeds functions/events, which
// publishes them to EventBridge; locally and in tests they are read back from the table.

import { ulid } from 'ulid';
import type { Clock } from '../runtime/clock.ts';
import { batchDelete } from '../table/batch.ts';
import { epochSeconds, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { queryAll } from '../table/query.ts';
import type { TableDeps } from '../table/table-deps.ts';
import type { TransactItem } from '../table/transact.ts';
import type { EventType } from './events.ts';

/** Outbox items live a week: long enough for the stream consumer, then TTL removes them. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

export type Announcement<D extends object> = {
  event: EventType<D>;
  /** What the event is about, e.g. "appointment#01J…"; events of one subject are listed together. */
  subject: string;
  detail: D;
};

export function outboxPut<D extends object>(deps: { tableName: string; clock: Clock }, announcement: Announcement<D>): TransactItem {
  const now = deps.clock.now();
  const eventId = ulid(now.getTime());
  const { event, subject, detail } = announcement;
  // An event about a customer is findable by them, so their erasure removes it (forgetEventsAbout).
  const customerId = (detail as { customerId?: unknown }).customerId;
  const byCustomer = typeof customerId === 'string' ? keys.outboxByCustomer(customerId, eventId) : {};
  return {
    Put: {
      TableName: deps.tableName,
      Item: toItem(
        'outboxEvent',
        {
          ...keys.outboxEvent(eventId),
          ...keys.outboxBySubject(subject, eventId),
          ...byCustomer,
          // In-product consumers (notifications) get it from the sweep, the same way locally and in AWS.
          ...(event.dispatched ? keys.due(now.toISOString(), eventId) : {}),
        },
        { eventId, eventType: event.name, eventVersion: event.version, subject, detail, at: now.toISOString() },
        epochSeconds(now) + OUTBOX_TTL_SECONDS,
      ),
    },
  };
}

export type RecordedEvent = {
  eventId: string;
  at: string;
  type: string;
  version: number;
  subject: string;
  detail: Record<string, unknown>;
};

/**
 * Erasure: removes the outbox events whose detail names the customer (published already, or
 * never to be: either way no item keeps them). Bounded by the outbox's week of retention.
 */
export async function forgetEventsAbout(deps: TableDeps, customerId: string): Promise<void> {
  const items = await queryAll(deps, {
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.outboxByCustomer(customerId, '').GSI3PK },
    ProjectionExpression: 'PK, SK',
  });
  await batchDelete(
    deps,
    items.map((i) => ({ PK: i.PK as string, SK: i.SK as string })),
  );
}

/** The events recorded about one subject, oldest first (tests and local inspection). */
export async function eventsAbout(deps: TableDeps, subject: string): Promise<RecordedEvent[]> {
  const items = await queryAll(deps, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.outboxBySubject(subject, '').GSI1PK },
  });
  return items.map((i) => ({
    eventId: i.eventId,
    at: i.at,
    type: i.eventType,
    version: i.eventVersion,
    subject: i.subject,
    detail: i.detail,
  }));
}
