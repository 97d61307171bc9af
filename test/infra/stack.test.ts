// The synthesized CDK app: cdk-nag clean, and in agreement with the route table and the
// table definition the local runtime uses.

import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, apiDocument, contexts } from '#functions/index.ts';
import { buildApp } from '#infra/cdk/app.ts';
import { createTableInput } from '#infra/local/table.ts';
import { routeKey } from '#shared/http/route.ts';
import { defineEvent } from '#shared/platform/events.ts';
import { outboxPut } from '#shared/platform/outbox.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { tableDefinition } from '#shared/table/definition.ts';

// The same feature flags the CLI passes from cdk.json, so the template tested is the one deployed.
const { context } = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> };
const newApp = () => new App({ outdir: mkdtempSync(join(tmpdir(), 'omnistore-cdk-')), context });

let template: Template;
let outdir: string;

beforeAll(() => {
  const { app, stack } = buildApp(newApp());
  app.synth(); // throws on any cdk-nag finding that is not acknowledged
  template = Template.fromStack(stack);
  outdir = app.outdir;
}, 120_000);

/** The synthesized asset folder (bundle, source map, files copied in) of a context's function. */
function assetOf(context: string): string {
  const [fn] = Object.values(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: `omnistore-${context}` }) } },
    }),
  ) as Array<{ Properties: { Code: { S3Key: string } } }>;
  return join(outdir, `asset.${fn!.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
}

describe('cdk-nag', () => {
  it('reports findings when nothing is acknowledged (the check is live)', () => {
    const { app } = buildApp(newApp(), { acknowledge: false });
    expect(() => app.synth()).toThrow(/AwsSolutions-APIG4/);
  }, 120_000);
});

describe('the table', () => {
  it('is the table the local runtime creates', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table')) as Array<{ Properties: Record<string, any> }>;
    const local = createTableInput('omnistore');
    const props = table!.Properties;
    expect(props.KeySchema).toEqual(local.KeySchema);
    const sortByName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
      String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect([...props.AttributeDefinitions].sort(sortByName)).toEqual([...local.AttributeDefinitions!].sort(sortByName));
    const gsis = (list: Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }>) =>
      list
        .map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }))
        .sort((a, b) => a.IndexName.localeCompare(b.IndexName));
    expect(gsis(props.GlobalSecondaryIndexes)).toEqual(gsis(local.GlobalSecondaryIndexes as never));
    expect(props.StreamSpecification).toEqual({ StreamViewType: local.StreamSpecification!.StreamViewType });
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true });
  });

  it('is on demand, recoverable and protected from deletion', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });
});

describe('the HTTP API', () => {
  const routes = () => Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Array<{ Properties: Record<string, any> }>;

  it('has exactly the routes of the route table, and $default for what none matches', () => {
    expect(
      routes()
        .map((r) => r.Properties.RouteKey)
        .sort(),
    ).toEqual([...allRoutes().map(routeKey), '$default'].sort());
  });

  it('puts the JWT authorizer on every route that is not public', () => {
    const byKey = new Map(routes().map((r) => [r.Properties.RouteKey, r.Properties]));
    for (const route of allRoutes()) {
      expect(byKey.get(routeKey(route))?.AuthorizationType, routeKey(route)).toBe(route.auth === 'public' ? 'NONE' : 'JWT');
    }
    expect(byKey.get('$default')?.AuthorizationType ?? 'NONE').toBe('NONE');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
  });

  it('throttles and writes access logs without query strings', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as Array<{ Properties: Record<string, any> }>;
    expect(stage!.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
    const format = stage!.Properties.AccessLogSettings.Format as string;
    expect(format).toContain('$context.routeKey');
    expect(format).not.toMatch(/querystring|\$context\.path|identity\.sourceIp/i);
  });
});

describe('the functions', () => {
  it('runs one Node 24 arm64 Lambda per context, traced, with JSON logs kept a month', () => {
    const fns = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } });
    expect(Object.keys(fns)).toHaveLength(contexts.length + 2); // + the event publisher and the timers' sweep
    template.allResourcesProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('grants each context only the table access it declares', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Array<{ Properties: Record<string, any> }>;
    const actionsOf = (fnName: string) =>
      policies
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(`Fn${fnName.replace(/[^A-Za-z0-9]/g, '')}`)) // logical ids keep only alphanumerics
        .flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    for (const c of contexts) {
      const actions = actionsOf(c.name);
      expect(actions.includes('dynamodb:PutItem'), c.name).toBe(c.tableAccess === 'readwrite');
      expect(actions.includes('dynamodb:Query'), c.name).toBe(c.tableAccess !== 'none');
      expect(actions.includes('secretsmanager:GetSecretValue'), c.name).toBe(c.identityKey);
      expect(actions).not.toContain('dynamodb:Scan');
    }
  });

  it('gives the docs function the OpenAPI document built at synth and the renderer files beside a small bundle', () => {
    const asset = assetOf('docs');
    const files = readdirSync(asset);
    expect(files).toEqual(expect.arrayContaining(['index.mjs', 'openapi.json', 'swagger-ui.css', 'swagger-ui-bundle.js']));
    expect(JSON.parse(readFileSync(join(asset, 'openapi.json'), 'utf8'))).toEqual(apiDocument());
    // The route table is not bundled: the document is read from the asset.
    expect(statSync(join(asset, 'index.mjs')).size).toBeLessThan(250 * 1024);
  });

  it('bundles what starts fast: no SDK DynamoDB client, node:http by require, a source map the runtime reads', () => {
    const functions = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) } },
      }),
    ) as Array<{ Properties: { Code: { S3Key: string }; Environment: { Variables: Record<string, string> } } }>;
    const bundled = functions.map((f) => join(outdir, `asset.${f.Properties.Code.S3Key.replace(/\.zip$/, '')}`));
    expect(bundled.length).toBe(contexts.length + 2); // each context's function, the sweep, the event publisher
    for (const asset of bundled) {
      const code = readFileSync(join(asset, 'index.mjs'), 'utf8');
      const imports = [...code.matchAll(/from\s*["']([^"']+)["']/g)].map((m) => m[1]);
      expect(imports, asset).not.toContain('@aws-sdk/client-dynamodb');
      expect(imports, asset).not.toContain('@aws-sdk/lib-dynamodb');
      expect(imports, asset).not.toContain('node:http');
      expect(readdirSync(asset), asset).toContain('index.mjs.map');
    }
  });

  it('keeps every context bundle within 250 KB, the AWS SDK left to the runtime', () => {
    for (const c of contexts) expect(statSync(join(assetOf(c.name), 'index.mjs')).size, c.name).toBeLessThanOrEqual(250 * 1024);
  });

  it('bundles the phone number library only into the functions whose routes read phone numbers', () => {
    const readsPhones = contexts
      .filter((c) => {
        const map = JSON.parse(readFileSync(join(assetOf(c.name), 'index.mjs.map'), 'utf8')) as { sources: string[] };
        return map.sources.some((source) => source.includes('node_modules/libphonenumber-js/'));
      })
      .map((c) => c.name);
    // Identity lookups and walk-ins (profiles, the desk, placing an order) and the customer searches (tablet, contact center).
    expect(readsPhones.sort()).toEqual(['appointment-desk', 'clienteling', 'contact-center', 'order-placing', 'profiles']);
  });

  it('publishes only outbox inserts from the stream to EventBridge', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    // The filter matches the items the outbox writes, and nothing else the table holds.
    const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as Array<{
      Properties: Record<string, any>;
    }>;
    const pattern = JSON.parse(mapping!.Properties.FilterCriteria.Filters[0].Pattern);
    const outboxItem = outboxPut(
      { tableName: 't', clock: fixedClock('2026-11-24T10:00:00Z') },
      {
        event: defineEvent('test.published', 'a test event'),
        subject: 's',
        detail: {},
      },
    ).Put!.Item as Record<string, unknown>;
    expect(pattern).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: [outboxItem.entity] } } } });
  });
});

describe('timers and notifications', () => {
  const sweeperPolicies = () =>
    (Object.values(template.findResources('AWS::IAM::Policy')) as Array<{ Properties: Record<string, any> }>).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('NotificationsSweeper'),
    );

  it('runs the sweep every minute on an EventBridge schedule, without retries piling up', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: Match.anyValue(), RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'omnistore-timers', NOTIFY_FROM: 'notifications@example.com' }),
      },
      Timeout: 55,
    });
  });

  it('sends e-mail through an SES identity and configuration set, SMS through an End User Messaging configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.com' });
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.resourceCountIs('AWS::SMSVOICE::ConfigurationSet', 1);
  });

  it('may only send (SES, SMS) and use the table — no wildcard action, no Scan', () => {
    const statements = sweeperPolicies().flatMap((p) => p.Properties.PolicyDocument.Statement) as Array<{ Action: string | string[] }>;
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['ses:SendEmail', 'sms-voice:SendTextMessage', 'dynamodb:Query', 'dynamodb:PutItem']));
    expect(actions.every((a) => !a.endsWith('*'))).toBe(true);
    expect(actions).not.toContain('dynamodb:Scan');
    expect([...new Set(actions.filter((a) => a.startsWith('ses:') || a.startsWith('sms-voice:')))].sort()).toEqual([
      'ses:SendEmail',
      'ses:SendRawEmail',
      'sms-voice:SendTextMessage',
    ]);
  });
});

describe('Cognito', () => {
  it('has the staff group, the integration scopes exactly as the API names them, and no user-writable staff claims', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'staff' });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'agents' });
    const servers = Object.values(template.findResources('AWS::Cognito::UserPoolResourceServer')) as Array<{
      Properties: Record<string, any>;
    }>;
    const scopes = servers.flatMap((s) =>
      s.Properties.Scopes.map((x: { ScopeName: string }) => `${s.Properties.Identifier}/${x.ScopeName}`),
    );
    expect(scopes.sort()).toEqual(['catalog/write', 'customers/read', 'inventory/write', 'orders/read', 'orders/write']);
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as Array<{ Properties: Record<string, any> }>;
    for (const client of clients) {
      expect(client.Properties.WriteAttributes ?? []).not.toContain('custom:storeId');
      expect(client.Properties.WriteAttributes ?? []).not.toContain('custom:role');
    }
  });
});
