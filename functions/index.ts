// The route table: every bounded context and its routes. The Lambda of each context,
// the CDK stack, the local server and the OpenAPI document are all built from this list.

import { routes as appointmentDesk } from '#functions/appointment-desk/routes.ts';
import { routes as appointments } from '#functions/appointments/routes.ts';
import { routes as catalog } from '#functions/catalog/routes.ts';
import { routes as clienteling } from '#functions/clienteling/routes.ts';
import { routes as contactCenter } from '#functions/contact-center/routes.ts';
import { docsAssetFiles, rendererFileFromPackage } from '#functions/docs/assets.ts';
import { createDocsRoutes } from '#functions/docs/routes.ts';
import { routes as inventory } from '#functions/inventory/routes.ts';
import { routes as notifications } from '#functions/notifications/routes.ts';
import { routes as orderCare } from '#functions/order-care/routes.ts';
import { routes as orderPlacing } from '#functions/order-placing/routes.ts';
import { routes as orders } from '#functions/orders/routes.ts';
import { routes as profiles } from '#functions/profiles/routes.ts';
import { routes as proximity } from '#functions/proximity/routes.ts';
import { openApiDocument } from '#shared/http/openapi.ts';
import type { Route } from '#shared/http/route.ts';

export type BoundedContext = {
  /** Also the folder holding its Lambda entry: functions/<name>/lambda.ts */
  name: string;
  routes: Route[];
  /** Least privilege: what the context's Lambda may do to the table. */
  tableAccess: 'none' | 'read' | 'readwrite';
  /** Whether it hashes identities (reads the identity key secret). */
  identityKey: boolean;
  /** Files its Lambda asset holds beside the code (name → source path), copied in at synth. */
  assetFiles?: () => Record<string, string>;
};

export const contexts: BoundedContext[] = [
  { name: 'profiles', routes: profiles, tableAccess: 'readwrite', identityKey: true },
  { name: 'inventory', routes: inventory, tableAccess: 'readwrite', identityKey: false },
  { name: 'appointments', routes: appointments, tableAccess: 'readwrite', identityKey: true },
  { name: 'appointment-desk', routes: appointmentDesk, tableAccess: 'readwrite', identityKey: true },
  { name: 'proximity', routes: proximity, tableAccess: 'readwrite', identityKey: false },
  { name: 'order-placing', routes: orderPlacing, tableAccess: 'readwrite', identityKey: true },
  { name: 'orders', routes: orders, tableAccess: 'readwrite', identityKey: true },
  { name: 'order-care', routes: orderCare, tableAccess: 'readwrite', identityKey: true },
  { name: 'catalog', routes: catalog, tableAccess: 'readwrite', identityKey: false },
  { name: 'clienteling', routes: clienteling, tableAccess: 'readwrite', identityKey: true },
  { name: 'contact-center', routes: contactCenter, tableAccess: 'readwrite', identityKey: true },
  { name: 'notifications', routes: notifications, tableAccess: 'readwrite', identityKey: false },
  {
    name: 'docs',
    routes: createDocsRoutes({ openapi: async () => apiDocument(), rendererFile: rendererFileFromPackage }),
    tableAccess: 'none',
    identityKey: false,
    assetFiles: () => docsAssetFiles(apiDocument()),
  },
];

/** The OpenAPI document of the whole route table: served locally, built into the docs function's asset at synth. */
export function apiDocument() {
  return openApiDocument(allRoutes(), {
    title: 'omnistore',
    version: '1',
    description:
      'The physical store as one more channel of one customer relationship: stores and live stock, pickup reservations, stylist appointments, beacon presence and offers, orders from every channel, the store tablet and the contact center. Errors are RFC 9457 problem+json; `status` is always the HTTP status. Retried writes are safe: `Idempotency-Key` on creates, event ids on feeds, the channel order id on orders; a repeat that arrives while the first is still in flight gets 409 `request-in-progress` with `Retry-After`.',
  });
}

export function allRoutes(): Route[] {
  return contexts.flatMap((c) => c.routes);
}
