// HTTP kit: one context's route table as one Lambda handler. The same function serves
// API Gateway in AWS and the local server, so both run exactly this stack:
// middy (logger context, header normalisation, security headers) → http-router → route.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Deps } from '../runtime/deps.ts';
import { isTransientAwsError } from '../runtime/dynamodb.ts';
import { isDomainError } from '../runtime/errors.ts';
import { actorFromClaims, authorize, type Claims } from './principal.ts';
import { HttpProblem, problemFromDomain, problems } from './problem.ts';
import { DEFAULT_MAX_BODY_BYTES, parseWith, readJsonBody } from './request.ts';
import { type HandlerResult, type Route, routeKey } from './route.ts';

type Event = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { jwt?: { claims?: Claims } } };
};
export type LambdaHttpHandler = (event: Event, context: import('aws-lambda').Context) => Promise<APIGatewayProxyResultV2>;

const correlationIdPattern = /^[A-Za-z0-9._:-]{8,128}$/;

export function createLambdaHandler(routes: Route[], deps: Deps): LambdaHttpHandler {
  const router = httpRouterHandler<Event, APIGatewayProxyResultV2>({
    routes: routes.map((route) => ({
      method: route.method,
      path: route.path,
      handler: (event: Event) => runRoute(route, event, deps),
    })),
    notFoundResponse: ({ method, path }) => withSecurityHeaders(problemResponse(problems.notFound(`There is no ${method} ${path}.`), deps)),
  });

  return middy<Event, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    .handler(router) as unknown as LambdaHttpHandler;
}

// A JSON API: nothing may be framed, sniffed or loaded from it.
const security = httpSecurityHeaders({
  contentSecurityPolicy: { 'default-src': "'none'", 'frame-ancestors': "'none'" },
  permissionsPolicy: false,
  reportTo: false,
  reportingEndpoints: false,
});

/**
 * The security headers (middy's http-security-headers) on an answer: every route's, and the
 * gateway's own (the local server's 401, 404, 405, 413 and preflights). A route that serves a
 * page (GET /docs) states its own Content-Security-Policy.
 */
export function withSecurityHeaders<R extends APIGatewayProxyStructuredResultV2>(response: R, contentSecurityPolicy?: string): R {
  security.after?.({ response } as never);
  if (contentSecurityPolicy) response.headers = { ...response.headers, 'Content-Security-Policy': contentSecurityPolicy };
  return response;
}

async function runRoute(route: Route, event: Event, deps: Deps): Promise<APIGatewayProxyStructuredResultV2> {
  const started = performance.now();
  const headerId = event.headers?.['x-correlation-id'];
  const correlationId = headerId && correlationIdPattern.test(headerId) ? headerId : event.requestContext.requestId;
  deps.logger.appendKeys({ correlationId, route: routeKey(route) });
  const actor = actorFromClaims(event.requestContext.authorizer?.jwt?.claims);

  let response: APIGatewayProxyStructuredResultV2;
  const parts: Partial<Record<'path' | 'query' | 'body', unknown>> = {};
  try {
    // Who first, then what: a caller who may not use the route learns nothing about its input.
    authorize(route.auth, actor);
    const req = route.request ?? {};
    if (req.path) parts.path = parseWith(req.path, event.pathParameters ?? {}, 'path');
    if (req.query) parts.query = parseWith(req.query, event.queryStringParameters ?? {}, 'query');
    if (req.body) parts.body = parseWith(req.body, readJsonBody(event, route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), 'body');
    const result = await route.handler(
      { path: parts.path, query: parts.query, body: parts.body, actor, headers: event.headers ?? {}, requestId: correlationId },
      deps,
    );
    response = successResponse(route, result, deps);
  } catch (error) {
    response = problemResponse(isDomainError(error) ? problemFromDomain(error, locateIn(parts)) : error, deps);
  }
  response.headers = { ...response.headers, 'x-correlation-id': correlationId };
  withSecurityHeaders(response, route.contentSecurityPolicy);
  // No personal data: the route template, never the raw path, query or body.
  deps.logger.info('request', {
    status: response.statusCode,
    durationMs: Math.round(performance.now() - started),
    principal: actor.kind,
  });
  return response;
}

/**
 * Where a command field came from: the part of the request (body, query, path) whose
 * top-level member it names; a path that already says where it is stays as it is.
 */
function locateIn(parts: Partial<Record<'path' | 'query' | 'body', unknown>>) {
  return (field: string): string => {
    if (/^(body|query|path|header)\b/.test(field)) return field;
    const head = field.split(/[.[]/)[0] ?? '';
    const where = (['body', 'query', 'path'] as const).find((p) => {
      const part = parts[p];
      return part !== null && typeof part === 'object' && head in part;
    });
    return `${where ?? 'body'}${field.startsWith('[') ? '' : '.'}${field}`;
  };
}

function successResponse(route: Route, result: HandlerResult, deps: Deps): APIGatewayProxyStructuredResultV2 {
  if (deps.validateResponses && route.response.schema && result.status === route.response.status) {
    const check = route.response.schema.safeParse(result.body);
    if (!check.success) {
      throw new Error(`Response of ${routeKey(route)} does not match its schema: ${check.error.message}`);
    }
  }
  if (result.text !== undefined) return { statusCode: result.status, headers: result.headers, body: result.text };
  if (result.body === undefined) return { statusCode: result.status, headers: result.headers };
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...result.headers },
    body: JSON.stringify(result.body),
  };
}

/**
 * Transient faults that outlasted the retries — what the DynamoDB client retries in vain
 * (throttling, a 5xx by any name — DynamoDB Local's InternalServerError when a lock wait times
 * out too —, a connection that kept dropping) — and TimeoutError, middy's early answer just
 * before the function's own timeout (which API Gateway would turn into a bare 500). The request
 * may simply be sent again (idempotently): 503 with Retry-After.
 */
const isTransient = (error: unknown) => isTransientAwsError(error) || (error instanceof Error && error.name === 'TimeoutError');

/** Errors below 500 are told to the client; anything else is logged and answered without internals. */
export function problemResponse(error: unknown, deps: Pick<Deps, 'logger'>): APIGatewayProxyStructuredResultV2 {
  let problem: HttpProblem;
  if (error instanceof HttpProblem) {
    problem = error;
  } else if (isDomainError(error)) {
    problem = problemFromDomain(error, locateIn({}));
  } else if (isTransient(error)) {
    deps.logger.warn('transient fault', { error: (error as Error).name });
    problem = problems.unavailable('The service is busy; retry shortly.', 1);
  } else {
    deps.logger.error('unhandled error', error as Error);
    problem = new HttpProblem(500, 'Something went wrong on our side. It has been logged.');
  }
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...problem.headers },
    body: JSON.stringify(problem.toJSON()),
  };
}
