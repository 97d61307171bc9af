// Route table slice: the API's own description.

import * as z from 'zod';
import { openApiDocument } from '#shared/http/openapi.ts';
import { defineRoute, type Route } from '#shared/http/route.ts';

/** Built from the whole table, which is handed in to avoid an import cycle. */
export function createDocsRoutes(allRoutes: () => Route[]): Route[] {
  let document: unknown;
  return [
    defineRoute({
      method: 'GET',
      path: '/openapi.json',
      tags: ['docs'],
      auth: 'public',
      summary: 'This OpenAPI 3.1 document',
      response: { status: 200, schema: z.object({ openapi: z.literal('3.1.0') }).loose() },
      handler: async () => {
        document ??= openApiDocument(allRoutes(), { title: 'omnistore', version: '1' });
        return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
      },
    }),
  ];
}
