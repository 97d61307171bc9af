// Lambda entry: the contact-center context (agents' search, card, timeline, notes, bookings).
import { createLambdaHandler } from '#shared/http/lambda.ts';
import { depsFromEnv } from '#shared/runtime/deps.ts';
import { routes } from './routes.ts';

export const handler = createLambdaHandler(routes, depsFromEnv());
