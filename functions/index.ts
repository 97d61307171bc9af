// The route table: every bounded context and its routes. The Lambda of each context,
// the CDK stack, the local server and the OpenAPI document are all built from this list.

import type { Route } from '#shared/http/route.ts';
import { createDocsRoutes } from './docs/routes.ts';
import { routes as profiles } from './profiles/routes.ts';

export type BoundedContext = {
  /** Also the folder holding its Lambda entry: functions/<name>/lambda.ts */
  name: string;
  routes: Route[];
};

export const contexts: BoundedContext[] = [
  { name: 'profiles', routes: profiles },
  { name: 'docs', routes: createDocsRoutes(() => allRoutes()) },
];

export function allRoutes(): Route[] {
  return contexts.flatMap((c) => c.routes);
}

export function contextRoutes(name: string): Route[] {
  const found = contexts.find((c) => c.name === name);
  if (!found) throw new Error(`No bounded context named ${name}`);
  return found.routes;
}
