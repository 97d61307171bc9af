// Adapter: outbox items from the table's stream → EventBridge entries. Pure mapping plus
// a publisher that reports partial failures so Lambda retries only from the first failure.

import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export const EVENT_SOURCE = 'omnistore';

export function toEntry(record: DynamoDBRecord, busName: string): PutEventsRequestEntry | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image || image.entity?.S !== 'outboxEvent') return undefined;
  const item = unmarshall(image as never) as {
    eventId: string;
    eventType: string;
    eventVersion: number;
    subject: string;
    detail: unknown;
    at: string;
  };
  return {
    EventBusName: busName,
    Source: EVENT_SOURCE,
    DetailType: item.eventType,
    Time: new Date(item.at),
    Resources: [],
    Detail: JSON.stringify({ eventId: item.eventId, version: item.eventVersion, subject: item.subject, ...(item.detail as object) }),
  };
}

export type PutEvents = (entries: PutEventsRequestEntry[]) => Promise<{ Entries?: PutEventsResultEntry[] }>;

export function createStreamHandler(putEvents: PutEvents, busName: string) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const pending = event.Records.flatMap((record) => {
      const entry = toEntry(record, busName);
      return entry ? [{ entry, sequence: record.dynamodb?.SequenceNumber ?? '' }] : [];
    });
    // PutEvents takes 10 entries; stop at the first failure so order is kept on retry.
    for (let i = 0; i < pending.length; i += 10) {
      const chunk = pending.slice(i, i + 10);
      let failedAt = -1;
      try {
        const res = await putEvents(chunk.map((p) => p.entry));
        failedAt = (res.Entries ?? []).findIndex((e) => e.ErrorCode !== undefined);
      } catch {
        failedAt = 0;
      }
      if (failedAt >= 0) return { batchItemFailures: [{ itemIdentifier: chunk[failedAt]!.sequence }] };
    }
    return { batchItemFailures: [] };
  };
}
