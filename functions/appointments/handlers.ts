// Adapter: thin handlers for the appointments context. Parse and authenticate happen in the
// kit; each handler turns the request into a command, calls one use case, shapes the reply.

import type * as z from 'zod';
import type {
  Appointment,
  appointmentPath,
  bookingBodySchema,
  myAppointmentsQuery,
  nearbySlotsQuery,
  policyBodySchema,
  rescheduleBodySchema,
  serviceBodySchema,
  servicePath,
  slotsQuery,
  storePath,
  stylistBodySchema,
  stylistPath,
} from '#shared/appointments/index.ts';
import * as appointments from '#shared/appointments/index.ts';
import { readIdempotencyKey, replayedHeader } from '#shared/http/idempotency-key.ts';
import { type HandlerResult, ok, type Req } from '#shared/http/route.ts';
import { type Actor, assertStoreAccess, requireCustomer } from '#shared/platform/actor.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type Out<S extends z.ZodType> = z.output<S>;

/** Integrations with catalog/write (checked by the route), or store admins and regional managers. */
const assertCatalogueWriter = (actor: Actor, storeId: string) =>
  assertStoreAccess(actor, storeId, {
    roles: ['regional', 'admin'],
    because: 'Only store admins and integrations with catalog/write manage the booking catalogue.',
  });

const created = (result: { response: Appointment; replayed: boolean }): HandlerResult => ({
  status: 201,
  body: result.response,
  headers: replayedHeader(result.replayed),
});

// ── catalogue ──

export async function getCatalog(req: Req<Out<typeof storePath>>, deps: Deps) {
  return ok(await appointments.getCatalogue(deps, req.path.storeId));
}

export async function getStylists(req: Req<Out<typeof storePath>>, deps: Deps) {
  assertStoreAccess(req.actor, req.path.storeId);
  return ok(await appointments.listStylists(deps, req.path.storeId));
}

export async function putService(req: Req<Out<typeof servicePath>, undefined, Out<typeof serviceBodySchema>>, deps: Deps) {
  assertCatalogueWriter(req.actor, req.path.storeId);
  return ok(await appointments.putService(deps, req.path.storeId, req.path.serviceId, req.body));
}

export async function putStylist(req: Req<Out<typeof stylistPath>, undefined, Out<typeof stylistBodySchema>>, deps: Deps) {
  assertCatalogueWriter(req.actor, req.path.storeId);
  return ok(await appointments.putStylist(deps, req.path.storeId, req.path.stylistId, req.body));
}

export async function putPolicy(req: Req<Out<typeof storePath>, undefined, Out<typeof policyBodySchema>>, deps: Deps) {
  assertCatalogueWriter(req.actor, req.path.storeId);
  return ok(await appointments.putPolicy(deps, req.path.storeId, req.body));
}

// ── customers ──

export async function getNearbySlots(req: Req<undefined, Out<typeof nearbySlotsQuery>>, deps: Deps) {
  return ok(await appointments.findSlotsNearby(deps, req.query));
}

export async function getSlots(req: Req<Out<typeof storePath>, Out<typeof slotsQuery>>, deps: Deps) {
  return ok(await appointments.findSlots(deps, req.path.storeId, req.query));
}

export async function postAppointment(req: Req<undefined, undefined, Out<typeof bookingBodySchema>>, deps: Deps) {
  return created(await appointments.bookForCustomer(deps, req.actor, req.body, readIdempotencyKey(req.headers)));
}

export async function getMyAppointments(req: Req<undefined, Out<typeof myAppointmentsQuery>>, deps: Deps) {
  return ok(await appointments.listCustomerAppointments(deps, requireCustomer(req.actor), req.query));
}

export async function cancelAppointment(req: Req<Out<typeof appointmentPath>>, deps: Deps) {
  return ok(await appointments.cancel(deps, req.path.appointmentId, req.actor));
}

export async function rescheduleAppointment(
  req: Req<Out<typeof appointmentPath>, undefined, Out<typeof rescheduleBodySchema>>,
  deps: Deps,
) {
  return ok(await appointments.reschedule(deps, req.path.appointmentId, req.body, req.actor));
}
