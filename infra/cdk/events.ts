// Infra: domain events. Handlers write events into the table in the same transaction as
// the change (shared/platform/outbox.ts); the table's stream, filtered to those items,
// feeds functions/events, which publishes them to an EventBridge bus for notifications
// and other consumers. It never writes to the table, so it cannot trigger itself.

import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ContextFunction } from './context-function.ts';

export class DomainEvents extends Construct {
  readonly bus: events.EventBus;
  readonly publisher: ContextFunction;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: { table: dynamodb.Table }) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { description: 'omnistore domain events (appointment.booked, …)' });
    this.deadLetters = new sqs.Queue(this, 'PublishFailures', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    const deadLetters = this.deadLetters;
    this.publisher = new ContextFunction(this, 'Publisher', {
      context: 'events',
      table: props.table,
      tableAccess: 'none', // reads the stream only (granted by the event source)
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
      memorySize: 256,
    });
    const publisher = this.publisher;
    this.bus.grantPutEventsTo(publisher.fn);
    publisher.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(deadLetters),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            // Outbox items only: the one discriminator every item carries (shared/table/item.ts).
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('outboxEvent') } } },
          }),
        ],
      }),
    );
  }
}
