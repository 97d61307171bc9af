// Adapter: thin handlers for the appointments context. Parse and authorize happen in the
// kit; each handler checks who may touch which store, calls the repository, shapes the reply.

import type * as z from 'zod';
import type {
  Appointment,
  agendaQuery,
  appointmentPath,
  bookingBodySchema,
  myAppointmentsQuery,
  policyBodySchema,
  rescheduleBodySchema,
  serviceBodySchema,
  servicePath,
  slotsQuery,
  storePath,
  stylistBodySchema,
  stylistPath,
  walkInBodySchema,
} from '#shared/appointments/index.ts';
import * as appointments from '#shared/appointments/index.ts';
import { readIdempotencyKey } from '#shared/http/idempotency-key.ts';
import { problems } from '#shared/http/problem.ts';
import type { HandlerRequest, HandlerResult } from '#shared/http/route.ts';
import { type Actor, assertStoreAccess, requireCustomer } from '#shared/platform/actor.ts';
import { idempotent } from '#shared/platform/idempotency.ts';
import { normalizeOrReject, resolveIdentity } from '#shared/profiles/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type Req<P = undefined, Q = undefined, B = undefined> = HandlerRequest<P, Q, B>;
type Out<S extends z.ZodType> = z.output<S>;
const ok = (body: unknown): HandlerResult => ({ status: 200, body });

/** Integrations with catalog/write, or store admins / regional managers (not associates). */
function assertCatalogWriter(principal: Actor, storeId: string) {
  if (principal.kind === 'staff' && principal.role === 'associate') {
    throw problems.forbidden('Only store admins and integrations with catalog/write manage the booking catalogue.');
  }
  assertStoreAccess(principal, storeId);
}

function actorOf(principal: Actor): appointments.Actor {
  if (principal.kind === 'customer') return { kind: 'customer', customerId: principal.customerId };
  if (principal.kind === 'staff')
    return { kind: 'staff', userId: principal.userId, assertStore: (storeId) => assertStoreAccess(principal, storeId) };
  throw problems.forbidden("Only the customer or the store's staff can do this.");
}

const created = (result: { response: Appointment; replayed: boolean }): HandlerResult => ({
  status: 201,
  body: result.response,
  headers: result.replayed ? { 'idempotent-replayed': 'true' } : {},
});

// ── catalogue ──

export async function getCatalog(req: Req<Out<typeof storePath>>, deps: Deps) {
  return ok(await appointments.getCatalog(deps, req.path.storeId));
}

export async function getStylists(req: Req<Out<typeof storePath>>, deps: Deps) {
  assertStoreAccess(req.actor, req.path.storeId);
  return ok(await appointments.listStylists(deps, req.path.storeId));
}

export async function putService(req: Req<Out<typeof servicePath>, undefined, Out<typeof serviceBodySchema>>, deps: Deps) {
  assertCatalogWriter(req.actor, req.path.storeId);
  return ok(await appointments.putService(deps, req.path.storeId, req.path.serviceId, req.body));
}

export async function putStylist(req: Req<Out<typeof stylistPath>, undefined, Out<typeof stylistBodySchema>>, deps: Deps) {
  assertCatalogWriter(req.actor, req.path.storeId);
  return ok(await appointments.putStylist(deps, req.path.storeId, req.path.stylistId, req.body));
}

export async function putPolicy(req: Req<Out<typeof storePath>, undefined, Out<typeof policyBodySchema>>, deps: Deps) {
  assertCatalogWriter(req.actor, req.path.storeId);
  return ok(await appointments.putPolicy(deps, req.path.storeId, req.body));
}

// ── customers ──

export async function getSlots(req: Req<Out<typeof storePath>, Out<typeof slotsQuery>>, deps: Deps) {
  return ok(await appointments.findSlots(deps, req.path.storeId, req.query));
}

export async function postAppointment(req: Req<undefined, undefined, Out<typeof bookingBodySchema>>, deps: Deps) {
  const customerId = requireCustomer(req.actor);
  const result = await idempotent<Appointment>(deps, {
    scope: `appointment:${customerId}`,
    key: readIdempotencyKey(req.headers),
    request: req.body,
    run: (record) =>
      appointments.book(
        deps,
        {
          ...req.body,
          customerId,
          bookedBy: 'customer',
          fields: { storeId: 'body.storeId', serviceId: 'body.serviceId', start: 'body.start', stylistId: 'body.stylistId' },
        },
        record,
      ),
  });
  return created(result);
}

export async function getMyAppointments(req: Req<undefined, Out<typeof myAppointmentsQuery>>, deps: Deps) {
  return ok(await appointments.listCustomerAppointments(deps, requireCustomer(req.actor), req.query));
}

export async function cancelAppointment(req: Req<Out<typeof appointmentPath>>, deps: Deps) {
  return ok(await appointments.cancel(deps, req.path.appointmentId, actorOf(req.actor)));
}

export async function rescheduleAppointment(
  req: Req<Out<typeof appointmentPath>, undefined, Out<typeof rescheduleBodySchema>>,
  deps: Deps,
) {
  return ok(await appointments.reschedule(deps, req.path.appointmentId, req.body, actorOf(req.actor)));
}

// ── store staff ──

export async function getAgenda(req: Req<Out<typeof storePath>, Out<typeof agendaQuery>>, deps: Deps) {
  assertStoreAccess(req.actor, req.path.storeId);
  return ok(await appointments.agenda(deps, req.path.storeId, req.query.date));
}

export async function postWalkIn(req: Req<Out<typeof storePath>, undefined, Out<typeof walkInBodySchema>>, deps: Deps) {
  const { storeId } = req.path;
  assertStoreAccess(req.actor, storeId);
  const { customer, ...booking } = req.body;
  const [kind, raw] = customer.email
    ? (['email', customer.email] as const)
    : customer.phone
      ? (['phone', customer.phone] as const)
      : (['loyalty', customer.loyalty as string] as const);
  const value = normalizeOrReject(deps, kind, raw, `body.customer.${kind}`, customer.country);
  const customerId = await resolveIdentity(deps, kind, value);
  if (!customerId) throw problems.notFound(`No customer has this ${kind}; ask them to sign up, or look them up another way.`);
  const staffId = req.actor.kind === 'staff' ? req.actor.userId : 'integration';
  const result = await idempotent<Appointment>(deps, {
    scope: `appointment-walk-in:${storeId}:${staffId}`,
    key: readIdempotencyKey(req.headers),
    request: req.body,
    run: (record) =>
      appointments.book(
        deps,
        {
          ...booking,
          storeId,
          customerId,
          bookedBy: 'staff',
          fields: { serviceId: 'body.serviceId', start: 'body.start', stylistId: 'body.stylistId' },
        },
        record,
      ),
  });
  return created(result);
}

export async function completeAppointment(req: Req<Out<typeof appointmentPath>>, deps: Deps) {
  return ok(await appointments.markOutcome(deps, req.path.appointmentId, 'completed', actorOf(req.actor)));
}

export async function noShowAppointment(req: Req<Out<typeof appointmentPath>>, deps: Deps) {
  return ok(await appointments.markOutcome(deps, req.path.appointmentId, 'no_show', actorOf(req.actor)));
}
