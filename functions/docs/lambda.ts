// Lambda entry: the docs context. It reads no data and does not bundle the route table: the
// OpenAPI document was built at synth and sits in the function's asset as openapi.json,
// beside Swagger UI's files (infra/cdk copies them there); each is read on first request.

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLambdaHandler } from '#shared/http/lambda.ts';
import { statelessDeps } from '#shared/runtime/stateless-deps.ts';
import { createDocsRoutes } from './routes.ts';

const here = dirname(fileURLToPath(import.meta.url));
const files = new Map<string, Promise<string>>();
const read = (name: string) => {
  if (!files.has(name)) files.set(name, readFile(join(here, name), 'utf8'));
  return files.get(name)!;
};

export const handler = createLambdaHandler(
  createDocsRoutes({ openapi: async () => JSON.parse(await read('openapi.json')), rendererFile: read }),
  statelessDeps(),
);
