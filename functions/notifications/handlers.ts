// Adapter: thin handlers for the customer's preferences and notifications.

import type { z } from 'zod';
import type { HandlerRequest } from '#shared/http/route.ts';
import * as notifications from '#shared/notifications/index.ts';
import { requireCustomer } from '#shared/platform/actor.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type Req<Q = undefined, B = undefined> = HandlerRequest<undefined, Q, B>;

export async function getPreferences(req: Req, deps: Deps) {
  return { status: 200, body: await notifications.getPreferences(deps, requireCustomer(req.actor)) };
}

export async function putPreferences(req: Req<undefined, z.output<typeof notifications.preferencesBody>>, deps: Deps) {
  return { status: 200, body: await notifications.setPreferences(deps, requireCustomer(req.actor), req.body) };
}

export async function getNotifications(req: Req<z.output<typeof paginationQuery>>, deps: Deps) {
  return { status: 200, body: await notifications.listNotifications(deps, requireCustomer(req.actor), req.query) };
}
