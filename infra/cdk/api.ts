// Infra: the HTTP API, built from the route table. One Lambda per bounded context; one
// API Gateway route per row, with the JWT authorizer on every non-public row.

import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { BoundedContext } from '#functions/index.ts';
import { corsPolicy } from '#shared/http/cors.ts';
import { type Route, routeKey } from '#shared/http/route.ts';
import type { Auth } from './auth.ts';
import { ContextFunction } from './context-function.ts';

export type ApiProps = {
  contexts: BoundedContext[];
  table: dynamodb.Table;
  auth: Auth;
  identityKey: secretsmanager.ISecret;
  allowedOrigins: string[];
  throttle: { rateLimit: number; burstLimit: number };
};

export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly functions = new Map<string, ContextFunction>();
  /** The CfnRoute of every public row, for the cdk-nag acknowledgement that says why. */
  readonly publicRoutes = new Map<string, apigw.HttpRoute & { spec: Route }>();
  /**
   * `$default`: what no route matches goes to the docs function, whose router answers a 404
   * problem+json with the security headers — instead of API Gateway's bare 404. (The JWT
   * authorizer's own 401 cannot carry headers: HTTP APIs have no gateway responses; README.)
   */
  readonly fallbackRoute: apigw.HttpRoute;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'omnistore in-store experience API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: corsPolicy.allowMethods.map((m) => m as apigw.CorsHttpMethod),
        allowHeaders: corsPolicy.allowHeaders,
        exposeHeaders: corsPolicy.exposeHeaders,
        maxAge: Duration.seconds(corsPolicy.maxAgeSeconds),
      },
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // No query string, no body, no IP-derived identity: the tablet's lookup query holds personal data.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            time: '$context.requestTime',
          }),
        ),
      },
    });

    const authorizer = new HttpUserPoolAuthorizer('Jwt', props.auth.userPool, {
      userPoolClients: [props.auth.appClient, props.auth.integrationClient],
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const context of props.contexts) {
      const fn = new ContextFunction(this, `Fn-${context.name}`, {
        context: context.name,
        table: props.table,
        tableAccess: context.tableAccess,
        identityKey: context.identityKey ? props.identityKey : undefined,
        assetFiles: context.assetFiles?.(),
      });
      this.functions.set(context.name, fn);
      const integration = new HttpLambdaIntegration(`Integration-${context.name}`, fn.fn, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      });
      integrations.set(context.name, integration);
      for (const route of context.routes) {
        const [created] = this.httpApi.addRoutes({
          path: route.path,
          methods: [route.method as apigw.HttpMethod],
          integration,
          authorizer: route.auth === 'public' ? new apigw.HttpNoneAuthorizer() : authorizer,
        });
        if (route.auth === 'public' && created) this.publicRoutes.set(routeKey(route), Object.assign(created, { spec: route }));
      }
    }
    this.fallbackRoute = new apigw.HttpRoute(this, 'Fallback', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: integrations.get('docs')!,
    });
  }
}
