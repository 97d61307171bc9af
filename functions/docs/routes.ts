// Route table slice: the API's own description — the OpenAPI document and the reference page
// over it. Where the document and the renderer's files come from is handed in: built from
// the route table by the local server, read from the function's asset in AWS (lambda.ts).

import * as z from 'zod';
import { defineRoute, type Route } from '#shared/http/route.ts';
import { docsContentSecurityPolicy, docsPage, type RendererFile, rendererFiles, startScript } from './page.ts';

export type DocsSources = {
  /** The OpenAPI document (an object). */
  openapi: () => Promise<unknown>;
  /** One of Swagger UI's files, as text. */
  rendererFile: (name: RendererFile) => Promise<string>;
};

const cached = (maxAgeSeconds: number) => `public, max-age=${maxAgeSeconds}`;
const assetPath = z.object({ asset: z.enum([...rendererFiles, 'start.js']) });
const contentTypes: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'start.js': 'text/javascript; charset=utf-8',
};

export function createDocsRoutes(sources: DocsSources): Route[] {
  let document: Promise<unknown> | undefined;
  return [
    defineRoute({
      method: 'GET',
      path: '/openapi.json',
      tags: ['docs'],
      auth: 'public',
      summary: 'This OpenAPI 3.1 document',
      description: 'Generated from the route table that also drives the Lambda routers, the API Gateway routes and the local server.',
      response: { status: 200, schema: z.object({ openapi: z.literal('3.1.0') }).loose() },
      handler: async () => {
        document ??= sources.openapi();
        return { status: 200, body: await document, headers: { 'cache-control': cached(300) } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/docs',
      tags: ['docs'],
      auth: 'public',
      summary: 'The interactive API reference (Swagger UI over /openapi.json)',
      description: 'An HTML page for people; every operation with its schemas, examples and who may call it.',
      response: { status: 200, description: 'An HTML page' },
      contentSecurityPolicy: docsContentSecurityPolicy,
      handler: async () => ({
        status: 200,
        text: docsPage,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': cached(300) },
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/docs/{asset}',
      tags: ['docs'],
      auth: 'public',
      summary: "The reference page's script and style files",
      request: { path: assetPath },
      response: { status: 200, description: 'A script or a style sheet' },
      handler: async (req) => {
        const { asset } = req.path as z.output<typeof assetPath>;
        const text = asset === 'start.js' ? startScript : await sources.rendererFile(asset);
        return { status: 200, text, headers: { 'content-type': contentTypes[asset]!, 'cache-control': cached(3600) } };
      },
    }),
  ];
}
