// Infra: timed work and the messages it sends. One Lambda (functions/timers) runs the sweep of
// everything due (shared/platform/timers.ts) on an EventBridge schedule every minute: pickup
// expiries, reminders, message retries, and the outbox events notifications consume. E-mail
// leaves through Amazon SES (a domain identity and a configuration set), SMS through AWS End
// User Messaging (an SMS configuration set). The sender domain comes from the context
// (`-c notificationsDomain=shop.example`), `example.com` by default.

import { Aws, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import { Construct } from 'constructs';
import { ContextFunction } from './context-function.ts';

export class Notifications extends Construct {
  readonly sweeper: ContextFunction;
  readonly schedule: events.Rule;
  readonly emailIdentity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly smsConfigurationSet: smsvoice.CfnConfigurationSet;
  readonly smsPolicy: iam.Policy;

  constructor(
    scope: Construct,
    id: string,
    props: { table: dynamodb.Table; identityKey: secretsmanager.ISecret; domain: string; from?: string },
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSet = new ses.ConfigurationSet(this, 'EmailConfiguration', {
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.emailIdentity = new ses.EmailIdentity(this, 'EmailIdentity', {
      identity: ses.Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });
    this.smsConfigurationSet = new smsvoice.CfnConfigurationSet(this, 'SmsConfiguration', {});

    this.sweeper = new ContextFunction(this, 'Sweeper', {
      context: 'timers',
      table: props.table,
      tableAccess: 'readwrite',
      // Unseals pickup codes for the customer's ready-for-pickup message.
      identityKey: props.identityKey,
      memorySize: 512,
      // A sweep ends well before the next one starts (overlap is safe, just wasteful).
      timeout: Duration.seconds(55),
      environment: {
        NOTIFY_FROM: props.from ?? `notifications@${props.domain}`,
        SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        SMS_CONFIGURATION_SET: this.smsConfigurationSet.ref,
      },
    });
    const fn = this.sweeper.fn;

    // E-mail: SendEmail from this identity, through this configuration set — nothing else.
    this.emailIdentity.grantSendEmail(fn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
      }),
    );
    // SMS: SendTextMessage through this configuration set, from the account's origination
    // identities (numbers and sender ids are registered per country, outside the stack).
    this.smsPolicy = new iam.Policy(this, 'SendSms', {
      statements: [
        new iam.PolicyStatement({
          actions: ['sms-voice:SendTextMessage'],
          resources: [
            stack.formatArn({ service: 'sms-voice', resource: 'configuration-set', resourceName: this.smsConfigurationSet.ref }),
            // Pseudo parameters, not the stack's env: the same ARNs (and cdk-nag acknowledgements) everywhere.
            ...['phone-number', 'pool', 'sender-id'].map(
              (kind) => `arn:${Aws.PARTITION}:sms-voice:${Aws.REGION}:${Aws.ACCOUNT_ID}:${kind}/*`,
            ),
          ],
        }),
      ],
    });
    this.smsPolicy.attachToRole(fn.role!);

    this.schedule = new events.Rule(this, 'EveryMinute', {
      description: 'omnistore timers: pickup expiries, reminders, message retries, events for notifications',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // The next minute's sweep picks up whatever this one missed: no retries piling up.
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
    });
  }
}
