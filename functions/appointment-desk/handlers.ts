// Adapter: thin handlers for the store's appointment desk. Route-level authorization (staff)
// happens in the kit; the store is checked here or by the use case against the appointment read.

import type * as z from 'zod';
import type { agendaQuery, appointmentPath, storePath, walkInBodySchema } from '#shared/appointments/index.ts';
import * as appointments from '#shared/appointments/index.ts';
import { readIdempotencyKey, replayedHeader } from '#shared/http/idempotency-key.ts';
import { ok, type Req } from '#shared/http/route.ts';
import { assertStoreAccess } from '#shared/platform/actor.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type Out<S extends z.ZodType> = z.output<S>;

export async function getAgenda(req: Req<Out<typeof storePath>, Out<typeof agendaQuery>>, deps: Deps) {
  assertStoreAccess(req.actor, req.path.storeId);
  return ok(await appointments.agenda(deps, req.path.storeId, req.query.date));
}

export async function postWalkIn(req: Req<Out<typeof storePath>, undefined, Out<typeof walkInBodySchema>>, deps: Deps) {
  const command = { storeId: req.path.storeId, ...req.body };
  const { response, replayed } = await appointments.bookWalkIn(deps, req.actor, command, readIdempotencyKey(req.headers));
  return { status: 201, body: response, headers: replayedHeader(replayed) };
}

export async function completeAppointment(req: Req<Out<typeof appointmentPath>>, deps: Deps) {
  return ok(await appointments.markOutcome(deps, req.path.appointmentId, 'completed', req.actor));
}

export async function noShowAppointment(req: Req<Out<typeof appointmentPath>>, deps: Deps) {
  return ok(await appointments.markOutcome(deps, req.path.appointmentId, 'no_show', req.actor));
}
