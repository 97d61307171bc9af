// Repository: domain events, written in the same transaction as the change they announce
// (a transactional outbox). In AWS the table's stream feeds functions/events, which
// publishes them to EventBridge; locally and in tests they are read back from the table.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Deps } from '../runtime/deps.ts';
import { keys } from '../table/keys.ts';
import type { TransactItem } from '../table/operations.ts';

export type DomainEvent = {
  /** e.g. "appointment.booked" — becomes the EventBridge detail-type. */
  type: string;
  /** What the event is about, e.g. "appointment#01J…"; events of one subject are listed together. */
  subject: string;
  detail: Record<string, unknown>;
};

/** Outbox items live a week: long enough for the stream consumer, then TTL removes them. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

export function outboxPut(deps: Pick<Deps, 'tableName' | 'clock'>, event: DomainEvent): TransactItem {
  const now = deps.clock.now();
  const eventId = ulid(now.getTime());
  return {
    Put: {
      TableName: deps.tableName,
      Item: {
        ...keys.outboxEvent(eventId),
        ...keys.outboxBySubject(event.subject, eventId),
        type: 'event',
        eventId,
        eventType: event.type,
        subject: event.subject,
        detail: event.detail,
        at: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + OUTBOX_TTL_SECONDS,
      },
    },
  };
}

export type RecordedEvent = DomainEvent & { eventId: string; at: string };

/** The events recorded about one subject, oldest first (tests and local inspection). */
export async function eventsAbout(deps: Deps, subject: string): Promise<RecordedEvent[]> {
  const res = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.outboxBySubject(subject, '').GSI1PK },
    }),
  );
  return (res.Items ?? []).map((i) => ({ eventId: i.eventId, at: i.at, type: i.eventType, subject: i.subject, detail: i.detail }));
}
