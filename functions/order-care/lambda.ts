// Lambda entry: the order-care context (pickup extend/move, return authorizations and receipts).
import { createLambdaHandler } from '#shared/http/lambda.ts';
import { depsFromEnv } from '#shared/runtime/deps.ts';
import { routes } from './routes.ts';

export const handler = createLambdaHandler(routes, depsFromEnv());
