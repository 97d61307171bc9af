// Bad input from the outside, for every operation: generated from the route table's own
// schemas (zod → JSON Schema, as /openapi.json publishes them), sent over real HTTP by a
// caller the route admits. Every answer must be a 4xx problem+json whose `status` is the
// HTTP status, never a 5xx, and the table must be exactly as it was.

import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { allRoutes } from '#functions/index.ts';
import { type Route, routeKey } from '#shared/http/route.ts';
import { integrationScopes } from '#shared/platform/actor.ts';
import { type CallResult, useTestApi } from '#test/support/api.ts';
import { seedStock, seedStores, storeFixture } from '#test/support/inventory.ts';
import { seedCustomer } from '#test/support/orders.ts';
import { scanTable } from '#test/support/table.ts';

const api = useTestApi();
const storeId = 'fz-store';
type Json = { type?: string | string[]; properties?: Record<string, Json>; required?: string[]; [k: string]: unknown };

let tokens: { customer: string; staff: string; integration: string };

beforeAll(async () => {
  await seedStores(api.deps, [storeFixture({ storeId, services: ['pickup', 'returns', 'stylist'] })]);
  await seedStock(api.deps, [{ storeId, sku: 'FZ-1', onHand: 5 }]);
  await seedCustomer(api.deps, 'c-fuzz', { email: 'fuzz@example.com' });
  tokens = {
    customer: await api.customer('c-fuzz'),
    staff: await api.staff(storeId, 'admin'),
    integration: await api.integration(...integrationScopes),
  };
});

const jsonSchema = (schema: z.ZodType | undefined): Json =>
  schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json) : {};

/** The JSON types a schema admits (a union: its members'; an enum or const: their values' types). */
function typesOf(s: Json): string[] {
  if (s.type) return [s.type].flat();
  const members = (s.anyOf ?? s.oneOf ?? s.allOf) as Json[] | undefined;
  if (members) return members.flatMap(typesOf);
  if (Array.isArray(s.enum)) return s.enum.map((v) => typeof v);
  if ('const' in s) return [typeof s.const];
  return ['object', 'array', 'string', 'number', 'integer', 'boolean'];
}

/** Values that no schema of this shape accepts: another type, or past its bounds. */
function wrongValues(s: Json): unknown[] {
  const types = typesOf(s);
  const out: unknown[] = [];
  if (!types.includes('object')) out.push({ fuzz: true });
  if (!types.includes('array')) out.push([1, 2]);
  if (!types.includes('number') && !types.includes('integer')) out.push(-12.5);
  if (!types.includes('string')) out.push('not-this-type');
  if (typeof s.maxLength === 'number') out.push('x'.repeat(s.maxLength + 1));
  if (typeof s.minLength === 'number' && s.minLength > 0) out.push('');
  if (typeof s.pattern === 'string') out.push('a#b|c d');
  if (typeof s.maximum === 'number') out.push(s.maximum + 1);
  if (typeof s.minimum === 'number') out.push(s.minimum - 1);
  if (types.includes('integer')) out.push(1.5);
  if (Array.isArray(s.enum)) out.push('not-in-the-enum');
  return out;
}

/** Values for a query or path parameter (always a string on the wire) that its schema refuses. */
function wrongStrings(s: Json): string[] {
  const types = typesOf(s);
  const out = ['a#b', 'a|b', 'x'.repeat(300), '%', ' '];
  if (types.includes('number') || types.includes('integer') || s.enum || s.format) out.push('', 'abc', '-1e400');
  else if (s.pattern || s.minLength) out.push('');
  return out;
}

/** Whether the member `name` of an object schema accepts `value` on its own (then it is not bad input). */
function accepts(schema: z.ZodType | undefined, name: string, value: unknown): boolean {
  const field = (schema as unknown as { shape?: Record<string, z.ZodType> } | undefined)?.shape?.[name];
  return field ? field.safeParse(value).success : false;
}

type Case = { what: string; path: string; query?: string; body?: unknown; rawBody?: string };

/** Bad requests for one route: each path parameter, each query parameter, each body member wrong in turn; bodies that are not objects. */
function casesFor(route: Route): Case[] {
  const req = route.request ?? {};
  const pathSchema = jsonSchema(req.path);
  const validPath = route.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    name === 'storeId' ? storeId : name.endsWith('Id') && name !== 'storeId' ? '01JZZZZZZZZZZZZZZZZZZZZZZZ' : 'x1',
  );
  const cases: Case[] = [];
  for (const [name, s] of Object.entries(pathSchema.properties ?? {})) {
    for (const bad of wrongStrings(s)) {
      if (bad === '' || bad === ' ' || accepts(req.path, name, bad)) continue; // an empty segment is another path
      cases.push({
        what: `path.${name}=${bad.slice(0, 8)}`,
        path: route.path.replace(`{${name}}`, encodeURIComponent(bad)).replace(/\{[^}]+\}/g, 'x1'),
      });
    }
  }
  const querySchema = jsonSchema(req.query);
  for (const [name, s] of Object.entries(querySchema.properties ?? {})) {
    for (const bad of wrongStrings(s)) {
      // Only what the schema refuses: a free-text search for "a#b" is a fine search that finds nobody.
      if (accepts(req.query, name, bad)) continue;
      cases.push({ what: `query.${name}=${bad.slice(0, 8)}`, path: validPath, query: `${name}=${encodeURIComponent(bad)}` });
    }
  }
  if (req.query && querySchema.additionalProperties === false)
    cases.push({ what: 'query.unknown', path: validPath, query: 'fuzzUnknown=1' });
  if (req.body) {
    const body = jsonSchema(req.body);
    cases.push({ what: 'body not JSON', path: validPath, rawBody: '{"a":' });
    for (const notObject of [null, [], 'text', 42])
      cases.push({ what: `body ${JSON.stringify(notObject)}`, path: validPath, body: notObject });
    if (body.required?.length) cases.push({ what: 'body {}', path: validPath, body: {} });
    for (const [name, s] of Object.entries(body.properties ?? {})) {
      for (const bad of wrongValues(s))
        cases.push({ what: `body.${name}=${JSON.stringify(bad).slice(0, 12)}`, path: validPath, body: { [name]: bad } });
    }
    if (body.additionalProperties === false) cases.push({ what: 'body unknown member', path: validPath, body: { fuzzUnknown: 1 } });
  }
  return cases;
}

function tokenFor(route: Route): string | undefined {
  if (route.auth === 'public') return undefined;
  if (route.auth.includes('customer')) return tokens.customer;
  if (route.auth.includes('staff')) return tokens.staff;
  return tokens.integration;
}

const snapshot = async () => (await scanTable(api.deps)).map((i) => JSON.stringify(i)).sort();

describe('bad input, generated from the route table, for every operation', () => {
  it('is always a 4xx problem+json naming the HTTP status, never a 5xx, and writes nothing', async () => {
    const before = await snapshot();
    const routes = allRoutes().filter((r) => r.request?.path || r.request?.query || r.request?.body);
    const failures: string[] = [];
    let sent = 0;
    // A few operations at a time: the local server and DynamoDB Local share two cores with other tests.
    const queue = routes.flatMap((route) => casesFor(route).map((c) => ({ route, c })));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { route, c } = next;
        const res: CallResult = await api.call(route.method, `${c.path}${c.query ? `?${c.query}` : ''}`, {
          token: tokenFor(route),
          ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : c.body !== undefined ? { body: c.body } : {}),
        });
        sent++;
        const problem = res.headers.get('content-type') === 'application/problem+json';
        if (res.status < 400 || res.status >= 500 || !problem || res.body?.status !== res.status) {
          failures.push(`${routeKey(route)} ${c.what}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
    expect(routes.length).toBeGreaterThan(40);
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it('holds for random JSON bodies too (fast-check)', async () => {
    const writes = allRoutes().filter((r) => r.request?.body && r.request.body.safeParse({}).success === false);
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
        async (route, body) => {
          fc.pre(!route.request!.body!.safeParse(body).success);
          const path = route.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
            name === 'storeId' ? storeId : '01JZZZZZZZZZZZZZZZZZZZZZZZ',
          );
          const res = await api.call(route.method, path, { token: tokenFor(route), body });
          expect(res.status, `${routeKey(route)} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${routeKey(route)} ${JSON.stringify(body)}`).toBeLessThan(500);
          expect(res.body.status).toBe(res.status);
        },
      ),
      { numRuns: 150 },
    );
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});
