// HTTP kit: who is calling, read only from the claims API Gateway's JWT authorizer
// validated (requestContext.authorizer.jwt.claims). The local server fills the same place.

import { problems } from './problem.ts';

export type StaffRole = 'associate' | 'regional' | 'admin';

/** Identities Cognito has verified for this user (from the ID token's *_verified claims). */
export type VerifiedIdentities = { email?: string; phone?: string };

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'customer'; customerId: string; verified?: VerifiedIdentities }
  | { kind: 'staff'; userId: string; storeId: string | undefined; role: StaffRole }
  | { kind: 'integration'; clientId: string; scopes: string[] };

/** Every scope an integration can be granted; Cognito names them `<resource server>/<scope>`. */
export const integrationScopes = [
  'orders/write',
  'orders/read',
  'inventory/write',
  'catalog/write',
  'customers/read',
] as const;
export type Scope = (typeof integrationScopes)[number];

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

export function principalFromClaims(claims: Claims | undefined): Principal {
  if (!claims || !claims.sub) return { kind: 'anonymous' };
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
  const verified: VerifiedIdentities = {};
  if (String(claims.email_verified) === 'true' && claims.email) verified.email = String(claims.email).trim().toLowerCase();
  if (String(claims.phone_number_verified) === 'true' && claims.phone_number) verified.phone = String(claims.phone_number);
  return Object.keys(verified).length ? { kind: 'customer', customerId: sub, verified } : { kind: 'customer', customerId: sub };
}

/** A route's auth requirement: public, or any of the listed principals. */
export type AuthRequirement = 'public' | Array<'customer' | 'staff' | `scope:${Scope}`>;

export function authorize(requirement: AuthRequirement, principal: Principal): void {
  if (requirement === 'public') return;
  if (principal.kind === 'anonymous') throw problems.unauthorized();
  const allowed = requirement.some((rule) => {
    if (rule === 'customer') return principal.kind === 'customer';
    if (rule === 'staff') return principal.kind === 'staff';
    return principal.kind === 'integration' && principal.scopes.includes(rule.slice('scope:'.length));
  });
  if (!allowed) throw problems.forbidden(`This endpoint is for ${describeRequirement(requirement)}.`);
}

export function describeRequirement(requirement: AuthRequirement): string {
  if (requirement === 'public') return 'anyone';
  return requirement
    .map((r) => (r === 'customer' ? 'signed-in customers' : r === 'staff' ? 'store staff' : `integrations with scope ${r.slice(6)}`))
    .join(' or ');
}

/** Staff reach their own store only; regional and admin roles reach every store. */
export function assertStoreAccess(principal: Principal, storeId: string): void {
  if (principal.kind === 'integration') return; // scope already checked by the route
  if (principal.kind !== 'staff') throw problems.forbidden('Only store staff can do this.');
  if (principal.role === 'associate' && principal.storeId !== storeId) {
    throw problems.forbidden(`Your account is not staff of store ${storeId}.`);
  }
}

export function requireCustomer(principal: Principal): string {
  if (principal.kind !== 'customer') throw problems.forbidden('Only a signed-in customer can do this.');
  return principal.customerId;
}
