// Infra: the whole application in one stack — table, auth, API, domain events.

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { contexts } from '#functions/index.ts';
import { Api } from './api.ts';
import { Auth } from './auth.ts';
import { DomainEvents } from './events.ts';
import { Notifications } from './notifications.ts';
import { createTable } from './storage.ts';

export type OmnistoreStackProps = StackProps & {
  allowedOrigins?: string[];
  throttle?: { rateLimit: number; burstLimit: number };
  /** The domain e-mail is sent from (an SES identity to verify): context `notificationsDomain`. */
  notificationsDomain?: string;
};

export class OmnistoreStack extends Stack {
  readonly api: Api;
  readonly auth: Auth;
  readonly events: DomainEvents;
  readonly notifications: Notifications;
  readonly identityKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: OmnistoreStackProps = {}) {
    super(scope, id, props);
    const table = createTable(this);
    const auth = new Auth(this, 'Auth');
    this.auth = auth;
    // The key behind identity lookup hashes. Never rotated automatically: a new key would
    // orphan every stored hash (a rotation needs a re-hash migration, see README).
    this.identityKey = new secretsmanager.Secret(this, 'IdentityHashKey', {
      description: 'HMAC key for identity lookup keys (e-mail, phone, loyalty number)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const identityKey = this.identityKey;
    this.api = new Api(this, 'Api', {
      contexts,
      table,
      auth,
      identityKey,
      allowedOrigins: props.allowedOrigins ?? ['*'],
      throttle: props.throttle ?? { rateLimit: 500, burstLimit: 1000 },
    });
    this.events = new DomainEvents(this, 'Events', { table });
    const events = this.events;
    this.notifications = new Notifications(this, 'Notifications', {
      table,
      identityKey,
      domain: props.notificationsDomain ?? 'example.com',
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'AppClientId', { value: auth.appClient.userPoolClientId });
    new CfnOutput(this, 'IntegrationClientId', { value: auth.integrationClient.userPoolClientId });
    new CfnOutput(this, 'EventBusName', { value: events.bus.eventBusName });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
