// The route table: every bounded context and its routes. The Lambda of each context,
// the CDK stack, the local server and the OpenAPI document are all built from this list.

import { routes as appointments } from '#functions/appointments/routes.ts';
import { routes as clienteling } from '#functions/clienteling/routes.ts';
import { createDocsRoutes } from '#functions/docs/routes.ts';
import { routes as inventory } from '#functions/inventory/routes.ts';
import { routes as notifications } from '#functions/notifications/routes.ts';
import { routes as orders } from '#functions/orders/routes.ts';
import { routes as profiles } from '#functions/profiles/routes.ts';
import { routes as proximity } from '#functions/proximity/routes.ts';
import type { Route } from '#shared/http/route.ts';

export type BoundedContext = {
  /** Also the folder holding its Lambda entry: functions/<name>/lambda.ts */
  name: string;
  routes: Route[];
  /** Least privilege: what the context's Lambda may do to the table. */
  tableAccess: 'none' | 'read' | 'readwrite';
  /** Whether it hashes identities (reads the identity key secret). */
  identityKey: boolean;
};

export const contexts: BoundedContext[] = [
  { name: 'profiles', routes: profiles, tableAccess: 'readwrite', identityKey: true },
  { name: 'inventory', routes: inventory, tableAccess: 'readwrite', identityKey: false },
  { name: 'appointments', routes: appointments, tableAccess: 'readwrite', identityKey: true },
  { name: 'proximity', routes: proximity, tableAccess: 'readwrite', identityKey: false },
  { name: 'orders', routes: orders, tableAccess: 'readwrite', identityKey: true },
  { name: 'clienteling', routes: clienteling, tableAccess: 'readwrite', identityKey: true },
  { name: 'notifications', routes: notifications, tableAccess: 'readwrite', identityKey: false },
  { name: 'docs', routes: createDocsRoutes(() => allRoutes()), tableAccess: 'none', identityKey: false },
];

export function allRoutes(): Route[] {
  return contexts.flatMap((c) => c.routes);
}

export function contextRoutes(name: string): Route[] {
  const found = contexts.find((c) => c.name === name);
  if (!found) throw new Error(`No bounded context named ${name}`);
  return found.routes;
}
