// Infra: every cdk-nag finding we accept, each with its reason next to the resource it is
// about. Anything not acknowledged here fails `cdk synth` and test/infra.

import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { routeKey } from '#shared/http/route.ts';
import type { OmnistoreStack } from './omnistore-stack.ts';

const ack = (construct: IConstruct, id: string, reason: string) =>
  Validations.of(construct).acknowledge({ id: `AwsSolutions-${id}`, reason });

export function acknowledgeFindings(stack: OmnistoreStack) {
  for (const [name, fn] of [
    ...stack.api.functions,
    ['events', stack.events.publisher] as const,
    ['timers', stack.notifications.sweeper] as const,
  ]) {
    ack(
      fn.fn.role!,
      'IAM5[Resource::*]',
      `X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions (tracing of ${name}).`,
    );
    if (fn.tableAccess !== 'none') {
      ack(
        fn.fn.role!,
        'IAM5[Resource::<TableCD117FA1.Arn>/index/*]',
        `Queries of the table's own GSIs (GSI1, GSI2); the wildcard covers only this table's indexes (${name}).`,
      );
    }
  }
  ack(
    stack.identityKey,
    'SMG4',
    'The identity HMAC key must not rotate on a schedule: a new key orphans every stored lookup hash. Rotation is a planned re-hash migration (README).',
  );
  for (const [key, route] of stack.api.publicRoutes) {
    ack(route, 'APIG4', `${key} is public by design (anonymous shoppers; throttled at the stage): ${routeKey(route.spec)}.`);
  }
  ack(
    stack.api.fallbackRoute,
    'APIG4',
    '$default only answers what no route matches: a 404 problem+json with the security headers, from the docs function (which reads no data).',
  );
  ack(
    stack.events.deadLetters,
    'SQS3',
    'This queue is the dead-letter queue of the stream event source (cdk-nag cannot see event-source DLQs).',
  );
  ack(
    stack.auth.userPool,
    'COG2',
    'Shoppers cannot be forced into MFA; TOTP MFA is offered to everyone and staff accounts are created by admins with MFA set up.',
  );
  ack(
    stack.notifications.smsPolicy,
    'IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:phone-number/*]',
    'SMS origination numbers are bought and registered per country outside the stack; SendTextMessage only, in this account and region.',
  );
  ack(
    stack.notifications.smsPolicy,
    'IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:pool/*]',
    'SMS phone pools are set up per country outside the stack; SendTextMessage only, in this account and region.',
  );
  ack(
    stack.notifications.smsPolicy,
    'IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:sender-id/*]',
    'Alphanumeric sender ids are registered per country outside the stack; SendTextMessage only, in this account and region.',
  );
}
