// Lambda entry: the catalog context (products, warehouses, product availability).
import { createLambdaHandler } from '#shared/http/lambda.ts';
import { depsFromEnv } from '#shared/runtime/deps.ts';
import { routes } from './routes.ts';

export const handler = createLambdaHandler(routes, depsFromEnv());
