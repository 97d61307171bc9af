import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createStreamHandler, toEntry } from '#functions/events/publish.ts';
import { defineEvent } from '#shared/platform/events.ts';
import { outboxPut } from '#shared/platform/outbox.ts';
import { fixedClock } from '#shared/runtime/clock.ts';

const deps = { tableName: 't', clock: fixedClock('2026-11-23T10:00:00Z') };
const outboxRecord = (seq: string, type = 'appointment.booked'): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: seq,
    NewImage: marshall(
      outboxPut(deps, { event: defineEvent(type, 'test'), subject: 'appointment#1', detail: { storeId: 'mad-sol' } }).Put!.Item,
    ) as never,
  },
});
const otherRecord = (seq: string): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: { SequenceNumber: seq, NewImage: marshall({ PK: 'CUSTOMER#1', SK: 'PROFILE', entity: 'profile' }) as never },
});

describe('events publisher', () => {
  it('turns an outbox item into an EventBridge entry and ignores everything else', () => {
    const entry = toEntry(outboxRecord('1'), 'bus');
    expect(entry).toMatchObject({ EventBusName: 'bus', Source: 'omnistore', DetailType: 'appointment.booked' });
    expect(JSON.parse(entry!.Detail!)).toMatchObject({ subject: 'appointment#1', storeId: 'mad-sol' });
    expect(toEntry(otherRecord('2'), 'bus')).toBeUndefined();
    expect(toEntry({ ...outboxRecord('3'), eventName: 'REMOVE' }, 'bus')).toBeUndefined();
  });

  it('publishes in chunks of 10 and retries from the first failed record', async () => {
    const sent: number[] = [];
    const handler = createStreamHandler(async (entries) => {
      sent.push(entries.length);
      // The second chunk's fourth entry fails.
      return { Entries: entries.map((_, i) => (sent.length === 2 && i === 3 ? { ErrorCode: 'InternalFailure' } : { EventId: 'x' })) };
    }, 'bus');
    const records = Array.from({ length: 25 }, (_, i) => (i === 0 ? otherRecord('s0') : outboxRecord(`s${i}`)));
    const result = await handler({ Records: records });
    expect(sent).toEqual([10, 10]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 's14' }]);
  });

  it('reports nothing when everything is published', async () => {
    const handler = createStreamHandler(async (entries) => ({ Entries: entries.map(() => ({ EventId: 'x' })) }), 'bus');
    expect(await handler({ Records: [outboxRecord('a'), outboxRecord('b')] })).toEqual({ batchItemFailures: [] });
  });
});
