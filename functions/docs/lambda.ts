// Lambda entry: the docs context (serves /openapi.json; it reads no data).

import { contextRoutes } from '#functions/index.ts';
import { createLambdaHandler } from '#shared/http/lambda.ts';
import { depsFromEnv } from '#shared/runtime/deps.ts';

export const handler = createLambdaHandler(contextRoutes('docs'), depsFromEnv());
