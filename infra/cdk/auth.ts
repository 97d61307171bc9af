// Infra: Cognito. One user pool for customers and staff (group `staff`, custom attributes
// storeId and role that only admins can set), resource servers whose scopes are exactly
// the API's (`orders/write` = resource server `orders`, scope `write`), an app client for
// the shopper app and tablets, and a client-credentials client for integrations.

import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { integrationScopes } from '#shared/platform/actor.ts';

export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly appClient: cognito.UserPoolClient;
  readonly integrationClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        storeId: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
        role: new cognito.StringAttribute({ mutable: true, maxLen: 16 }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new cognito.CfnUserPoolGroup(this, 'StaffGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: 'staff',
      description: 'Store associates; custom:storeId says which store, custom:role regional/admin widens it',
    });
    new cognito.CfnUserPoolGroup(this, 'AgentsGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: 'agents',
      description: 'Contact-center agents: every customer of the chain, no store operations',
    });

    // Users may edit their standard attributes, never custom:storeId or custom:role.
    const standard = new cognito.ClientAttributes().withStandardAttributes({
      email: true,
      phoneNumber: true,
      givenName: true,
      familyName: true,
    });
    this.appClient = this.userPool.addClient('AppClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: standard.withCustomAttributes('storeId', 'role'),
      writeAttributes: standard,
    });

    const servers = new Map<string, cognito.UserPoolResourceServer>();
    const oauthScopes: cognito.OAuthScope[] = [];
    for (const full of integrationScopes) {
      const [identifier, name] = full.split('/') as [string, string];
      const scope = new cognito.ResourceServerScope({ scopeName: name, scopeDescription: full });
      let server = servers.get(identifier);
      if (!server) {
        const scopes = integrationScopes
          .filter((s) => s.startsWith(`${identifier}/`))
          .map((s) => new cognito.ResourceServerScope({ scopeName: s.split('/')[1]!, scopeDescription: s }));
        server = this.userPool.addResourceServer(`Server-${identifier}`, { identifier, scopes });
        servers.set(identifier, server);
      }
      oauthScopes.push(cognito.OAuthScope.resourceServer(server, scope));
    }
    // The token endpoint integrations call for client-credentials tokens.
    this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: `omnistore-${Aws.ACCOUNT_ID}` } });
    // One demo integration client holding every scope; give each real integration its own
    // client with only the scopes it needs (see README).
    this.integrationClient = this.userPool.addClient('IntegrationClient', {
      generateSecret: true,
      authFlows: {},
      oAuth: { flows: { clientCredentials: true }, scopes: oauthScopes },
      accessTokenValidity: Duration.hours(1),
    });
  }
}
