// One route table, four consumers: the Lambda router, the local server, the OpenAPI
// document (and the CDK stack, in test/infra) all hold exactly the same routes.

import { describe, expect, it } from 'vitest';
import { allRoutes, contexts } from '#functions/index.ts';
import { createLambdaHandler } from '#shared/http/lambda.ts';
import { type Route, routeKey } from '#shared/http/route.ts';
import { useTestApi } from '#test/support/api.ts';

const api = useTestApi();
const concretePath = (route: Route) => route.path.replace(/\{[^}]+\}/g, 'x1');
const routerMiss = (body: { detail?: string } | undefined) => /^There is no /.test(body?.detail ?? '');

describe('the route table', () => {
  it('has no route twice', () => {
    const keys = allRoutes().map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is the OpenAPI document', async () => {
    const res = await api.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(allRoutes().map(routeKey).sort());
  });

  it('is served by the local server: every route is reached, protected ones ask for a token', async () => {
    for (const route of allRoutes()) {
      const res = await api.call(route.method, concretePath(route));
      expect(routerMiss(res.body), routeKey(route)).toBe(false);
      expect(res.status, routeKey(route)).not.toBe(405);
      if (route.auth !== 'public') expect(res.status, routeKey(route)).toBe(401);
    }
  });

  it("is dispatched by each context's Lambda handler", async () => {
    for (const context of contexts) {
      const handler = createLambdaHandler(context.routes, api.deps);
      for (const route of context.routes) {
        const path = concretePath(route);
        const res = (await handler(
          {
            version: '2.0',
            routeKey: routeKey(route),
            rawPath: path,
            rawQueryString: '',
            headers: {},
            isBase64Encoded: false,
            requestContext: { http: { method: route.method, path }, requestId: 'req-route-table' },
          } as never,
          { awsRequestId: 'req-route-table', functionName: context.name } as never,
        )) as { statusCode: number; body: string; headers?: Record<string, string> };
        const json = /json/.test(res.headers?.['content-type'] ?? 'json');
        expect(routerMiss(json ? JSON.parse(res.body || '{}') : {}), `${context.name}: ${routeKey(route)}`).toBe(false);
      }
      const miss = (await handler(
        {
          version: '2.0',
          rawPath: '/nowhere',
          headers: {},
          requestContext: { http: { method: 'GET', path: '/nowhere' }, requestId: 'r' },
        } as never,
        { awsRequestId: 'r' } as never,
      )) as { statusCode: number; body: string };
      expect(miss.statusCode).toBe(404);
      expect(JSON.parse(miss.body).detail).toMatch(/^There is no /);
    }
  });
});
