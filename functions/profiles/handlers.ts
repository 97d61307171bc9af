// Adapter: thin handlers for the profile context. Parse and authorize happen in the kit;
// each handler calls the repository and shapes the response.

import type { z } from 'zod';
import { problems } from '#shared/http/problem.ts';
import type { HandlerRequest, HandlerResult } from '#shared/http/route.ts';
import { attachIdentity } from '#shared/orders/index.ts';
import { requireCustomer } from '#shared/platform/actor.ts';
import type { paginationQuery } from '#shared/platform/schemas.ts';
import { listTimeline } from '#shared/platform/timeline.ts';
import { eraseCustomer } from '#shared/privacy/index.ts';
import type {
  consentBodySchema,
  consentPathSchema,
  identityBodySchema,
  identityPathSchema,
  lookupBodySchema,
  profilePatchSchema,
} from '#shared/profiles/index.ts';
import * as profiles from '#shared/profiles/index.ts';
import { normalizeOrReject } from '#shared/profiles/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type Req<P = undefined, Q = undefined, B = undefined> = HandlerRequest<P, Q, B>;
const ok = (body: unknown): HandlerResult => ({ status: 200, body });

export async function getMe(req: Req, deps: Deps) {
  return ok(await profiles.ensureProfile(deps, requireCustomer(req.actor)));
}

export async function patchMe(req: Req<undefined, undefined, z.output<typeof profilePatchSchema>>, deps: Deps) {
  return ok(await profiles.updateProfile(deps, requireCustomer(req.actor), req.body));
}

export async function deleteMe(req: Req, deps: Deps): Promise<HandlerResult> {
  await eraseCustomer(deps, requireCustomer(req.actor));
  return { status: 204 };
}

export async function putConsent(req: Req<z.output<typeof consentPathSchema>, undefined, z.output<typeof consentBodySchema>>, deps: Deps) {
  return ok(await profiles.setConsent(deps, requireCustomer(req.actor), req.path.purpose, req.body.granted));
}

export async function putIdentity(
  req: Req<z.output<typeof identityPathSchema>, undefined, z.output<typeof identityBodySchema>>,
  deps: Deps,
) {
  const value = normalizeOrReject(deps, req.path.kind, req.body.value, 'body.value');
  // An identity a guest profile holds (from an order placed without an account) is taken
  // over, with its orders — only when Cognito verified that very value for this user.
  const verified = req.actor.kind === 'customer' && req.actor.verified?.[req.path.kind as 'email' | 'phone'] === value;
  return ok(await attachIdentity(deps, requireCustomer(req.actor), req.path.kind, value, { verified }));
}

export async function deleteIdentity(req: Req<z.output<typeof identityPathSchema>>, deps: Deps) {
  return ok(await profiles.removeIdentity(deps, requireCustomer(req.actor), req.path.kind));
}

export async function getTimeline(req: Req<undefined, z.output<typeof paginationQuery>>, deps: Deps) {
  return ok(await listTimeline(deps, requireCustomer(req.actor), req.query));
}

export async function lookupCustomer(req: Req<undefined, undefined, z.output<typeof lookupBodySchema>>, deps: Deps) {
  const { email, phone, loyalty, country } = req.body;
  const [kind, raw] = email ? (['email', email] as const) : phone ? (['phone', phone] as const) : (['loyalty', loyalty as string] as const);
  const value = normalizeOrReject(deps, kind, raw, `body.${kind}`, country);
  const customerId = await profiles.resolveIdentity(deps, kind, value);
  const profile = customerId ? await profiles.getProfile(deps, customerId) : undefined;
  if (!profile) throw problems.notFound(`No customer has this ${kind}.`);
  return ok({ customerId: profile.customerId, name: profile.name, loyaltyTier: profile.loyaltyTier, guest: profile.guest });
}
