// Lambda entry: placing orders (channels and the associate's tablet).
import { createLambdaHandler } from '#shared/http/lambda.ts';
import { depsFromEnv } from '#shared/runtime/deps.ts';
import { routes } from './routes.ts';

export const handler = createLambdaHandler(routes, depsFromEnv());
