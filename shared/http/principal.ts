// HTTP kit: who is calling, read only from the claims API Gateway's JWT authorizer
// validated (requestContext.authorizer.jwt.claims), turned once into the core's Actor.
// The local server fills the same place.

import type { Actor, Scope, VerifiedIdentities } from '../platform/actor.ts';
import { problems } from './problem.ts';

export type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * API Gateway passes claims as strings; arrays arrive as "[a b]". Accept both that and
 * real arrays so tokens verified locally and in AWS read the same.
 */
export function claimList(value: Claims[string]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter(Boolean);
}

export function actorFromClaims(claims: Claims | undefined): Actor {
  if (!claims?.sub) return { kind: 'anonymous' };
  const sub = String(claims.sub);
  const groups = claimList(claims['cognito:groups']);
  const isUser = claims['cognito:username'] !== undefined || claims.username !== undefined;

  if (!isUser && claims.scope !== undefined) {
    return { kind: 'integration', clientId: String(claims.client_id ?? sub), scopes: claimList(claims.scope) };
  }
  if (groups.includes('staff')) {
    const role = String(claims['custom:role'] ?? 'associate');
    return {
      kind: 'staff',
      userId: sub,
      storeId: claims['custom:storeId'] === undefined ? undefined : String(claims['custom:storeId']),
      role: role === 'regional' || role === 'admin' ? role : 'associate',
    };
  }
  if (groups.includes('agents')) return { kind: 'agent', agentId: sub };
  const verified: VerifiedIdentities = {};
  if (String(claims.email_verified) === 'true' && claims.email) verified.email = String(claims.email).trim().toLowerCase();
  if (String(claims.phone_number_verified) === 'true' && claims.phone_number) verified.phone = String(claims.phone_number);
  return Object.keys(verified).length ? { kind: 'customer', customerId: sub, verified } : { kind: 'customer', customerId: sub };
}

/** A route's auth requirement: public, or any of the listed principals. */
export type AuthRequirement = 'public' | Array<'customer' | 'staff' | 'agent' | `scope:${Scope}`>;

export function authorize(requirement: AuthRequirement, principal: Actor): void {
  if (requirement === 'public') return;
  if (principal.kind === 'anonymous') throw problems.unauthorized();
  const allowed = requirement.some((rule) => {
    if (rule === 'customer') return principal.kind === 'customer';
    if (rule === 'staff') return principal.kind === 'staff';
    if (rule === 'agent') return principal.kind === 'agent';
    return principal.kind === 'integration' && principal.scopes.includes(rule.slice('scope:'.length));
  });
  if (!allowed) throw problems.forbidden(`This endpoint is for ${describeRequirement(requirement)}.`);
}

export function describeRequirement(requirement: AuthRequirement): string {
  if (requirement === 'public') return 'anyone';
  return requirement
    .map((r) => {
      if (r === 'customer') return 'signed-in customers';
      if (r === 'staff') return 'store staff';
      if (r === 'agent') return 'contact-center agents';
      return `integrations with scope ${r.slice(6)}`;
    })
    .join(' or ');
}
