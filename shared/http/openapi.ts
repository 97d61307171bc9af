// HTTP kit: the OpenAPI 3.1 document, generated from the route table (zod → JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is). Never written by hand.

import * as z from 'zod';
import { describeRequirement } from './principal.ts';
import type { Route } from './route.ts';

type JsonSchema = { properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };

/**
 * Recursive schemas (e.g. a rule tree, named with `.meta({ id })`) come out with local
 * `$defs`; in OpenAPI a `#/…` reference points at the document, so they move to
 * components.schemas and their references follow.
 */
const sharedDefs: Record<string, unknown> = {};
const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, $defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  // zod leaves a schema's examples out of its input form when it transforms (e.g. upper-cases
  // an id); a request's examples are written as a client sends them, so they belong there.
  const examples = z.globalRegistry.get(schema)?.examples;
  if (examples && !rest.examples) rest.examples = examples;
  if (!$defs) return rest;
  const hoist = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
  for (const [name, def] of Object.entries($defs as Record<string, unknown>)) sharedDefs[name] = hoist(def);
  return hoist(rest);
};

const problemRef = { $ref: '#/components/schemas/Problem' };
const genericErrors: Record<number, string> = {
  400: 'The request is not valid; `errors` names each field.',
  401: 'No valid bearer token.',
  403: 'The token is valid but may not do this.',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  429: 'Throttled.',
  500: 'Unexpected error (no internals are returned).',
  503: 'Busy; retry after the Retry-After header.',
};

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

function operationId(route: Route) {
  const words = `${route.method.toLowerCase()} ${route.path}`
    .replace(/[{}]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

export function openApiDocument(routes: Route[], info: { title: string; version: string; description?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const req = route.request ?? {};
    const statuses = [400, ...(route.auth === 'public' ? [] : [401, 403]), ...(route.errors ?? []), 500];
    if (req.body) statuses.push(413, 415);
    const responses: Record<string, unknown> = {
      [route.response.status]: {
        description: route.response.description ?? 'Success',
        ...(route.response.schema ? { content: { 'application/json': { schema: toSchema(route.response.schema, 'output') } } } : {}),
      },
    };
    for (const status of [...new Set(statuses)].sort()) {
      responses[status] = {
        description: genericErrors[status] ?? 'Error',
        content: { 'application/problem+json': { schema: problemRef } },
      };
    }
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: operationId(route),
      summary: route.summary,
      description: [route.description, `Who may call: ${describeRequirement(route.auth)}.`].filter(Boolean).join('\n\n'),
      tags: route.tags,
      security: route.auth === 'public' ? [] : [{ bearer: [] }],
      parameters: [
        ...parameters(req.path, 'path'),
        ...parameters(req.query, 'query'),
        ...Object.entries(req.headers ?? {}).map(([name, description]) => ({
          name,
          in: 'header',
          description,
          schema: { type: 'string' },
        })),
      ],
      ...(req.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(req.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ...sharedDefs,
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
}
