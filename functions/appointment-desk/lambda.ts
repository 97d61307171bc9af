// Lambda entry: the store's appointment desk (agenda, walk-ins, outcomes).
import { createLambdaHandler } from '#shared/http/lambda.ts';
import { depsFromEnv } from '#shared/runtime/deps.ts';
import { routes } from './routes.ts';

export const handler = createLambdaHandler(routes, depsFromEnv());
