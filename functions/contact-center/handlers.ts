// Adapter: thin handlers for the contact center. The use cases check who may (agents, regional
// and admin staff) and audit every read and action.

import type { z } from 'zod';
import { bookForCustomerByAgent, type bookingBodySchema } from '#shared/appointments/index.ts';
import type { customerPath, customerSearchQuery, noteBody, timelineQuery } from '#shared/contact-center/index.ts';
import * as contactCenter from '#shared/contact-center/index.ts';
import { readIdempotencyKey, replayedHeader } from '#shared/http/idempotency-key.ts';
import { type HandlerResult, ok, type Req } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type Out<S extends z.ZodType> = z.output<S>;
type CustomerPath = Out<typeof customerPath>;

const created = (result: { response: unknown; replayed: boolean }): HandlerResult => ({
  status: 201,
  body: result.response,
  headers: replayedHeader(result.replayed),
});

export async function searchCustomers(req: Req<undefined, Out<typeof customerSearchQuery>>, deps: Deps) {
  return ok(await contactCenter.searchCustomers(deps, req.actor, req.query));
}

export async function getCard(req: Req<CustomerPath>, deps: Deps) {
  return ok(await contactCenter.agentCard(deps, req.actor, req.path.customerId));
}

export async function getTimeline(req: Req<CustomerPath, Out<typeof timelineQuery>>, deps: Deps) {
  return ok(await contactCenter.customerTimeline(deps, req.actor, { ...req.path, ...req.query }));
}

export async function postNote(req: Req<CustomerPath, undefined, Out<typeof noteBody>>, deps: Deps) {
  const command = { ...req.path, ...req.body };
  return created(await contactCenter.addNote(deps, req.actor, command, readIdempotencyKey(req.headers)));
}

export async function postAppointment(req: Req<CustomerPath, undefined, Out<typeof bookingBodySchema>>, deps: Deps) {
  const command = { ...req.path, ...req.body };
  return created(await bookForCustomerByAgent(deps, req.actor, command, readIdempotencyKey(req.headers)));
}
