// Platform: who is acting, and the one check of what they may reach. The HTTP kit builds the
// Actor once per request from the verified token claims (shared/http/principal.ts); the core
// only ever sees this type.

import { fail } from '../runtime/errors.ts';

export type StaffRole = 'associate' | 'regional' | 'admin';

/** Identities Cognito has verified for this user (from the ID token's *_verified claims). */
export type VerifiedIdentities = { email?: string; phone?: string };

/** Every scope an integration can be granted; Cognito names them `<resource server>/<scope>`. */
export const integrationScopes = ['orders/write', 'orders/read', 'inventory/write', 'catalog/write', 'customers/read'] as const;
export type Scope = (typeof integrationScopes)[number];

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'customer'; customerId: string; verified?: VerifiedIdentities }
  | { kind: 'staff'; userId: string; storeId: string | undefined; role: StaffRole }
  /** A contact-center agent: reaches every customer of the chain, no store operations. */
  | { kind: 'agent'; agentId: string }
  | { kind: 'integration'; clientId: string; scopes: string[] };

/** Who did it, as stored in events and records: `{ kind, id }`. */
export type ActorRef = { kind: 'customer' | 'staff' | 'agent' | 'integration' | 'anonymous' | 'system'; id: string };

/** The product itself acting on a timer (a pickup expiring). */
export const timersRef: ActorRef = { kind: 'system', id: 'timers' };

export function actorRef(actor: Actor): ActorRef {
  switch (actor.kind) {
    case 'customer':
      return { kind: 'customer', id: actor.customerId };
    case 'staff':
      return { kind: 'staff', id: actor.userId };
    case 'agent':
      return { kind: 'agent', id: actor.agentId };
    case 'integration':
      return { kind: 'integration', id: actor.clientId };
    default:
      return { kind: 'anonymous', id: 'anonymous' };
  }
}

/** One string per caller ("staff:u1", "client:pos"), e.g. to scope Idempotency-Keys. */
export function actorKey(actor: Actor): string {
  switch (actor.kind) {
    case 'customer':
      return `customer:${actor.customerId}`;
    case 'staff':
      return `staff:${actor.userId}`;
    case 'agent':
      return `agent:${actor.agentId}`;
    case 'integration':
      return `client:${actor.clientId}`;
    default:
      return 'anonymous';
  }
}

export type StoreAccess = {
  /** Staff roles allowed (default: every role; associates only in their own store). */
  roles?: StaffRole[];
  /** Whether integrations pass (their scope was checked by the route). Default true. */
  integrations?: boolean;
  /** The refusal's wording when the role is not allowed. */
  because?: string;
};

/**
 * The one resource-access check for store operations: staff reach their own store only,
 * regional and admin roles every store; integrations pass (the route checked their scope);
 * anyone else is refused. Without a store (a chain-wide operation) associates are refused.
 */
export function assertStoreAccess(actor: Actor, storeId: string | undefined, access: StoreAccess = {}): void {
  if (actor.kind === 'integration' && access.integrations !== false) return;
  if (actor.kind !== 'staff') throw fail.forbidden('Only store staff can do this.');
  if (access.roles && !access.roles.includes(actor.role)) {
    throw fail.forbidden(access.because ?? `This needs the ${access.roles.join(' or ')} role.`);
  }
  // No store named: a chain-wide operation, beyond an associate's reach.
  if (actor.role === 'associate' && (storeId === undefined || actor.storeId !== storeId)) {
    throw fail.forbidden(storeId === undefined ? 'Store associates cannot do this.' : `Your account is not staff of store ${storeId}.`);
  }
}

/**
 * The one check for the contact center's routes (any customer of the chain): agents, and
 * regional or admin staff; customers, associates and everyone else are refused.
 */
export function assertAgentAccess(actor: Actor): void {
  if (actor.kind === 'agent') return;
  if (actor.kind === 'staff' && actor.role !== 'associate') return;
  throw fail.forbidden('Only contact-center agents and regional or admin staff can do this.');
}

/** The signed-in customer's id, or 403 for anyone else. */
export function requireCustomer(actor: Actor): string {
  if (actor.kind !== 'customer') throw fail.forbidden('Only a signed-in customer can do this.');
  return actor.customerId;
}
