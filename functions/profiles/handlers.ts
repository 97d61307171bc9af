// Adapter: thin handlers for the profile context. Parse and authorize happen in the kit;
// each handler turns the request into a command, calls one use case and shapes the answer.

import type { z } from 'zod';
import { type HandlerResult, ok, type Req } from '#shared/http/route.ts';
import { attachIdentity } from '#shared/orders/index.ts';
import { requireCustomer } from '#shared/platform/actor.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import { listTimeline } from '#shared/platform/timeline.ts';
import { eraseCustomer, exportCustomer } from '#shared/privacy/index.ts';
import {
  type consentBodySchema,
  type consentPathSchema,
  ensureProfile,
  type identityBodySchema,
  type identityPathSchema,
  type LookupCommand,
  lookupCustomer,
  normalizeOrReject,
  type ProfilePatch,
  removeIdentity,
  setConsent,
  updateProfile,
} from '#shared/profiles/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';

export async function getMe(req: Req, deps: Deps) {
  return ok(await ensureProfile(deps, requireCustomer(req.actor)));
}

export async function patchMe(req: Req<undefined, undefined, ProfilePatch>, deps: Deps) {
  return ok(await updateProfile(deps, requireCustomer(req.actor), req.body));
}

/** Everything held about the signed-in customer, as a file to keep (data portability). */
export async function getMyExport(req: Req, deps: Deps): Promise<HandlerResult> {
  const document = await exportCustomer(deps, requireCustomer(req.actor));
  const day = document.exportedAt.slice(0, 10);
  return { status: 200, body: document, headers: { 'content-disposition': `attachment; filename="omnistore-export-${day}.json"` } };
}

export async function deleteMe(req: Req, deps: Deps): Promise<HandlerResult> {
  await eraseCustomer(deps, requireCustomer(req.actor));
  return { status: 204 };
}

export async function putConsent(req: Req<z.output<typeof consentPathSchema>, undefined, z.output<typeof consentBodySchema>>, deps: Deps) {
  return ok(await setConsent(deps, requireCustomer(req.actor), req.path.purpose, req.body.granted));
}

export async function putIdentity(
  req: Req<z.output<typeof identityPathSchema>, undefined, z.output<typeof identityBodySchema>>,
  deps: Deps,
) {
  const value = normalizeOrReject(deps, req.path.kind, req.body.value, 'value');
  // An identity a guest profile holds (from an order placed without an account) is taken
  // over, with its orders — only when Cognito verified that very value for this user.
  const verified = req.actor.kind === 'customer' && req.actor.verified?.[req.path.kind as 'email' | 'phone'] === value;
  return ok(await attachIdentity(deps, requireCustomer(req.actor), req.path.kind, value, { verified }));
}

export async function deleteIdentity(req: Req<z.output<typeof identityPathSchema>>, deps: Deps) {
  return ok(await removeIdentity(deps, requireCustomer(req.actor), req.path.kind));
}

export async function getTimeline(req: Req<undefined, z.output<typeof paginationQuery>>, deps: Deps) {
  return ok(await listTimeline(deps, requireCustomer(req.actor), req.query));
}

export async function postLookup(req: Req<undefined, undefined, LookupCommand>, deps: Deps) {
  return ok(await lookupCustomer(deps, req.body));
}
